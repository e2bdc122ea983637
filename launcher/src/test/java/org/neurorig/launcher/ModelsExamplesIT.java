package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.testkit.SharedData;

/**
 * The models' examples in a real host. handwriting-bci.yaml, with the simulator at full speed and
 * limited to 6000 bins: the run ends by itself, the Kalman decoder gives exactly one estimate per
 * bin, the comparison refits every 1500 bins. m1-reaching.yaml (real M1 data) runs for a few
 * seconds without a node error.
 */
class ModelsExamplesIT {
    @TempDir
    Path tmp;

    @Test
    void handwritingBciDecodesEveryBin() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            String example = Files.readString(rig.dist.resolve("examples/handwriting-bci.yaml"));
            Path counts = tmp.resolve("counts.json");
            String text = example.replace("pace: realtime", "pace: fast, bins: 6000")
                    .replace(
                            "in: [compare.r2, compare.best, compare.fraction, kalman.out] }",
                            "in: [compare.r2, compare.best, compare.fraction, kalman.out], config: { file: \"" + counts
                                    + "\" } }");
            assertThat(text).contains("bins: 6000").contains(counts.toString());
            Path pipeline = rig.write("handwriting-bci.yaml", text);
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(
                            pipeline.toString(),
                            "--duration",
                            "120",
                            "--summary",
                            summary.toString(),
                            "--quiet",
                            "--no-web")
                    .get(180, TimeUnit.SECONDS);
            assertThat(code).isZero();
            JsonNode c = RigFixture.readJson(counts);
            JsonNode out = c.get("kalman.out");
            assertThat(out.get("samples").asLong()).as("one estimate per bin").isEqualTo(6000);
            assertThat(out.get("sampleGaps").asLong()).isZero();
            assertThat(out.get("seqGaps").asLong()).isZero();
            // fits at 1500, 3000, 4500 and 6000 bins
            assertThat(c.get("compare.fraction").get("samples").asLong()).isEqualTo(4);
            assertThat(c.get("compare.best").get("samples").asLong()).isEqualTo(4);
            assertThat(c.get("compare.r2").get("samples").asLong()).isEqualTo(4);
            // fractions per set and best-set indices are what they say
            assertThat(c.get("compare.fraction").get("min").asDouble()).isBetween(0.0, 1.0);
            assertThat(c.get("compare.fraction").get("max").asDouble()).isBetween(0.0, 1.0);
            assertThat(c.get("compare.best").get("min").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(c.get("compare.best").get("max").asDouble()).isLessThanOrEqualTo(1);
            JsonNode sum = RigFixture.readJson(summary);
            for (String node : new String[] {"array", "compare", "kalman", "count"}) {
                assertThat(sum.get("nodes").get(node).get("errors").asLong())
                        .as(node + " errors")
                        .isZero();
            }
        }
    }

    @Test
    void m1ReachingRunsOnRealData() throws Exception {
        Path data = SharedData.dir("m1-s1-reaching").getParent();
        try (RigFixture rig = new RigFixture(tmp)) {
            String example = Files.readString(rig.dist.resolve("examples/m1-reaching.yaml"));
            Path counts = tmp.resolve("counts.json");
            String text = example.replace("../shared/data", data.toString())
                    .replace("saveDir: target/m1-reaching", "saveDir: \"" + tmp.resolve("fits") + "\"")
                    .replace(
                            "in: [decoder.pred, decoder.r2] }",
                            "in: [decoder.pred, decoder.r2], config: { file: \"" + counts + "\" } }");
            assertThat(text).contains(counts.toString());
            Path pipeline = rig.write("m1-reaching.yaml", text);
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(
                            pipeline.toString(),
                            "--duration",
                            "5",
                            "--summary",
                            summary.toString(),
                            "--quiet",
                            "--no-web")
                    .get(120, TimeUnit.SECONDS);
            assertThat(code).isZero();
            JsonNode c = RigFixture.readJson(counts);
            long pred = c.get("decoder.pred").get("samples").asLong();
            System.out.printf(
                    "m1-reaching for 5 s: %d decoded rows, %d R² rows%n",
                    pred, c.path("decoder.r2").path("samples").asLong());
            assertThat(pred).as("decoded rows").isGreaterThan(0);
            assertThat(c.get("decoder.pred").get("sampleGaps").asLong()).isZero();
            JsonNode sum = RigFixture.readJson(summary);
            assertThat(sum.get("nodes").get("decoder").get("errors").asLong()).isZero();
            assertThat(sum.get("nodes").get("m1").get("errors").asLong()).isZero();
        }
    }
}
