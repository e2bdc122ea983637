package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour rigs' example pipelines ({@code sim.handwriting}, {@code sim.twophoton}) in a real
 * Felix host, in real time: exact block and sample counts on every port, no gaps or drops, and
 * markers that agree with the ground-truth file.
 */
class SimBehaviourIT {
    @TempDir
    Path tmp;

    /** The example file with its output files moved into the test's folder and a length limit. */
    private static String example(RigFixture rig, String name, String... replacements) throws Exception {
        String text = Files.readString(rig.repo.resolve("launcher/examples/" + name));
        for (int i = 0; i < replacements.length; i += 2) {
            assertThat(text).as("example %s mentions %s", name, replacements[i]).contains(replacements[i]);
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return text;
    }

    private static void noLoss(JsonNode counts, JsonNode summary, String... streams) {
        for (String s : streams) {
            assertThat(counts.get(s).get("seqGaps").asLong()).as(s).isZero();
            assertThat(counts.get(s).get("sampleGaps").asLong()).as(s).isZero();
            assertThat(summary.get("streams").get(s).get("drops").asLong())
                    .as(s)
                    .isZero();
        }
    }

    @Test
    void handwritingExampleRunsFourSecondsWithExactCountsAndGroundTruth() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path truth = tmp.resolve("truth.json");
            Path pipeline = rig.write(
                    "handwriting.yaml",
                    example(
                            rig,
                            "handwriting.yaml",
                            "groundTruth: handwriting-truth.json",
                            "groundTruth: \"" + truth + "\", bins: 200",
                            "file: handwriting-counts.json",
                            "file: \"" + counts + "\""));
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(pipeline.toString(), "--duration", "15", "--summary", summary.toString(), "--quiet")
                    .get(90, TimeUnit.SECONDS);
            assertThat(code).isZero();

            JsonNode c = RigFixture.readJson(counts);
            assertThat(c.get("array.counts").get("blocks").asLong()).isEqualTo(200);
            assertThat(c.get("array.counts").get("samples").asLong()).isEqualTo(200);
            assertThat(c.get("array.kinematics").get("samples").asLong()).isEqualTo(200);
            JsonNode sum = RigFixture.readJson(summary);
            noLoss(c, sum, "array.counts", "array.kinematics");
            assertThat(sum.get("nodes").get("array").get("errors").asLong()).isZero();

            JsonNode gt = RigFixture.readJson(truth);
            assertThat(gt.get("complete").asBoolean()).isTrue();
            assertThat(gt.get("bins").asLong()).isEqualTo(200);
            assertThat(gt.get("units")).hasSize(96);
            JsonNode trials = gt.get("trials");
            assertThat(trials.size()).isGreaterThanOrEqualTo(1);
            // every finished trial sent its name and "end"; the next one its name if it began by bin 199
            long lastEnd = trials.get(trials.size() - 1).get("endBin").asLong();
            long expected = 2L * trials.size() + (lastEnd + 25 <= 199 ? 1 : 0);
            assertThat(c.get("array.markers").get("samples").asLong()).isEqualTo(expected);
            assertThat(trials.get(0).get("startBin").asLong()).isEqualTo(25);
        }
    }

    @Test
    void twophotonExampleRunsFiveSecondsWithExactCountsAndGroundTruth() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path truth = tmp.resolve("truth.json");
            Path pipeline = rig.write(
                    "twophoton.yaml",
                    example(
                            rig,
                            "twophoton.yaml",
                            "groundTruth: twophoton-truth.json",
                            "groundTruth: \"" + truth + "\", frames: 150",
                            "file: twophoton-counts.json",
                            "file: \"" + counts + "\""));
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(pipeline.toString(), "--duration", "15", "--summary", summary.toString(), "--quiet")
                    .get(90, TimeUnit.SECONDS);
            assertThat(code).isZero();

            JsonNode c = RigFixture.readJson(counts);
            assertThat(c.get("scope.dff").get("blocks").asLong()).isEqualTo(150);
            assertThat(c.get("scope.dff").get("samples").asLong()).isEqualTo(150);
            assertThat(c.get("scope.behaviour").get("samples").asLong()).isEqualTo(150);
            JsonNode sum = RigFixture.readJson(summary);
            noLoss(c, sum, "scope.dff", "scope.behaviour");
            assertThat(sum.get("nodes").get("scope").get("errors").asLong()).isZero();

            JsonNode gt = RigFixture.readJson(truth);
            assertThat(gt.get("complete").asBoolean()).isTrue();
            assertThat(gt.get("frames").asLong()).isEqualTo(150);
            assertThat(gt.get("neuron").get("dPrime")).hasSize(10_000);
            int selective = 0;
            for (JsonNode t : gt.get("neuron").get("texture")) {
                selective += t.asInt() >= 0 ? 1 : 0;
            }
            assertThat(selective).isEqualTo(1000);
            // one event at each corridor entry and exit
            long events = 0;
            for (JsonNode t : gt.get("trials")) {
                events += 1 + (t.get("exitFrame").asLong() >= 0 ? 1 : 0);
            }
            assertThat(gt.get("trials").get(0).get("entryFrame").asLong()).isZero();
            assertThat(c.get("scope.trials").get("samples").asLong()).isEqualTo(events);
        }
    }
}
