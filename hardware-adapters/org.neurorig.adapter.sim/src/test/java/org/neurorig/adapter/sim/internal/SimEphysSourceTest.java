package org.neurorig.adapter.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.TestConfig;

class SimEphysSourceTest {
    private static final int CH = 384;

    @TempDir
    Path tmp;

    private static SimEphysSource source(Object... keyValues) {
        SimEphysSource s = new SimEphysSource();
        s.activate(TestConfig.of(SimEphysSourceConfig.class, keyValues));
        return s;
    }

    private static Harness.SourceRun drain(Object... keyValues) {
        return Harness.drainSource(source(keyValues), 3);
    }

    @Test
    void portsCarryNeuropixelsShapesAndGeometry() {
        Harness.SourceRun run = drain("pace", "fast", "samples", 30);
        List<StreamSpec> specs = run.specs();
        assertThat(specs).extracting(StreamSpec::name).containsExactly("ap", "lfp", "ttl");
        StreamSpec ap = specs.get(0);
        assertThat(ap.kind()).isEqualTo(Kind.CONTINUOUS_I16);
        assertThat(ap.channelCount()).isEqualTo(CH);
        assertThat(ap.sampleRate()).isEqualTo(30000.0);
        assertThat(ap.blockSamples()).isEqualTo(30);
        List<ChannelInfo> ch = ap.channels();
        assertThat(ch.get(0)).isEqualTo(new ChannelInfo("CH0", "uV", 0.195, 43, 0));
        assertThat(ch.get(1)).isEqualTo(new ChannelInfo("CH1", "uV", 0.195, 11, 0));
        assertThat(ch.get(2)).isEqualTo(new ChannelInfo("CH2", "uV", 0.195, 59, 20));
        assertThat(ch.get(383)).isEqualTo(new ChannelInfo("CH383", "uV", 0.195, 27, 3820));
        assertThat(specs.get(1).sampleRate()).isEqualTo(2500.0);
        assertThat(specs.get(1).channels()).isEqualTo(ch);
        assertThat(specs.get(2).kind()).isEqualTo(Kind.EVENTS);
        assertThat(specs.get(2).channelCount()).isEqualTo(1);

        Harness.SourceRun two = drain("pace", "fast", "samples", 30, "probes", 2, "units", 3);
        List<ChannelInfo> ch2 = two.specs().get(0).channels();
        assertThat(ch2).hasSize(2 * CH);
        assertThat(ch2.get(CH + 5)).isEqualTo(new ChannelInfo("P1CH5", "uV", 0.195, 1011, 40));
    }

    @Test
    void oneSecondHasExactCountsOnEveryPort() {
        Harness.SourceRun run = drain("pace", "fast", "samples", 45_000, "units", 4);
        List<Block> ap = run.out().emitted(0);
        List<Block> lfp = run.out().emitted(1);
        List<Block> ttl = run.out().emitted(2);
        assertThat(ap).hasSize(1500);
        BlockAssert.assertSampleCount(ap, 45_000);
        BlockAssert.assertContinuous(ap);
        BlockAssert.assertSampleCount(lfp, 3_750);
        BlockAssert.assertContinuous(lfp);
        assertThat(ap.get(1499).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        assertThat(lfp.get(lfp.size() - 1).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        // sync edges at 0 (rising), 15000 (falling), 30000 (rising); the last block ends the stream
        long[] samples = ttl.stream()
                .flatMapToLong(b -> java.util.Arrays.stream(b.itemSample(), 0, b.sampleCount()))
                .toArray();
        int[] states = ttl.stream()
                .flatMapToInt(b -> java.util.Arrays.stream(b.itemValue(), 0, b.sampleCount()))
                .toArray();
        assertThat(samples).containsExactly(0, 15_000, 30_000);
        assertThat(states).containsExactly(1, 0, 1);
        Block edge = ttl.get(1);
        assertThat(edge.firstSample()).isEqualTo(15_000);
        assertThat(edge.acqTimeNanos() - ap.get(0).acqTimeNanos()).isEqualTo(500_000_000L);
        assertThat(ttl.get(ttl.size() - 1).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        // LFP sample k is AP sample 12k: block 1 (AP 30..59) holds LFP 3..4
        assertThat(lfp.get(1).firstSample()).isEqualTo(3);
        assertThat(lfp.get(1).sampleCount()).isEqualTo(2);
        assertThat(lfp.get(1).acqTimeNanos() - lfp.get(0).acqTimeNanos()).isEqualTo(1_200_000L);
    }

    @Test
    void signalDependsOnlyOnTheSeedNotOnBlockSizeOrPace() {
        Object[] base = {"pace", "fast", "samples", 6_000, "units", 8, "seed", 7};
        Harness.SourceRun a = drain(base);
        Harness.SourceRun b = drain(concat(base, "blockSamples", 97));
        Harness.SourceRun c = drain("pace", "fast", "samples", 6_000, "units", 8, "seed", 8);
        short[] apA = Blocks.concatI16(a.out().emitted(0));
        assertThat(apA).hasSize(6_000 * CH);
        assertThat(Blocks.concatI16(b.out().emitted(0))).isEqualTo(apA);
        assertThat(Blocks.concatI16(b.out().emitted(1)))
                .isEqualTo(Blocks.concatI16(a.out().emitted(1)));
        assertThat(Blocks.concatI16(c.out().emitted(0))).isNotEqualTo(apA);
        Harness.SourceRun rt = Harness.runSource(source("samples", 600, "units", 8, "seed", 7), 600);
        short[] apRt = Blocks.concatI16(rt.out().emitted(0));
        assertThat(apRt).isEqualTo(java.util.Arrays.copyOf(apA, 600 * CH));
    }

    @Test
    void backgroundNoiseIsAboutTenMicrovoltsPerChannel() {
        SimEphysSource s = source("pace", "fast", "samples", 30_000, "units", 0);
        Harness.SourceRun run = Harness.drainSource(s, 3);
        short[] v = Blocks.concatI16(run.out().emitted(0));
        double total = 0;
        for (int c = 0; c < CH; c++) {
            double sum = 0;
            double sq = 0;
            for (int n = 0; n < 30_000; n++) {
                double x = v[n * CH + c] * 0.195;
                sum += x;
                sq += x * x;
            }
            double mean = sum / 30_000;
            double rms = Math.sqrt(sq / 30_000 - mean * mean);
            assertThat(mean).as("mean of channel %d", c).isCloseTo(0, within(0.3));
            assertThat(rms).as("rms of channel %d", c).isCloseTo(s.noiseUv(c), within(0.03 * s.noiseUv(c) + 0.1));
            assertThat(s.noiseUv(c)).isBetween(8.0, 12.0);
            total += rms;
        }
        assertThat(total / CH).isCloseTo(10, within(0.5));
    }

    @Test
    void groundTruthSpikesAreExactlyWhatWasAddedToTheSignal() throws Exception {
        Path gt = tmp.resolve("truth/gt.json");
        int n = 60_000;
        Harness.SourceRun withUnits =
                drain("pace", "fast", "samples", n, "units", 32, "seed", 3, "groundTruth", gt.toString());
        Harness.SourceRun noiseOnly = drain("pace", "fast", "samples", n, "units", 0, "seed", 3);
        short[] signal = Blocks.concatI16(withUnits.out().emitted(0));
        short[] noise = Blocks.concatI16(noiseOnly.out().emitted(0));

        JsonNode truth = new ObjectMapper().readTree(gt.toFile());
        assertThat(truth.get("complete").asBoolean()).isTrue();
        assertThat(truth.get("samples").asLong()).isEqualTo(n);
        assertThat(truth.get("bitVolts").asDouble()).isEqualTo(0.195);
        int pre = truth.get("templatePre").asInt();
        int len = truth.get("templateLength").asInt();
        JsonNode units = truth.get("units");
        assertThat(units).hasSize(32);

        // rebuild the spike part of the signal from the file alone
        int[] expected = new int[signal.length];
        int spikes = 0;
        for (JsonNode u : units) {
            int peak = u.get("peakChannel").asInt();
            JsonNode chans = u.get("channels");
            JsonNode tpl = u.get("template");
            assertThat(chans.get(0).asInt()).isEqualTo(peak);
            int troughRow = -1;
            int trough = 0;
            for (int t = 0; t < len; t++) {
                int peakValue = tpl.get(t).get(0).asInt();
                if (peakValue < trough) {
                    trough = peakValue;
                    troughRow = t;
                }
                // the peak channel carries the largest deflection of the template
                for (int j = 1; j < chans.size(); j++) {
                    assertThat(Math.abs(tpl.get(t).get(j).asInt()))
                            .isLessThanOrEqualTo(Math.abs(tpl.get(troughRow < 0 ? t : troughRow)
                                            .get(0)
                                            .asInt())
                                    + 1);
                }
            }
            // the trough (ties after rounding allowed) is at templatePre, the spike's sample
            assertThat(tpl.get(pre).get(0).asInt()).isEqualTo(trough);
            assertThat(-trough * 0.195).isCloseTo(u.get("amplitudeUv").asDouble(), within(0.2));
            assertThat(u.get("amplitudeUv").asDouble()).isBetween(50.0, 300.0);
            assertThat(u.get("rateHz").asDouble()).isBetween(2.0, 40.0);
            long prev = Long.MIN_VALUE / 2;
            int refractory = u.get("refractorySamples").asInt();
            JsonNode times = u.get("spikeSamples");
            assertThat(u.get("spikeCount").asInt()).isEqualTo(times.size());
            for (JsonNode tn : times) {
                long s = tn.asLong();
                assertThat(s - prev).isGreaterThanOrEqualTo(refractory);
                prev = s;
                spikes++;
                for (int t = 0; t < len; t++) {
                    long sample = s - pre + t;
                    if (sample < 0 || sample >= n) {
                        continue;
                    }
                    for (int j = 0; j < chans.size(); j++) {
                        expected[(int) sample * CH + chans.get(j).asInt()] +=
                                tpl.get(t).get(j).asInt();
                    }
                }
            }
            // a spike written at sample s shows its trough on the peak channel there
            for (JsonNode tn : times) {
                long s = tn.asLong();
                if (s + len < n) {
                    int i = (int) s * CH + peak;
                    assertThat(signal[i] - noise[i]).isLessThanOrEqualTo(trough / 2);
                }
            }
        }
        assertThat(spikes).isGreaterThan(32);
        for (int i = 0; i < signal.length; i++) {
            if (signal[i] - noise[i] != expected[i]) {
                throw new AssertionError("sample " + i / CH + " channel " + i % CH + ": signal - noise = "
                        + (signal[i] - noise[i]) + " but the ground truth adds " + expected[i]);
            }
        }
    }

    @Test
    void firingRatesFollowTheGroundTruthRates() throws Exception {
        Path gt = tmp.resolve("gt.json");
        int seconds = 20;
        drain(
                "pace",
                "fast",
                "samples",
                seconds * 30_000,
                "units",
                16,
                "seed",
                11,
                "blockSamples",
                3000,
                "groundTruth",
                gt.toString());
        JsonNode units = new ObjectMapper().readTree(gt.toFile()).get("units");
        for (JsonNode u : units) {
            double rate = u.get("rateHz").asDouble();
            double dead = u.get("refractorySamples").asDouble() / 30_000;
            double expected = seconds / (dead + 1 / rate);
            double count = u.get("spikeCount").asDouble();
            assertThat(count)
                    .as("spikes of unit %s at %.1f Hz", u.get("id"), rate)
                    .isCloseTo(expected, within(5 * Math.sqrt(expected) + 2));
        }
    }

    @Test
    void lfpIsSmoothAcrossNeighbouringChannelsAndCarriesTheta() {
        Harness.SourceRun run = drain("pace", "fast", "samples", 120_000, "units", 0, "blockSamples", 3000);
        short[] lfp = Blocks.concatI16(run.out().emitted(1));
        int n = 10_000; // 4 s at 2.5 kHz
        assertThat(lfp).hasSize(n * CH);
        double[] a = channel(lfp, 100, n);
        double[] b = channel(lfp, 102, n);
        double[] apA = channel(Blocks.concatI16(run.out().emitted(0)), 100, n);
        double[] apB = channel(Blocks.concatI16(run.out().emitted(0)), 102, n);
        assertThat(correlation(a, b)).isGreaterThan(0.9);
        assertThat(Math.abs(correlation(apA, apB))).isLessThan(0.1);
        double rms = Math.sqrt(java.util.Arrays.stream(a).map(x -> x * x).sum() / n) * 0.195;
        assertThat(rms).isBetween(20.0, 300.0);
        // theta (7 Hz) stands out against its neighbourhood in the spectrum of a shallow channel
        double[] top = channel(lfp, 0, n);
        assertThat(power(top, 7, 2500)).isGreaterThan(5 * power(top, 17, 2500));
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> source("probes", 0))
                .hasMessageContaining("value 0 for 'probes' is out of range: expected 1..16");
        assertThatThrownBy(() -> source("units", -1))
                .hasMessageContaining("value -1 for 'units' is out of range: expected 0..1000");
        assertThatThrownBy(() -> source("pace", "slow"))
                .hasMessageContaining("value 'slow' for 'pace' is not one of: realtime, fast");
        assertThatThrownBy(() -> source("blockSamples", 0)).hasMessageContaining("blockSamples");
        SimEphysSource s = source("groundTruth", tmp.resolve("file").toString() + "/\0bad");
        assertThatThrownBy(() -> Harness.drainSource(s, 1)).hasMessageContaining("bad");
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static double[] channel(short[] v, int c, int n) {
        double[] x = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            x[i] = v[i * CH + c];
            mean += x[i] / n;
        }
        for (int i = 0; i < n; i++) {
            x[i] -= mean;
        }
        return x;
    }

    private static double correlation(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** |DFT|² at one frequency. */
    private static double power(double[] x, double hz, double rate) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < x.length; i++) {
            re += x[i] * Math.cos(2 * Math.PI * hz * i / rate);
            im += x[i] * Math.sin(2 * Math.PI * hz * i / rate);
        }
        return re * re + im * im;
    }
}
