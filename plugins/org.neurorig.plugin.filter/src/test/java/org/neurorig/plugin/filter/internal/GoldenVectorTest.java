package org.neurorig.plugin.filter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Kind;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.ButterworthDesignTest;
import org.neurorig.plugin.filter.GoldenDesign;
import org.neurorig.plugin.filter.Npy;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * The filter nodes against SciPy's {@code sosfilt} on the golden vectors: ≤ 1e-5 relative error in
 * float32, fed in blocks of random sizes. The vectors come from {@code src/test/python/make_golden.py};
 * the second test re-runs that script (when Debian's python3 with SciPy is there, always in CI).
 */
class GoldenVectorTest {
    static final Path COMMITTED = Path.of("src/test/resources/golden");
    static final Path SCRIPT = Path.of("src/test/python/make_golden.py");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final double REL_TOL = 1e-5;

    @Test
    void nodesMatchTheCommittedScipyVectorsAcrossRandomBlockBoundaries() throws Exception {
        assertThat(checkAll(COMMITTED)).isGreaterThanOrEqualTo(11);
    }

    @Test
    void nodesMatchFreshlyRegeneratedVectors(@TempDir Path tmp) throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean scipy = Files.isExecutable(PYTHON) && run(PYTHON.toString(), "-c", "import scipy.signal") == 0;
        if (ci) {
            assertThat(scipy)
                    .as("CI=true needs " + PYTHON + " with SciPy (apt install python3-scipy)")
                    .isTrue();
        }
        assumeTrue(scipy, "no " + PYTHON + " with SciPy: regeneration skipped");
        assertThat(run(PYTHON.toString(), SCRIPT.toString(), tmp.toString())).isZero();
        for (GoldenDesign d : GoldenDesign.readAll(tmp.resolve("sos.tsv"))) {
            ButterworthDesignTest.assertSameSos(d.name(), d.design(), d.sos());
        }
        assertThat(checkAll(tmp)).isGreaterThanOrEqualTo(11);
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 120 s");
        }
        return p.exitValue();
    }

    /** Checks every case of {@code dir/vectors.tsv}; returns how many. */
    static int checkAll(Path dir) throws IOException {
        Map<String, GoldenDesign> designs = new java.util.HashMap<>();
        for (GoldenDesign d : GoldenDesign.readAll(dir.resolve("sos.tsv"))) {
            designs.put(d.name(), d);
        }
        int cases = 0;
        for (String line : Files.readAllLines(dir.resolve("vectors.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String name = f[0];
            GoldenDesign d = designs.get(f[1]);
            int channels = Integer.parseInt(f[2]);
            int samples = Integer.parseInt(f[3]);
            boolean int16 = f[4].equals("i2");
            double bitVolts = Double.parseDouble(f[5]);
            Npy in = Npy.read(dir.resolve(name + ".in.npy"));
            float[] expected = Npy.read(dir.resolve(name + ".out.npy")).f32();
            assertThat(in.shape()).containsExactly(samples, channels);

            StreamSpec spec = StreamSpec.builder("in", int16 ? Kind.CONTINUOUS_I16 : Kind.CONTINUOUS_F32)
                    .channelCount(channels)
                    .sampleRate(d.rate())
                    .defaultChannels("uV", bitVolts)
                    .blockSamples(700)
                    .build();
            ProcessorRun run = Harness.processor(node(d), spec);
            int[] sizes = Blocks.randomSizes(samples, 1, 700, name.hashCode());
            run.feedAll(int16 ? Blocks.split(spec, in.i16(), sizes) : Blocks.split(spec, in.f32(), sizes));
            float[] actual = Blocks.concatF32(run.out().emitted(0));
            double peak = 0;
            for (float v : expected) {
                peak = Math.max(peak, Math.abs(v));
            }
            // relative per sample, with a floor of 1e-6 of the peak for samples near a zero crossing
            BlockAssert.assertClose(expected, actual, REL_TOL, 1e-6 * peak);
            cases++;
        }
        return cases;
    }

    static Processor node(GoldenDesign d) {
        return switch (d.btype()) {
            case "bandpass" -> new BandpassFilter(TestConfig.of(
                    BandpassFilterConfig.class, "lowHz", d.lowHz(), "highHz", d.highHz(), "order", d.order()));
            case "highpass" -> new HighpassFilter(
                    TestConfig.of(HighpassFilterConfig.class, "lowHz", d.lowHz(), "order", d.order()));
            case "lowpass" -> new LowpassFilter(
                    TestConfig.of(LowpassFilterConfig.class, "highHz", d.highHz(), "order", d.order()));
            case "notch" -> new NotchFilter(
                    TestConfig.of(NotchFilterConfig.class, "hz", d.lowHz(), "q", d.q(), "harmonics", d.order()));
            case "decimate" -> new DecimateFilter(
                    TestConfig.of(DecimateFilterConfig.class, "outputHz", d.highHz(), "order", d.order()));
            default -> throw new IllegalArgumentException(d.btype());
        };
    }
}
