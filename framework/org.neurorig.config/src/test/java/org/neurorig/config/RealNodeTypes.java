package org.neurorig.config;

import static org.neurorig.config.ParamType.BOOLEAN;
import static org.neurorig.config.ParamType.DOUBLE;
import static org.neurorig.config.ParamType.INTEGER;
import static org.neurorig.config.ParamType.LONG;
import static org.neurorig.config.ParamType.STRING;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.neurorig.api.Kind;

/**
 * The node types of the plugins and adapters in this repository, exactly as their bundles declare
 * them ({@code @NodeType} and metatype: keys, defaults, min/max, options, ports, arity, rules), so
 * that config's tests check files against what users run. Config cannot read the bundles itself
 * (their tests use the test kit, which uses config); the launcher's {@code TestCatalogDriftTest}
 * compares this list with the built bundles and prints the entry to paste when one differs.
 */
public final class RealNodeTypes {
    private RealNodeTypes() {
    }

    public static List<NodeType> all() {
        List<NodeType> t = new ArrayList<>();
        t.add(new NodeType("calcium.deconvolve", Role.PROCESSOR, List.of(
                p("tauS", DOUBLE, 0, true, List.of("0.7"), "0.01", "100", List.of()),
                p("minSpike", DOUBLE, 0, true, List.of("0.0"), "0", "1000", List.of()),
                p("lagS", DOUBLE, 0, true, List.of("0.2"), "0", "60", List.of()),
                p("delayMs", DOUBLE, 0, true, List.of("0.0"), "0", "1000", List.of()),
                p("baselineWindowS", DOUBLE, 0, true, List.of("30.0"), "0", "3600", List.of()),
                p("baselinePercentile", DOUBLE, 0, true, List.of("8.0"), "0", "100", List.of())),
                ports("spikes:CONTINUOUS_F32@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("calcium.dff", Role.PROCESSOR, List.of(
                p("windowS", DOUBLE, 0, true, List.of("60.0"), "0.1", "3600", List.of()),
                p("percentile", DOUBLE, 0, true, List.of("8.0"), "0", "100", List.of())),
                ports("out:CONTINUOUS_F32@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("channels.map", Role.PROCESSOR, List.of(
                p("channels", STRING, 0, false, List.of(), null, null, List.of()),
                p("positions", STRING, 0, false, List.of(), null, null, List.of()),
                p("sortBy", STRING, 0, true, List.of("none"), null, null, List.of("none", "y", "x")),
                p("names", STRING, 0, false, List.of(), null, null, List.of())),
                ports("out:=@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32", "MATRIX_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("channels.select", Role.PROCESSOR, List.of(
                p("channels", STRING, 0, true, List.of(), null, null, List.of())),
                ports("out:=@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32", "MATRIX_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("filter.bandpass", Role.PROCESSOR, List.of(
                p("lowHz", DOUBLE, 0, true, List.of("300.0"), "0.001", "500000", List.of()),
                p("highHz", DOUBLE, 0, true, List.of("6000.0"), "0.001", "500000", List.of()),
                p("order", INTEGER, 0, true, List.of("3"), "1", "8", List.of())),
                ports("out:CONTINUOUS_F32@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "lossless",
                List.of("lowHz < highHz", "highHz < input.rate / 2"), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("filter.car", Role.PROCESSOR, List.of(
                p("mode", STRING, 0, true, List.of("mean"), null, null, List.of("mean", "median")),
                p("groups", STRING, 2147483647, false, List.of(), null, null, List.of()),
                p("badChannels", STRING, 0, false, List.of(), null, null, List.of())),
                ports("out:CONTINUOUS_F32@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("filter.decimate", Role.PROCESSOR, List.of(
                p("outputHz", DOUBLE, 0, true, List.of("1000.0"), "0.001", "500000", List.of()),
                p("order", INTEGER, 0, true, List.of("8"), "2", "12", List.of())),
                ports("out:CONTINUOUS_F32@config:outputHz"), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "lossless",
                List.of("outputHz * 2 <= input.rate"), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("gain.scale", Role.PROCESSOR, List.of(
                p("gain", DOUBLE, 0, true, List.of("1.0"), "-1000", "1000", List.of())),
                ports("out:=@="), kinds("CONTINUOUS_F32", "CONTINUOUS_I16"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of("filter.gain"), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("filter.highpass", Role.PROCESSOR, List.of(
                p("lowHz", DOUBLE, 0, true, List.of("300.0"), "0.001", "500000", List.of()),
                p("order", INTEGER, 0, true, List.of("3"), "1", "8", List.of())),
                ports("out:CONTINUOUS_F32@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "lossless",
                List.of("lowHz < input.rate / 2"), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("filter.lowpass", Role.PROCESSOR, List.of(
                p("highHz", DOUBLE, 0, true, List.of("300.0"), "0.001", "500000", List.of()),
                p("order", INTEGER, 0, true, List.of("3"), "1", "8", List.of())),
                ports("out:CONTINUOUS_F32@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "lossless",
                List.of("highHz < input.rate / 2"), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("filter.notch", Role.PROCESSOR, List.of(
                p("hz", DOUBLE, 0, true, List.of("50.0"), "0.001", "500000", List.of()),
                p("q", DOUBLE, 0, true, List.of("30.0"), "0.1", "1000", List.of()),
                p("harmonics", INTEGER, 0, true, List.of("1"), "1", "20", List.of())),
                ports("out:CONTINUOUS_F32@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "lossless",
                List.of("hz * harmonics < input.rate / 2"), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("model.decode.kalman", Role.PROCESSOR, List.of(
                p("state", STRING, 0, true, List.of(), null, null, List.of()),
                p("lag", INTEGER, 0, true, List.of("0"), "0", "100", List.of()),
                p("calibrationRows", INTEGER, 0, true, List.of("0"), "0", "100000000", List.of()),
                p("maxSkewRows", INTEGER, 0, true, List.of("65536"), "16", "10000000", List.of())),
                ports("out:MATRIX_F32@="), kinds("MATRIX_F32"), true, "lossless",
                List.of(), Set.of(), Set.of(), 2, 2, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("model.decode.ridge", Role.PROCESSOR, List.of(
                p("minLag", INTEGER, 0, true, List.of("0"), "0", "100", List.of()),
                p("maxLag", INTEGER, 0, true, List.of("4"), "0", "100", List.of()),
                p("lambdas", STRING, 0, true, List.of("1\\,10\\,100\\,1000"), null, null, List.of()),
                p("folds", INTEGER, 0, true, List.of("5"), "2", "20", List.of()),
                p("foldRows", INTEGER, 0, true, List.of("3000"), "1", "1000000", List.of()),
                p("fitEvery", INTEGER, 0, true, List.of("3000"), "0", "100000000", List.of()),
                p("chunkRows", INTEGER, 0, true, List.of("4096"), "16", "1048576", List.of()),
                p("maxSkewRows", INTEGER, 0, true, List.of("65536"), "16", "10000000", List.of())),
                ports("out:MATRIX_F32@=", "r2:MATRIX_F32@0"), kinds("MATRIX_F32"), true, "lossless",
                List.of("minLag <= maxLag"), Set.of(), Set.of(), 2, 2, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("model.encoding.compare", Role.PROCESSOR, List.of(
                p("sets", STRING, 0, true, List.of(), null, null, List.of()),
                p("labels", STRING, 0, true, List.of(), null, null, List.of()),
                p("minLag", INTEGER, 0, true, List.of("0"), "-100", "100", List.of()),
                p("maxLag", INTEGER, 0, true, List.of("0"), "-100", "100", List.of()),
                p("lambdas", STRING, 0, true, List.of("0.1\\,1\\,10\\,100\\,1000\\,10000"), null, null, List.of()),
                p("folds", INTEGER, 0, true, List.of("5"), "2", "20", List.of()),
                p("foldRows", INTEGER, 0, true, List.of("3000"), "1", "1000000", List.of()),
                p("fitEvery", INTEGER, 0, true, List.of("3000"), "0", "100000000", List.of()),
                p("chunkRows", INTEGER, 0, true, List.of("4096"), "16", "1048576", List.of()),
                p("maxSkewRows", INTEGER, 0, true, List.of("65536"), "16", "10000000", List.of())),
                ports("r2:MATRIX_F32@0", "best:MATRIX_F32@0", "fraction:MATRIX_F32@0"), kinds("EVENTS", "MATRIX_F32"), true, "lossless",
                List.of("minLag <= maxLag"), Set.of(), Set.of(), 3, Integer.MAX_VALUE, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("model.encoding.ridge", Role.PROCESSOR, List.of(
                p("minLag", INTEGER, 0, true, List.of("0"), "-100", "100", List.of()),
                p("maxLag", INTEGER, 0, true, List.of("0"), "-100", "100", List.of()),
                p("lambdas", STRING, 0, true, List.of("0.1\\,1\\,10\\,100\\,1000\\,10000"), null, null, List.of()),
                p("folds", INTEGER, 0, true, List.of("5"), "2", "20", List.of()),
                p("foldRows", INTEGER, 0, true, List.of("3000"), "1", "1000000", List.of()),
                p("fitEvery", INTEGER, 0, true, List.of("3000"), "0", "100000000", List.of()),
                p("chunkRows", INTEGER, 0, true, List.of("4096"), "16", "1048576", List.of()),
                p("maxSkewRows", INTEGER, 0, true, List.of("65536"), "16", "10000000", List.of()),
                p("saveDir", STRING, 0, true, List.of(), null, null, List.of())),
                ports("pred:MATRIX_F32@=", "r2:MATRIX_F32@0"), kinds("MATRIX_F32"), true, "lossless",
                List.of("minLag <= maxLag"), Set.of("saveDir"), Set.of(), 2, 2, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("model.pca", Role.PROCESSOR, List.of(
                p("components", INTEGER, 0, true, List.of("3"), "1", "1000", List.of()),
                p("refitEvery", INTEGER, 0, true, List.of("1000"), "0", "100000000", List.of()),
                p("chunkRows", INTEGER, 0, true, List.of("1024"), "16", "1048576", List.of())),
                ports("proj:MATRIX_F32@=", "variance:MATRIX_F32@0"), kinds("CONTINUOUS_F32", "MATRIX_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("model.selectivity", Role.PROCESSOR, List.of(
                p("conditionA", STRING, 0, true, List.of("A"), null, null, List.of()),
                p("conditionB", STRING, 0, true, List.of("B"), null, null, List.of()),
                p("emitEvery", INTEGER, 0, true, List.of("30"), "1", "1000000", List.of())),
                ports("proj:MATRIX_F32@=", "dprime:MATRIX_F32@0", "cd:MATRIX_F32@0"), kinds("CONTINUOUS_F32", "EVENTS", "MATRIX_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 2, 2, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("playback.binned", Role.SOURCE, List.of(
                p("path", STRING, 0, true, List.of(), null, null, List.of()),
                p("counts", STRING, 0, true, List.of("spikes"), null, null, List.of()),
                p("behaviour", STRING, 16, true, List.of(), null, null, List.of()),
                p("orientation", STRING, 0, true, List.of("auto"), null, null, List.of("auto", "rows", "columns")),
                p("binSeconds", DOUBLE, 0, true, List.of("0.0"), "0", "3600", List.of()),
                p("timeVariable", STRING, 0, true, List.of("time"), null, null, List.of()),
                p("timeField", STRING, 0, true, List.of("time"), null, null, List.of()),
                p("pace", STRING, 0, true, List.of("realtime"), null, null, List.of("realtime", "fast")),
                p("loop", BOOLEAN, 0, true, List.of("false"), null, null, List.of()),
                p("blockRows", INTEGER, 0, true, List.of("1"), "1", "65536", List.of())),
                ports("counts:MATRIX_F32", "behaviour:MATRIX_F32"), kinds(), false, "lossless",
                List.of("fixed: blockRows"), Set.of("path"), Set.of(), 0, 0, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("playback.openephys", Role.SOURCE, List.of(
                p("path", STRING, 0, true, List.of(), null, null, List.of()),
                p("stream", STRING, 0, true, List.of(""), null, null, List.of()),
                p("pace", STRING, 0, true, List.of("realtime"), null, null, List.of("realtime", "fast")),
                p("loop", BOOLEAN, 0, true, List.of("false"), null, null, List.of()),
                p("blockSamples", INTEGER, 0, true, List.of("400"), "1", "65536", List.of())),
                ports("out:CONTINUOUS_I16", "events:EVENTS"), kinds(), false, "lossless",
                List.of("fixed: blockSamples"), Set.of("path"), Set.of(), 0, 0, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("playback.spikeglx", Role.SOURCE, List.of(
                p("path", STRING, 0, true, List.of(), null, null, List.of()),
                p("pace", STRING, 0, true, List.of("realtime"), null, null, List.of("realtime", "fast")),
                p("loop", BOOLEAN, 0, true, List.of("false"), null, null, List.of()),
                p("blockSamples", INTEGER, 0, true, List.of("300"), "1", "65536", List.of())),
                ports("out:CONTINUOUS_I16"), kinds(), false, "lossless",
                List.of("fixed: blockSamples"), Set.of("path"), Set.of(), 0, 0, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("rates.smooth", Role.PROCESSOR, List.of(
                p("kernel", STRING, 0, true, List.of("gaussian"), null, null, List.of("gaussian", "exponential")),
                p("widthMs", DOUBLE, 0, true, List.of("100.0"), "0.001", "600000", List.of())),
                ports("out:=@="), kinds("CONTINUOUS_F32", "MATRIX_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("rates.zscore", Role.PROCESSOR, List.of(
                p("windowS", DOUBLE, 0, true, List.of("60.0"), "0.001", "86400", List.of())),
                ports("out:=@="), kinds("CONTINUOUS_F32", "MATRIX_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("record.openephys", Role.SINK, List.of(
                p("dir", STRING, 0, true, List.of(), null, null, List.of()),
                p("recordNodeId", INTEGER, 0, true, List.of("101"), "1", "9999", List.of()),
                p("flushSeconds", DOUBLE, 0, true, List.of("1.0"), "0.01", "3600", List.of()),
                p("minFreeBytes", LONG, 0, true, List.of("268435456"), "0", "1125899906842624", List.of()),
                p("floatBitVolts", DOUBLE, 0, true, List.of("0.195"), "0.000001", "1000000", List.of())),
                ports(), kinds("CONTINUOUS_I16", "CONTINUOUS_F32", "EVENTS", "SPIKES"), false, "lossless",
                List.of(), Set.of("dir"), Set.of("recorder"), 1, Integer.MAX_VALUE, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("sim.ephys", Role.SOURCE, List.of(
                p("probes", INTEGER, 0, true, List.of("1"), "1", "16", List.of()),
                p("units", INTEGER, 0, true, List.of("32"), "0", "1000", List.of()),
                p("seed", LONG, 0, true, List.of("1"), null, null, List.of()),
                p("pace", STRING, 0, true, List.of("realtime"), null, null, List.of("realtime", "fast")),
                p("blockSamples", INTEGER, 0, true, List.of("30"), "1", "30000", List.of()),
                p("noiseUv", DOUBLE, 0, true, List.of("10.0"), "0", "1000", List.of()),
                p("samples", LONG, 0, true, List.of("0"), "0", null, List.of()),
                p("groundTruth", STRING, 0, false, List.of(), null, null, List.of())),
                ports("ap:CONTINUOUS_I16@30000", "lfp:CONTINUOUS_I16@2500", "ttl:EVENTS@30000"), kinds(), false, "lossless",
                List.of("probes * blockSamples <= 30000", "fixed: probes, blockSamples"), Set.of("groundTruth"), Set.of(), 0, 0, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("sim.handwriting", Role.SOURCE, List.of(
                p("channels", INTEGER, 0, true, List.of("96"), "96", "192", List.of()),
                p("featureFraction", DOUBLE, 0, true, List.of("0.5"), "0", "1", List.of()),
                p("binMs", DOUBLE, 0, true, List.of("20.0"), "1", "1000", List.of()),
                p("characters", STRING, 0, false, List.of(), null, null, List.of()),
                p("holdMs", DOUBLE, 0, true, List.of("300.0"), "0", "60000", List.of()),
                p("restMs", DOUBLE, 0, true, List.of("500.0"), "0", "60000", List.of()),
                p("seed", LONG, 0, true, List.of("1"), null, null, List.of()),
                p("pace", STRING, 0, true, List.of("realtime"), null, null, List.of("realtime", "fast")),
                p("bins", LONG, 0, true, List.of("0"), "0", null, List.of()),
                p("groundTruth", STRING, 0, false, List.of(), null, null, List.of())),
                ports("counts:MATRIX_F32@1000/config:binMs", "kinematics:MATRIX_F32@1000/config:binMs", "markers:EVENTS@1000/config:binMs"), kinds(), false, "lossless",
                List.of("fixed: channels"), Set.of("groundTruth"), Set.of(), 0, 0, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("sim.sine", Role.SOURCE, List.of(
                p("channels", INTEGER, 0, true, List.of("8"), "1", "4096", List.of()),
                p("rate", DOUBLE, 0, true, List.of("30000.0"), "0.01", "1000000", List.of()),
                p("blockSamples", INTEGER, 0, true, List.of("30"), "1", "65536", List.of()),
                p("kind", STRING, 0, true, List.of("int16"), null, null, List.of("int16", "float32")),
                p("amplitude", DOUBLE, 0, true, List.of("1000.0"), "0", "1000000", List.of()),
                p("frequency", DOUBLE, 0, true, List.of("10.0"), "0", "1000000", List.of()),
                p("pace", STRING, 0, true, List.of("realtime"), null, null, List.of("realtime", "fast")),
                p("samples", LONG, 0, true, List.of("0"), "0", null, List.of())),
                ports("out:config:kind@config:rate"), kinds(), false, null,
                List.of("channels * blockSamples <= 1048576", "frequency <= rate / 2", "fixed: channels, blockSamples")));
        t.add(new NodeType("sim.ttl-out", Role.SINK, List.of(
                p("file", STRING, 0, false, List.of(), null, null, List.of()),
                p("edges", STRING, 0, true, List.of("rising"), null, null, List.of("rising", "falling", "both")),
                p("line", INTEGER, 0, true, List.of("-1"), "-1", "63", List.of()),
                p("warmupMs", DOUBLE, 0, true, List.of("0.0"), "0", "3600000", List.of()),
                p("logTriggers", INTEGER, 0, true, List.of("100000"), "0", "10000000", List.of())),
                ports(), kinds("EVENTS"), false, "lossless",
                List.of(), Set.of("file"), Set.of(), 1, Integer.MAX_VALUE, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("sim.twophoton", Role.SOURCE, List.of(
                p("neurons", INTEGER, 0, true, List.of("10000"), "1000", "100000", List.of()),
                p("rateHz", DOUBLE, 0, true, List.of("30.0"), "3", "30", List.of()),
                p("textures", STRING, 0, false, List.of("leaf1\\,circle1"), null, null, List.of()),
                p("rewardTexture", STRING, 0, false, List.of("leaf1"), null, null, List.of()),
                p("selectiveFraction", DOUBLE, 0, true, List.of("0.1"), "0", "1", List.of()),
                p("dPrime", DOUBLE, 0, true, List.of("1.0"), "0", "10", List.of()),
                p("rampFraction", DOUBLE, 0, true, List.of("0.05"), "0", "1", List.of()),
                p("seed", LONG, 0, true, List.of("1"), null, null, List.of()),
                p("pace", STRING, 0, true, List.of("realtime"), null, null, List.of("realtime", "fast")),
                p("frames", LONG, 0, true, List.of("0"), "0", null, List.of()),
                p("groundTruth", STRING, 0, false, List.of(), null, null, List.of())),
                ports("dff:CONTINUOUS_F32@config:rateHz", "behaviour:MATRIX_F32@config:rateHz", "trials:EVENTS@config:rateHz"), kinds(), false, "lossless",
                List.of("fixed: neurons"), Set.of("groundTruth"), Set.of(), 0, 0, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("sink.count", Role.SINK, List.of(
                p("file", STRING, 0, false, List.of(), null, null, List.of())),
                ports(), kinds(), false, "lossless",
                List.of(), Set.of("file"), Set.of(), 1, Integer.MAX_VALUE, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("spikes.bin", Role.PROCESSOR, List.of(
                p("binMs", DOUBLE, 0, true, List.of("50.0"), "0.01", "60000", List.of())),
                ports("bins:MATRIX_F32@1000/config:binMs"), kinds("SPIKES"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("spikes.threshold", Role.PROCESSOR, List.of(
                p("k", DOUBLE, 0, true, List.of("4.5"), "0.5", "100", List.of()),
                p("thresholdUv", DOUBLE, 0, true, List.of("0.0"), "0", "100000", List.of()),
                p("sign", STRING, 0, true, List.of("negative"), null, null, List.of("negative", "positive", "both")),
                p("refractoryMs", DOUBLE, 0, true, List.of("1.0"), "0", "1000", List.of()),
                p("noiseWindowS", DOUBLE, 0, true, List.of("1.0"), "0.01", "600", List.of()),
                p("noiseRefreshS", DOUBLE, 0, true, List.of("10.0"), "0.01", "3600", List.of()),
                p("waveforms", BOOLEAN, 0, true, List.of("false"), null, null, List.of()),
                p("preSamples", INTEGER, 0, true, List.of("8"), "0", "1000", List.of()),
                p("postSamples", INTEGER, 0, true, List.of("32"), "1", "1000", List.of()),
                p("alignToPeak", BOOLEAN, 0, true, List.of("false"), null, null, List.of()),
                p("peakWindowMs", DOUBLE, 0, true, List.of("0.5"), "0", "10", List.of())),
                ports("spikes:SPIKES@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("trigger.threshold", Role.PROCESSOR, List.of(
                p("channel", INTEGER, 0, true, List.of("0"), "0", "65535", List.of()),
                p("level", DOUBLE, 0, true, List.of("-50.0"), "-1000000000", "1000000000", List.of()),
                p("direction", STRING, 0, true, List.of("falling"), null, null, List.of("falling", "rising")),
                p("refractoryMs", DOUBLE, 0, true, List.of("1.0"), "0", "60000", List.of()),
                p("line", INTEGER, 0, true, List.of("0"), "0", "63", List.of())),
                ports("out:EVENTS@="), kinds("CONTINUOUS_I16", "CONTINUOUS_F32", "MATRIX_F32"), false, "lossless",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("view.heatmap", Role.SINK, List.of(
                p("rows", INTEGER, 0, true, List.of("1000"), "1", "4000", List.of()),
                p("reduce", STRING, 0, true, List.of("max"), null, null, List.of("max", "mean")),
                p("columns", INTEGER, 0, true, List.of("300"), "10", "4000", List.of()),
                p("framesPerSecond", INTEGER, 0, true, List.of("30"), "1", "30", List.of()),
                p("autoScale", BOOLEAN, 0, true, List.of("true"), null, null, List.of()),
                p("lo", DOUBLE, 0, true, List.of("0.0"), "-1000000000", "1000000000", List.of()),
                p("hi", DOUBLE, 0, true, List.of("1.0"), "-1000000000", "1000000000", List.of())),
                ports(), kinds("CONTINUOUS_F32", "MATRIX_F32"), false, "live",
                List.of("lo < hi"), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("view.model", Role.SINK, List.of(
                p("points", INTEGER, 0, true, List.of("500"), "10", "5000", List.of()),
                p("bins", INTEGER, 0, true, List.of("40"), "4", "200", List.of()),
                p("range", DOUBLE, 0, true, List.of("3.0"), "0.1", "100", List.of()),
                p("seconds", DOUBLE, 0, true, List.of("10.0"), "1", "600", List.of()),
                p("framesPerSecond", INTEGER, 0, true, List.of("10"), "1", "30", List.of()),
                p("conditions", STRING, 0, false, List.of(""), null, null, List.of()),
                p("trialBefore", DOUBLE, 0, true, List.of("1.0"), "0", "60", List.of()),
                p("trialAfter", DOUBLE, 0, true, List.of("5.0"), "0.1", "120", List.of()),
                p("singleTrials", INTEGER, 0, true, List.of("3"), "0", "20", List.of())),
                ports(), kinds("MATRIX_F32", "CONTINUOUS_F32", "EVENTS"), false, "live",
                List.of()));
        t.add(new NodeType("view.raster", Role.SINK, List.of(
                p("framesPerSecond", INTEGER, 0, true, List.of("30"), "1", "60", List.of()),
                p("maxSpikesPerFrame", INTEGER, 0, true, List.of("5000"), "10", "100000", List.of()),
                p("resortSeconds", DOUBLE, 0, true, List.of("5.0"), "1", "600", List.of()),
                p("binMillis", DOUBLE, 0, true, List.of("50.0"), "5", "1000", List.of())),
                ports(), kinds("SPIKES"), false, "live",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("view.traces", Role.SINK, List.of(
                p("firstChannel", INTEGER, 0, true, List.of("0"), "0", "65535", List.of()),
                p("channels", INTEGER, 0, true, List.of("32"), "1", "512", List.of()),
                p("columnsPerSecond", INTEGER, 0, true, List.of("500"), "10", "4000", List.of()),
                p("framesPerSecond", INTEGER, 0, true, List.of("30"), "1", "60", List.of()),
                p("gain", DOUBLE, 0, true, List.of("1.0"), "0.001", "1000", List.of())),
                ports(), kinds("CONTINUOUS_I16", "CONTINUOUS_F32"), false, "live",
                List.of(), Set.of(), Set.of(), 1, 1, List.of(), NodeType.Origin.UNKNOWN));
        t.add(new NodeType("view.trajectory", Role.SINK, List.of(
                p("columns", STRING, 0, true, List.of("x\\,y"), null, null, List.of()),
                p("seconds", DOUBLE, 0, true, List.of("5.0"), "0.5", "120", List.of()),
                p("framesPerSecond", INTEGER, 0, true, List.of("30"), "1", "30", List.of())),
                ports(), kinds("MATRIX_F32"), false, "live",
                List.of()));

        return t;
    }

    private static ParamDef p(String key, ParamType type, int cardinality, boolean required, List<String> defaults,
                              String min, String max, List<String> options) {
        return new ParamDef(key, type, cardinality, required, defaults, min, max, options, "", null);
    }

    private static List<PortDef> ports(String... specs) {
        return Arrays.stream(specs).map(PortDef::parse).toList();
    }

    private static Set<Kind> kinds(String... names) {
        Set<Kind> out = EnumSet.noneOf(Kind.class);
        Arrays.stream(names).map(Kind::valueOf).forEach(out::add);
        return out;
    }
}
