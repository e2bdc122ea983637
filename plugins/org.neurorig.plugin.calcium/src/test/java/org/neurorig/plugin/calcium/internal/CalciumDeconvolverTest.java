package org.neurorig.plugin.calcium.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

class CalciumDeconvolverTest {
    static StreamSpec frames(int cells, double rate, int blockSamples) {
        return StreamSpec.builder("roi", Kind.CONTINUOUS_F32)
                .channelCount(cells)
                .sampleRate(rate)
                .defaultChannels("dF/F", 1)
                .blockSamples(blockSamples)
                .build();
    }

    static CalciumDeconvolver node(Object... keyValues) {
        return new CalciumDeconvolver(TestConfig.of(CalciumDeconvolverConfig.class, keyValues));
    }

    /** Runs the node over {@code x} in random blocks, the last flagged END_OF_STREAM; returns its output. */
    static float[] run(
            CalciumDeconvolver d, StreamSpec in, float[] x, long firstSample, long seed, List<Block> emitted) {
        int n = x.length / in.channelCount();
        List<Block> blocks = Blocks.split(in, x, Blocks.randomSizes(n, 1, in.blockSamples(), seed));
        for (Block b : blocks) {
            b.setFirstSample(b.firstSample() + firstSample);
        }
        blocks.get(blocks.size() - 1).setFlags(Block.FLAG_END_OF_STREAM);
        ProcessorRun r = Harness.processor(d, in).feedAll(blocks);
        if (emitted != null) {
            emitted.addAll(r.out().emitted(0));
        }
        return Blocks.concatF32(r.out().emitted(0));
    }

    @Test
    void noiseFreeTransientsGiveExactlyTheirSpikes() {
        double rate = 30;
        double tau = 0.5;
        double g = Math.exp(-1 / (tau * rate));
        int n = 600;
        int[] at = {40, 41, 100, 250, 251, 252, 400};
        double[] amp = {1, 0.5, 2, 1, 1, 1, 0.3};
        float[] x = new float[n * 2];
        double ca = 0;
        int k = 0;
        for (int t = 0; t < n; t++) {
            ca *= g;
            while (k < at.length && at[k] == t) {
                ca += amp[k++];
            }
            x[t * 2] = (float) ca;
            x[t * 2 + 1] = (float) (2 * ca); // twice as large: twice the spikes
        }
        List<Block> emitted = new java.util.ArrayList<>();
        float[] y = run(
                node("tauS", tau, "baselineWindowS", 0.0, "lagS", 0.3, "delayMs", 100.0),
                frames(2, rate, 64),
                x,
                1000,
                3,
                emitted);
        assertThat(y).hasSize(n * 2);
        // delay of 100 ms = 3 frames: sample numbers start 3 before the first frame
        assertThat(emitted.get(0).firstSample()).isEqualTo(997);
        long next = 997;
        for (Block b : emitted) { // consecutive output blocks
            assertThat(b.firstSample()).isEqualTo(next);
            next += b.sampleCount();
        }
        k = 0;
        for (int t = 0; t < n; t++) {
            double want = 0;
            while (k < at.length && at[k] == t) {
                want += amp[k++];
            }
            assertThat((double) y[t * 2]).as("frame " + t).isCloseTo(want, within(2e-5));
            assertThat((double) y[t * 2 + 1]).as("frame " + t).isCloseTo(2 * want, within(4e-5));
        }
    }

    @Test
    void outputDoesNotDependOnBlockSizes() {
        CalciumSim sim = CalciumSim.generate(5, 3000, 3, 30, 0.5, 0.7, 1, CalciumSim.DEFAULT_NOISE);
        StreamSpec in = frames(3, 30, 128);
        float[] a = run(node(), in, sim.dff(), 0, 1, null);
        float[] b = run(node(), in, sim.dff(), 0, 2, null);
        assertThat(a).hasSize(sim.dff().length).containsExactly(b);
    }

    @Test
    void simulatedCalciumCorrelatesWithTheTrueSpikes() {
        // 10 cells, 30 Hz, 5 min, 0.5 Hz Poisson spikes, GCaMP6f-like decay, noise 0.25 × a spike
        int cells = 10;
        CalciumSim sim = CalciumSim.generate(11, 9000, cells, 30, 0.5, 0.7, 1, CalciumSim.DEFAULT_NOISE);
        float[] y = run(node(), frames(cells, 30, 256), sim.dff(), 0, 4, null);
        double sum0 = 0;
        double sum1 = 0;
        StringBuilder report = new StringBuilder();
        for (int c = 0; c < cells; c++) {
            double r0 = CalciumSim.correlation(
                    CalciumSim.column(y, cells, c), CalciumSim.column(sim.spikes(), cells, c), 0);
            double r1 = CalciumSim.correlation(
                    CalciumSim.column(y, cells, c), CalciumSim.column(sim.spikes(), cells, c), 1);
            sum0 += r0;
            sum1 += r1;
            report.append(String.format(java.util.Locale.ROOT, " %.3f/%.3f", r0, r1));
        }
        System.out.println("calcium.deconvolve on simulated calcium, per cell r (raw / σ=1 frame):" + report);
        assertThat(sum0 / cells).as("mean correlation, unsmoothed").isGreaterThanOrEqualTo(0.7);
        assertThat(sum1 / cells).as("mean correlation, σ = 1 frame").isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> node("tauS", 0.0))
                .hasMessageContaining("value 0.0 for 'tauS' is out of range: expected 0.01..100");
        assertThatThrownBy(() -> node("baselinePercentile", 101.0))
                .hasMessageContaining("value 101.0 for 'baselinePercentile' is out of range: expected 0..100");
        assertThatThrownBy(() -> Harness.processor(
                        node(),
                        StreamSpec.builder("s", Kind.SPIKES).channelCount(2).build()))
                .hasMessageContaining("SPIKES");
        assertThatThrownBy(() -> Harness.processor(node("baselineWindowS", 3600.0), frames(1, 1000, 16)))
                .hasMessageStartingWith("baselineWindowS 3600.0 is 3600000 frames");
    }

    /** A hot-swap in the middle gives, frame for frame, the output of one uninterrupted node. */
    @Test
    void snapshotCarriesPoolsBaselineAndLagAcrossAHotSwap() {
        int cells = 3;
        double rate = 30;
        int n = 1500;
        java.util.Random r = new java.util.Random(4);
        double g = Math.exp(-1 / (0.5 * rate));
        float[] x = new float[n * cells];
        double[] ca = new double[cells];
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < cells; c++) {
                ca[c] = ca[c] * g + (r.nextDouble() < 0.03 ? 0.5 + r.nextDouble() : 0);
                x[t * cells + c] = (float) (0.2 + ca[c] + 0.02 * r.nextGaussian());
            }
        }
        StreamSpec in = frames(cells, rate, 32);
        Object[] cfg = {"tauS", 0.5, "baselineWindowS", 10.0, "lagS", 0.5, "delayMs", 0.0};
        List<Block> blocks = Blocks.split(in, x, Blocks.randomSizes(n, 1, 32, 9));
        blocks.get(blocks.size() - 1).setFlags(Block.FLAG_END_OF_STREAM);
        float[] whole = Blocks.concatF32(
                Harness.processor(node(cfg), in).feedAll(blocks).out().emitted(0));
        int half = blocks.size() / 2;
        CalciumDeconvolver a = node(cfg);
        float[] first = Blocks.concatF32(
                Harness.processor(a, in).feedAll(blocks.subList(0, half)).out().emitted(0));
        CalciumDeconvolver b = node(cfg);
        ProcessorRun second = Harness.processor(b, in);
        b.restore(a.snapshot());
        float[] rest = Blocks.concatF32(
                second.feedAll(blocks.subList(half, blocks.size())).out().emitted(0));
        assertThat(first.length + rest.length).isEqualTo(n * cells);
        float[] joined = java.util.Arrays.copyOf(first, whole.length);
        System.arraycopy(rest, 0, joined, first.length, rest.length);
        assertThat(joined).containsExactly(whole);
        // spikes were found at all (the comparison is not between two empty outputs)
        long nonZero = 0;
        for (float v : whole) {
            nonZero += v > 0.1f ? 1 : 0;
        }
        assertThat(nonZero).isGreaterThan(50);
        // a snapshot of another decay is refused, not silently used
        CalciumDeconvolver other = node("tauS", 1.0, "baselineWindowS", 10.0, "lagS", 0.5, "delayMs", 0.0);
        Harness.processor(other, in);
        assertThatThrownBy(() -> other.restore(a.snapshot())).hasMessageContaining("decay");
    }
}
