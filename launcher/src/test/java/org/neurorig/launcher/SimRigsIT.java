package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated rigs' example pipelines in a real Felix host: exact counts and a consistent ground truth. */
class SimRigsIT {
    @TempDir
    Path tmp;

    /** The example file with its output files moved into the test's folder and a sample limit. */
    private String example(RigFixture rig, String name, String... replacements) throws Exception {
        String text = Files.readString(rig.repo.resolve("launcher/examples/" + name));
        for (int i = 0; i < replacements.length; i += 2) {
            assertThat(text).as("example %s mentions %s", name, replacements[i]).contains(replacements[i]);
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return text;
    }

    @Test
    void ephysExampleRunsThreeSecondsWithExactCountsAndGroundTruth() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path truth = tmp.resolve("truth.json");
            Path pipeline = rig.write(
                    "ephys.yaml",
                    example(
                            rig,
                            "ephys.yaml",
                            "groundTruth: ephys-truth.json",
                            "groundTruth: \"" + truth + "\", samples: 90000",
                            "file: ephys-counts.json",
                            "file: \"" + counts + "\""));
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(pipeline.toString(), "--duration", "3", "--summary", summary.toString(), "--quiet")
                    .get(90, TimeUnit.SECONDS);
            assertThat(code).isZero();

            JsonNode c = RigFixture.readJson(counts);
            assertThat(c.get("probe.ap").get("samples").asLong()).isEqualTo(90_000);
            assertThat(c.get("probe.ap").get("blocks").asLong()).isEqualTo(3_000);
            assertThat(c.get("bp.out").get("samples").asLong()).isEqualTo(90_000);
            assertThat(c.get("probe.lfp").get("samples").asLong()).isEqualTo(7_500);
            // sync edges at 0, 0.5, 1, 1.5, 2 and 2.5 s
            assertThat(c.get("probe.ttl").get("samples").asLong()).isEqualTo(6);
            for (String s : new String[] {"probe.ap", "probe.lfp", "bp.out"}) {
                assertThat(c.get(s).get("seqGaps").asLong()).as(s).isZero();
                assertThat(c.get(s).get("sampleGaps").asLong()).as(s).isZero();
            }
            JsonNode sum = RigFixture.readJson(summary);
            assertThat(sum.get("streams").get("probe.ap").get("drops").asLong()).isZero();
            assertThat(sum.get("nodes").get("probe").get("errors").asLong()).isZero();

            JsonNode gt = RigFixture.readJson(truth);
            assertThat(gt.get("complete").asBoolean()).isTrue();
            assertThat(gt.get("samples").asLong()).isEqualTo(90_000);
            assertThat(gt.get("units")).hasSize(32);
            long spikes = 0;
            for (JsonNode u : gt.get("units")) {
                spikes += u.get("spikeCount").asLong();
                for (JsonNode s : u.get("spikeSamples")) {
                    assertThat(s.asLong()).isBetween(0L, 89_999L);
                }
            }
            assertThat(spikes).isGreaterThan(32 * 2 * 3 / 2);
            // the int16 range of the raw AP includes the largest trough (≈ -284 µV = -1456 counts for seed 1)
            assertThat(c.get("probe.ap").get("min").asDouble()).isLessThan(-1000);
        }
    }
}
