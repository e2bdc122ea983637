package org.neurorig.plugin.rates.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.Processor;
import org.neurorig.api.Stateful;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.Npy;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/** rates.smooth and rates.zscore against the NumPy reference of {@code src/test/python/make_rates.py}. */
class RateNodesTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final StreamSpec BINS = StreamSpec.builder("bins", Kind.MATRIX_F32)
            .channelCount(4)
            .sampleRate(50)
            .blockSamples(40)
            .build();

    static RateSmoother smooth(String kernel, double widthMs) {
        return new RateSmoother(TestConfig.of(RateSmootherConfig.class, "kernel", kernel, "widthMs", widthMs));
    }

    static RateZscore zscore(double windowS) {
        return new RateZscore(TestConfig.of(RateZscoreConfig.class, "windowS", windowS));
    }

    static float[] run(Processor p, float[] x, long seed) {
        List<Block> blocks = Blocks.split(BINS, x, Blocks.randomSizes(x.length / 4, 1, 40, seed));
        return Blocks.concatF32(Harness.processor(p, BINS).feedAll(blocks).out().emitted(0));
    }

    static void assertClose(float[] actual, float[] expected, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i])
                    .as("value %d (row %d, ch %d)", i, i / 4, i % 4)
                    .isCloseTo(expected[i], within(tol * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @Test
    void smoothingEqualsNumpyConvolveAndLfilter() throws Exception {
        float[] x = Npy.read(GOLDEN.resolve("rates_in.npy")).f32();
        assertClose(
                run(smooth("gaussian", 100), x, 1),
                Npy.read(GOLDEN.resolve("rates_gauss.npy")).f32(),
                1e-6);
        assertClose(
                run(smooth("exponential", 100), x, 2),
                Npy.read(GOLDEN.resolve("rates_exp.npy")).f32(),
                1e-6);
    }

    @Test
    void zscoreEqualsTheNumpyRunningReference() throws Exception {
        float[] x = Npy.read(GOLDEN.resolve("rates_in.npy")).f32();
        float[] z = run(zscore(10), x, 3);
        assertClose(z, Npy.read(GOLDEN.resolve("rates_z.npy")).f32(), 1e-5);
        assertThat(z[3]).isZero(); // the silent channel stays 0 until it fires
    }

    @Test
    void statefulRateNodesContinueExactlyAfterAHotSwap() throws Exception {
        float[] x = Npy.read(GOLDEN.resolve("rates_in.npy")).f32();
        List<Block> blocks = Blocks.split(BINS, x, Blocks.randomSizes(x.length / 4, 1, 40, 9));
        int half = blocks.size() / 2;
        for (String kind : List.of("gaussian", "exponential", "zscore")) {
            java.util.function.Supplier<Processor> make = () -> kind.equals("zscore") ? zscore(10) : smooth(kind, 100);
            float[] whole = Blocks.concatF32(
                    Harness.processor(make.get(), BINS).feedAll(blocks).out().emitted(0));
            Processor a = make.get();
            float[] first = Blocks.concatF32(Harness.processor(a, BINS)
                    .feedAll(blocks.subList(0, half))
                    .out()
                    .emitted(0));
            Processor b = make.get();
            ProcessorRun second = Harness.processor(b, BINS);
            ((Stateful) b).restore(((Stateful) a).snapshot());
            float[] rest = Blocks.concatF32(
                    second.feedAll(blocks.subList(half, blocks.size())).out().emitted(0));
            float[] joined = Arrays.copyOf(first, first.length + rest.length);
            System.arraycopy(rest, 0, joined, first.length, rest.length);
            assertThat(joined).as(kind).containsExactly(whole);
        }
    }

    @Test
    void rateConfigErrorsNameTheKey() {
        assertThatThrownBy(() -> smooth("boxcar", 10))
                .hasMessageContaining("value 'boxcar' for 'kernel' is not one of: gaussian, exponential");
        assertThatThrownBy(() -> smooth("gaussian", 0))
                .hasMessageContaining("value 0.0 for 'widthMs' is out of range: expected 0.001..600000");
        assertThatThrownBy(() -> zscore(-1))
                .hasMessageContaining("value -1.0 for 'windowS' is out of range: expected 0.001..86400");
        StreamSpec spikes = StreamSpec.builder("s", Kind.SPIKES)
                .channelCount(2)
                .sampleRate(30000)
                .build();
        assertThatThrownBy(() -> Harness.processor(zscore(1), spikes))
                .hasMessageContaining("input 1 's' is SPIKES; expected CONTINUOUS_F32 or MATRIX_F32");
    }
}
