package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurorig.accel.AccelDevice;
import org.neurorig.accel.LocalAccelerator;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.models.RidgeFit;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * model.encoding.ridge against scikit-learn's {@code Ridge} on the same float32 data
 * (src/test/python/ridge_golden.py): held-out R² for every penalty, the chosen penalties, the
 * refitted weights and intercepts, all to 1e-4 absolute — on every accelerator device. The
 * script is re-run when Debian Python has scikit-learn (required when {@code CI=true}).
 */
class RidgeGoldenTest {
    static JsonNode golden;
    static LocalAccelerator accel;

    @BeforeAll
    static void load() throws Exception {
        golden = new ObjectMapper().readTree(goldenFile().toFile());
        accel = LocalAccelerator.open("auto", 2);
    }

    @AfterAll
    static void close() {
        accel.close();
    }

    static Path goldenFile() throws IOException, InterruptedException {
        Path committed = Path.of("src/test/resources/ridge-golden.json");
        boolean ci = "true".equals(System.getenv("CI"));
        boolean sklearn = new File("/usr/bin/python3").canExecute()
                && new ProcessBuilder("/usr/bin/python3", "-c", "import sklearn")
                                .start()
                                .waitFor()
                        == 0;
        if (!sklearn) {
            assertThat(ci)
                    .as("CI=true needs /usr/bin/python3 with scikit-learn to regenerate the golden file")
                    .isFalse();
            return committed;
        }
        Path fresh = Path.of("target/ridge-golden.json");
        Files.createDirectories(fresh.getParent());
        Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/ridge_golden.py", fresh.toString())
                .inheritIO()
                .start();
        assertThat(p.waitFor()).as("ridge_golden.py exit code").isZero();
        return fresh;
    }

    static float[] matrix(JsonNode rows, int width) {
        float[] m = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < width; c++) {
                m[r * width + c] = (float) rows.get(r).get(c).asDouble();
            }
        }
        return m;
    }

    /** Feeds the two streams in blocks of random sizes, interleaved so that either may run ahead. */
    static RidgeFit run(AccelDevice device, long seed) {
        return run(device, seed, RidgeSolver.Method.AUTO);
    }

    static RidgeFit run(AccelDevice device, long seed, RidgeSolver.Method method) {
        int t = golden.get("features").size();
        int p = golden.get("features").get(0).size();
        int n = golden.get("responses").get(0).size();
        float[] f = matrix(golden.get("features"), p);
        float[] y = matrix(golden.get("responses"), n);
        RidgeEncodingModel model = new RidgeEncodingModel();
        model.accel = accel.on(device);
        model.method = method;
        StringBuilder lambdas = new StringBuilder();
        golden.get("lambdas")
                .forEach(l -> lambdas.append(lambdas.length() == 0 ? "" : ",").append(l.asDouble()));
        model.activate(TestConfig.of(
                RidgeEncodingModelConfig.class,
                "minLag",
                golden.get("minLag").asInt(),
                "maxLag",
                golden.get("maxLag").asInt(),
                "folds",
                golden.get("folds").asInt(),
                "foldRows",
                golden.get("foldRows").asInt(),
                "lambdas",
                lambdas.toString(),
                "fitEvery",
                0,
                "chunkRows",
                128));
        StreamSpec fs = StreamSpec.builder("kin", Kind.MATRIX_F32)
                .channelCount(p)
                .sampleRate(50)
                .blockSamples(64)
                .build();
        StreamSpec ys = StreamSpec.builder("bins", Kind.MATRIX_F32)
                .channelCount(n)
                .sampleRate(50)
                .blockSamples(64)
                .build();
        ProcessorRun pr = Harness.processor(model, fs, ys);
        Random r = new Random(seed);
        int[] next = {0, 0};
        while (next[0] < t || next[1] < t) {
            int input = next[0] >= t ? 1 : next[1] >= t ? 0 : r.nextInt(2);
            int width = input == 0 ? p : n;
            int count = Math.min(1 + r.nextInt(64), t - next[input]);
            Block b = Block.allocate(Kind.MATRIX_F32, width, 64);
            System.arraycopy(input == 0 ? f : y, next[input] * width, b.f32(), 0, count * width);
            b.setSampleCount(count);
            b.setFirstSample(next[input]);
            next[input] += count;
            if (next[input] == t) {
                b.setFlags(Block.FLAG_END_OF_STREAM);
            }
            pr.feed(input, b);
        }
        // every design row got a prediction and one R² row came out at the end
        assertThat(pr.out().emittedSamples(0)).isEqualTo(golden.get("rows").asInt());
        assertThat(pr.out().emittedSamples(1)).isEqualTo(1);
        pr.close();
        return model.fit();
    }

    @Test
    void matchesScikitLearnOnEveryDevice() {
        for (AccelDevice d : accel.devices()) {
            assertMatchesGolden(d, run(d, 11));
        }
    }

    @Test
    void bothSolversMatchScikitLearn() {
        AccelDevice d = accel.device();
        assertMatchesGolden(d, run(d, 5, RidgeSolver.Method.EIGEN));
        assertMatchesGolden(d, run(d, 5, RidgeSolver.Method.CHOLESKY));
    }

    static void assertMatchesGolden(AccelDevice d, RidgeFit fit) {
        {
            int n = fit.n();
            assertThat(fit.rows()).isEqualTo(golden.get("rows").asLong());
            for (int l = 0; l < fit.lambdas().length; l++) {
                for (int j = 0; j < n; j++) {
                    assertThat(fit.r2(l, j))
                            .as("%s: R² of response %d at λ=%s", d, j, fit.lambdas()[l])
                            .isCloseTo(golden.get("r2ByLambda").get(l).get(j).asDouble(), within(1e-4));
                }
            }
            for (int j = 0; j < n; j++) {
                assertThat(fit.lambda()[j])
                        .as("%s: λ of response %d", d, j)
                        .isEqualTo(golden.get("lambda").get(j).asDouble());
                assertThat(fit.intercepts()[j])
                        .as("%s: intercept %d", d, j)
                        .isCloseTo(golden.get("intercepts").get(j).asDouble(), within(1e-4));
                for (int i = 0; i < fit.p(); i++) {
                    assertThat(fit.weight(i, j))
                            .as("%s: weight %d,%d", d, i, j)
                            .isCloseTo(golden.get("weights").get(i).get(j).asDouble(), within(1e-4));
                }
            }
        }
    }

    @Test
    void blockSizesAndInterleavingDoNotChangeTheFit() {
        AccelDevice pool = accel.devices().get(accel.devices().size() - 1);
        RidgeFit a = run(pool, 1);
        RidgeFit b = run(pool, 2);
        assertThat(a.r2()).containsExactly(b.r2(), within(1e-9));
        assertThat(a.weights()).containsExactly(b.weights(), within(1e-9));
    }

    @Test
    void badConfigurationIsReported() {
        RidgeEncodingModel m = new RidgeEncodingModel();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> m.activate(TestConfig.of(RidgeEncodingModelConfig.class, "lambdas", "1,x,3")))
                .hasMessageContaining("lambdas entry 'x' of '1,x,3' is not a number");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> m.activate(TestConfig.of(RidgeEncodingModelConfig.class, "minLag", 3, "maxLag", 1)))
                .hasMessageContaining("minLag 3 > maxLag 1");
    }
}
