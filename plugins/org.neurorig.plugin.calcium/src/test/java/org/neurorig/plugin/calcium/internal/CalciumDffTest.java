package org.neurorig.plugin.calcium.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

class CalciumDffTest {
    static StreamSpec fluorescence(int cells, double rate, int blockSamples) {
        return StreamSpec.builder("f", Kind.CONTINUOUS_F32)
                .channelCount(cells)
                .sampleRate(rate)
                .defaultChannels("a.u.", 1)
                .blockSamples(blockSamples)
                .build();
    }

    static CalciumDff node(double windowS, double percentile) {
        return new CalciumDff(TestConfig.of(CalciumDffConfig.class, "windowS", windowS, "percentile", percentile));
    }

    /**
     * The documented baseline written out: np.percentile(k[-ceil(W/S):], p) over the frames kept up
     * to t, k = x[0 : t+1 : S] (every S-th frame from the first), linear interpolation; S = 1 for a
     * window of up to 256 frames, else ceil(W/256).
     */
    static double percentile(float[] x, int cells, int c, int t, int window, double p) {
        int stride = (window + 255) / 256;
        int keep = (window + stride - 1) / stride;
        int lastKept = t / stride * stride;
        int from = Math.max(0, lastKept - (keep - 1) * stride);
        double[] v = new double[(lastKept - from) / stride + 1];
        for (int u = from, i = 0; u <= lastKept; u += stride, i++) {
            v[i] = x[u * cells + c];
        }
        Arrays.sort(v);
        double pos = p / 100 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    @Test
    void equalsTheRunningPercentileFormulaAcrossBlocks() {
        equalsTheFormula(10); // 300 frames: every 2nd kept
        equalsTheFormula(8); // 240 frames: every frame kept
        equalsTheFormula(60); // the default, 1,800 frames: every 8th kept
    }

    private static void equalsTheFormula(double windowS) {
        int cells = 3;
        int n = 2500;
        int window = (int) Math.round(windowS * 30);
        Random r = new Random(7);
        float[] f = new float[n * cells];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (100 + 10 * r.nextGaussian() + (i % 97 == 0 ? 80 : 0)); // ties and outliers
        }
        f[5 * cells] = f[6 * cells] = f[7 * cells]; // repeated values must leave the window one by one
        StreamSpec in = fluorescence(cells, 30, 100);
        ProcessorRun run =
                Harness.processor(node(windowS, 8), in).feedAll(Blocks.split(in, f, Blocks.randomSizes(n, 1, 100, 3)));
        float[] y = Blocks.concatF32(run.out().emitted(0));
        assertThat(y).hasSize(n * cells);
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < cells; c++) {
                double f0 = percentile(f, cells, c, t, window, 8);
                assertThat((double) y[t * cells + c])
                        .as("window %d frames: frame %d ch %d", window, t, c)
                        .isCloseTo((f[t * cells + c] - f0) / f0, within(1e-6));
            }
        }
        assertThat(run.outputs().get(0).channels().get(0).units()).isEqualTo("dF/F");
    }

    @Test
    void recoversTransientsOnABleachingBaseline() {
        // F = F0(t)·(1 + c(t)): a 20 %-per-minute bleach and sparse transients (0.05 Hz: the window is mostly
        // baseline, as a percentile baseline assumes); ΔF/F should give back c
        CalciumSim sim = CalciumSim.generate(3, 6000, 2, 30, 0.05, 0.7, 0.5, 0);
        float[] f = new float[sim.dff().length];
        for (int t = 0; t < sim.frames(); t++) {
            double f0 = 200 * Math.exp(-0.2 * t / 30 / 60);
            for (int c = 0; c < 2; c++) {
                f[t * 2 + c] = (float) (f0 * (1 + sim.dff()[t * 2 + c]));
            }
        }
        StreamSpec in = fluorescence(2, 30, 256);
        float[] y = Blocks.concatF32(Harness.processor(node(30, 8), in)
                .feedAll(Blocks.split(in, f, Blocks.fixedSizes(sim.frames(), 256)))
                .out()
                .emitted(0));
        // the trailing window lags the bleach and transients lift the percentile: F0 is 1–2.5 % high
        // (NumPy on the same model: ≤ 2.5 %), an error that scales with 1 + c
        double worst = 0;
        for (int i = 1800 * 2; i < y.length; i++) { // once the window has filled
            worst = Math.max(worst, Math.abs(y[i] - sim.dff()[i]) / (1 + sim.dff()[i]));
        }
        assertThat(worst).isLessThan(0.03);
    }

    @Test
    void snapshotCarriesTheBaselineAcrossAHotSwap() {
        carriesTheBaseline(5); // 150 frames, every one kept
        carriesTheBaseline(20); // 600 frames, every 3rd kept: the phase carries over too
    }

    private static void carriesTheBaseline(double windowS) {
        int cells = 2;
        int n = 1500;
        Random r = new Random(1);
        float[] f = new float[n * cells];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (50 + r.nextGaussian());
        }
        StreamSpec in = fluorescence(cells, 30, 64);
        List<Block> blocks = Blocks.split(in, f, Blocks.randomSizes(n, 1, 64, 5));
        int half = blocks.size() / 2;
        float[] whole = Blocks.concatF32(
                Harness.processor(node(windowS, 20), in).feedAll(blocks).out().emitted(0));
        CalciumDff a = node(windowS, 20);
        float[] first = Blocks.concatF32(
                Harness.processor(a, in).feedAll(blocks.subList(0, half)).out().emitted(0));
        CalciumDff b = node(windowS, 20);
        ProcessorRun second = Harness.processor(b, in);
        b.restore(a.snapshot());
        float[] rest = Blocks.concatF32(
                second.feedAll(blocks.subList(half, blocks.size())).out().emitted(0));
        float[] joined = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, joined, first.length, rest.length);
        assertThat(joined).containsExactly(whole);
    }

    /**
     * A snapshot of the bundle before the stride (version 1: every frame of the window, written here
     * in that layout from the frames themselves) is taken over: the frames are offered again, so
     * with the swap on an even frame (every 2nd kept, from frame 0) the output is the uninterrupted
     * one exactly.
     */
    @Test
    void readsTheSnapshotOfTheVersionBeforeTheStride() {
        int cells = 2;
        int n = 1000;
        int swapAt = 700; // even; the 300-frame window is full by then
        int window = 300;
        Random r = new Random(3);
        float[] f = new float[n * cells];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (80 + 5 * r.nextGaussian());
        }
        StreamSpec in = fluorescence(cells, 30, 50);
        int[] sizes = new int[n / 50];
        Arrays.fill(sizes, 50);
        List<Block> blocks = Blocks.split(in, f, sizes);
        float[] whole = Blocks.concatF32(
                Harness.processor(node(10, 8), in).feedAll(blocks).out().emitted(0));
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(4 + 8 + 8 * cells + 4 * cells * window);
        v1.putInt(1).putInt(cells).putInt(window);
        for (int c = 0; c < cells; c++) {
            v1.putInt(swapAt % window).putInt(window); // head: the oldest of a full ring
        }
        for (int c = 0; c < cells; c++) {
            for (int slot = 0; slot < window; slot++) {
                // slot k holds the latest frame u < swapAt with u % window == k
                int u = swapAt - window + Math.floorMod(slot - swapAt, window);
                v1.putFloat(f[u * cells + c]);
            }
        }
        CalciumDff b = node(10, 8);
        ProcessorRun second = Harness.processor(b, in);
        b.restore(v1.array());
        float[] rest = Blocks.concatF32(
                second.feedAll(blocks.subList(swapAt / 50, blocks.size())).out().emitted(0));
        assertThat(rest).containsExactly(Arrays.copyOfRange(whole, swapAt * cells, n * cells));
        java.nio.ByteBuffer v9 = java.nio.ByteBuffer.allocate(8).putInt(9);
        assertThatThrownBy(() -> b.restore(v9.array())).hasMessageContaining("version 9, expected 1 or 2");
    }

    @Test
    void nonFiniteFramesAndNonPositiveBaselinesAreCountedAndZero() {
        StreamSpec in = fluorescence(1, 10, 10);
        float[] f = {10, 10, Float.NaN, 12, -5, -5, -5, -5, -5, -5};
        CalciumDff d = node(0.3, 50); // 3 frames
        ProcessorRun run = Harness.processor(d, in).feedAll(Blocks.split(in, f, new int[] {10}));
        float[] y = Blocks.concatF32(run.out().emitted(0));
        assertThat(y[2]).isZero();
        assertThat(y[3]).isCloseTo((12f - 10f) / 10f, within(1e-6f)); // the NaN did not enter the window
        assertThat(y[9]).isZero();
        assertThat(d.invalidCount()).isEqualTo(1 + 5); // the NaN and the frames whose median is −5
        assertThat(run.context().lastMessage()).contains("F0 <= 0");
        assertThatThrownBy(() -> node(0, 8))
                .hasMessageContaining("value 0.0 for 'windowS' is out of range: expected 0.1..3600");
        assertThatThrownBy(() -> node(10, -1))
                .hasMessageContaining("value -1.0 for 'percentile' is out of range: expected 0..100");
    }
}
