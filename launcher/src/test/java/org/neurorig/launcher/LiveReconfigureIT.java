package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing a live setting of a running node: applied between two blocks, bad values refused. */
class LiveReconfigureIT {
    @TempDir
    Path tmp;

    @Test
    void gainChangesLiveAndBadValuesAreRefused() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path pipeline = rig.write(
                    "live.yaml",
                    """
                    name: live-it
                    nodes:
                      amp:   { type: sim.sine, config: { channels: 4, rate: 30000, blockSamples: 30, amplitude: 1000 } }
                      gain:  { type: gain.scale, in: amp, config: { gain: 1.0 } }
                      count: { type: sink.count, in: gain, config: { file: "%s" } }
                    """
                            .formatted(counts));
            Path summary = tmp.resolve("summary.json");
            CompletableFuture<Integer> run =
                    rig.runAsync(pipeline.toString(), "--duration", "6", "--summary", summary.toString(), "--quiet");
            RigFixture.awaitJson(
                    counts,
                    j -> j.has("gain.out") && j.get("gain.out").get("samples").asLong() > 30_000,
                    10_000);
            assertThat(rig.command("set", "gain", "gain=abc")).isEqualTo(2);
            assertThat(rig.command("set", "gain", "gain=5000")).isEqualTo(2);
            assertThat(rig.command("set", "gain", "gian=2")).isEqualTo(2);
            assertThat(rig.command("set", "nosuch", "gain=2")).isEqualTo(2);
            assertThat(RigFixture.readJson(counts).get("gain.out").get("max").asDouble())
                    .isEqualTo(1000);

            assertThat(rig.command("set", "gain", "gain=3")).isZero();
            RigFixture.awaitJson(counts, j -> j.get("gain.out").get("max").asDouble() == 3000, 10_000);

            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
            JsonNode g = RigFixture.readJson(counts).get("gain.out");
            assertThat(g.get("samples").asLong()).isEqualTo(180_000);
            assertThat(g.get("seqGaps").asLong()).isZero();
            assertThat(g.get("sampleGaps").asLong()).isZero();
            JsonNode node = RigFixture.readJson(summary).get("nodes").get("gain");
            assertThat(node.get("swaps").asLong())
                    .as("taken live by @Modified, no re-creation")
                    .isZero();
            assertThat(node.get("errors").asLong()).isZero();
        }
    }
}
