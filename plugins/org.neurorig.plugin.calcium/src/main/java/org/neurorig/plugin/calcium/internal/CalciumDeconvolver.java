package org.neurorig.plugin.calcium.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.Stateful;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code calcium.deconvolve}: online OASIS AR(1) deconvolution ({@link OasisAr1}) of ΔF/F (one
 * channel per ROI) into inferred spikes — per frame and channel the size of the calcium jump the
 * fit places there, in input units, 0 between spikes. A running low-percentile baseline is
 * subtracted first unless {@code baselineWindowS} is 0.
 *
 * <p>Output sample numbers are frame numbers minus {@code delayMs} (the indicator's rise). A frame
 * is output {@code lagS} after it arrived, so output blocks run behind input blocks by that many
 * frames; the block that ends the stream flushes the rest. At a discontinuity the frames still
 * waiting for their lag are dropped and the fit restarts.
 */
@Designate(ocd = CalciumDeconvolverConfig.class, factory = true)
@Component(
        name = "calcium.deconvolve",
        configurationPid = "calcium.deconvolve",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "calcium.deconvolve",
        outputs = "spikes:CONTINUOUS_F32@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1)
public final class CalciumDeconvolver implements Processor, Stateful {
    /** 2: the baseline keeps every stride-th frame; 1 (every frame) is still read, for an in-place update. */
    private static final int VERSION = 2;

    private volatile CalciumDeconvolverConfig config;
    private volatile boolean reconfigure;
    private int channels;
    private boolean int16;
    private double[] scale;
    private RunningPercentile baseline;
    private OasisAr1 oasis;
    private int lag;
    private long delay;
    private boolean started;
    /** Next frame to output, and the newest frame fitted. */
    private long nextOut;

    private long newest;
    private long nonFinite;
    private long reportedNonFinite;
    private NodeContext context;

    @Activate
    public CalciumDeconvolver(CalciumDeconvolverConfig config) {
        this.config = check(config);
    }

    /** Only {@code minSpike} acts live; the other keys take effect at the next prepare. */
    @Modified
    void modified(CalciumDeconvolverConfig c) {
        config = check(c);
        reconfigure = true;
    }

    private static CalciumDeconvolverConfig check(CalciumDeconvolverConfig c) {
        if (!(c.tauS() > 0) || Double.isInfinite(c.tauS())) {
            throw new IllegalArgumentException("tauS " + c.tauS() + " must be a positive number");
        }
        if (!(c.minSpike() >= 0)) {
            throw new IllegalArgumentException("minSpike " + c.minSpike() + " must be 0 or above");
        }
        if (!(c.lagS() >= 0) || !(c.delayMs() >= 0) || !(c.baselineWindowS() >= 0)) {
            throw new IllegalArgumentException("lagS " + c.lagS() + ", delayMs " + c.delayMs() + " and baselineWindowS "
                    + c.baselineWindowS() + " must be 0 or above");
        }
        if (!(c.baselinePercentile() >= 0 && c.baselinePercentile() <= 100)) {
            throw new IllegalArgumentException(
                    "baselinePercentile " + c.baselinePercentile() + " must be between 0 and 100");
        }
        return c;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec in = CalciumInputs.single("calcium.deconvolve", inputs);
        CalciumDeconvolverConfig c = config;
        reconfigure = false;
        double rate = in.sampleRate();
        double gamma = Math.exp(-1 / (c.tauS() * rate));
        if (!(gamma > 0 && gamma < 1)) {
            throw new IllegalArgumentException("tauS " + c.tauS() + " gives decay factor " + gamma + " per frame at "
                    + rate + " Hz; it must lie strictly between 0 and 1");
        }
        channels = Math.max(1, in.channelCount());
        int16 = in.kind() == Kind.CONTINUOUS_I16;
        scale = new double[channels];
        List<ChannelInfo> out = new ArrayList<>();
        for (int ch = 0; ch < in.channelCount(); ch++) {
            ChannelInfo info = in.channels().get(ch);
            scale[ch] = int16 ? info.bitVolts() : 1.0;
            out.add(new ChannelInfo(info.name(), info.units(), 1.0, info.x(), info.y()));
        }
        baseline = c.baselineWindowS() > 0
                ? new RunningPercentile(
                        channels,
                        CalciumInputs.frames("baselineWindowS", c.baselineWindowS(), rate),
                        c.baselinePercentile())
                : null;
        lag = (int) Math.round(c.lagS() * rate);
        delay = Math.round(c.delayMs() * rate / 1000);
        // pools older than a few lags have long settled: freezing them changes nothing that is still to be read
        oasis = new OasisAr1(channels, Math.max(64, 4 * lag + 16), gamma, c.minSpike());
        started = false;
        nonFinite = 0;
        reportedNonFinite = 0;
        context = ctx;
        return List.of(StreamSpec.builder("spikes", Kind.CONTINUOUS_F32)
                .channels(out)
                .sampleRate(rate)
                .source(in.source())
                .blockSamples(in.blockSamples() + lag)
                .build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        if (reconfigure) {
            reconfigure = false;
            oasis.setMinSpike(config.minSpike());
        }
        boolean discontinuity = (in.flags() & Block.FLAG_DISCONTINUITY) != 0;
        if (!started || discontinuity) {
            started = true;
            oasis.reset();
            if (baseline != null) {
                baseline.clear();
            }
            nextOut = in.firstSample();
        }
        Block o = out.block(0);
        o.copyTimingFrom(in);
        o.setFirstSample(nextOut - delay);
        int n = in.sampleCount();
        for (int s = 0; s < n; s++) {
            long frame = in.firstSample() + s;
            int base = s * channels;
            for (int c = 0; c < channels; c++) {
                double x = int16 ? in.i16()[base + c] * scale[c] : in.f32()[base + c];
                if (!Double.isFinite(x)) {
                    nonFinite++;
                    x = baseline != null ? baseline.value(c) : 0; // a missing frame reads as baseline
                    if (Double.isNaN(x)) {
                        x = 0;
                    }
                } else if (baseline != null) {
                    baseline.add(c, (float) x);
                }
                oasis.push(c, frame, baseline != null ? x - baseline.value(c) : x);
            }
            newest = frame;
            if (frame - lag >= nextOut) {
                writeFrame(o, nextOut++);
            }
        }
        if ((in.flags() & Block.FLAG_END_OF_STREAM) != 0) {
            while (nextOut <= newest) {
                writeFrame(o, nextOut++);
            }
        }
        if (nonFinite > 2 * reportedNonFinite && context != null) {
            reportedNonFinite = nonFinite;
            context.status(NodeStatus.OK, nonFinite + " NaN/Inf input frames read as the baseline");
        }
        out.emit(0);
    }

    private void writeFrame(Block o, long frame) {
        int row = o.sampleCount();
        float[] y = o.f32();
        for (int c = 0; c < channels; c++) {
            y[row * channels + c] = (float) oasis.spike(c, frame);
        }
        o.setSampleCount(row + 1);
    }

    /**
     * The pools, the baseline window and the frame counters: after a hot-swap the new instance
     * emits exactly what the old one would have, including the frames still inside the read-out lag.
     */
    @Override
    public byte[] snapshot() {
        int baselineBytes = baseline != null ? baseline.snapshotBytes() : 0;
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 24 + 1 + baselineBytes + oasis.snapshotBytes());
        b.putInt(VERSION);
        b.put((byte) (started ? 1 : 0)).putLong(nextOut).putLong(newest).putLong(nonFinite);
        b.put((byte) (baseline != null ? 1 : 0));
        if (baseline != null) {
            baseline.write(b);
        }
        oasis.write(b);
        return b.array();
    }

    @Override
    public void restore(byte[] state) {
        ByteBuffer b = ByteBuffer.wrap(state);
        int v = b.getInt();
        if (v != VERSION && v != 1) {
            throw new IllegalArgumentException(
                    "calcium.deconvolve snapshot version " + v + ", expected 1 or " + VERSION);
        }
        boolean wasStarted = b.get() == 1;
        long out = b.getLong();
        long last = b.getLong();
        long bad = b.getLong();
        boolean hadBaseline = b.get() == 1;
        if (hadBaseline != (baseline != null)) {
            throw new IllegalArgumentException("calcium.deconvolve snapshot " + (hadBaseline ? "has" : "has no")
                    + " baseline window, this node " + (baseline != null ? "has one" : "has none"));
        }
        if (baseline != null) {
            baseline.read(b, v >= 2);
        }
        oasis.read(b);
        started = wasStarted;
        nextOut = out;
        newest = last;
        nonFinite = bad;
    }

    /** NaN/Inf input values so far. */
    public long nonFiniteCount() {
        return nonFinite;
    }
}
