package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * A stateful filter's bundle updated mid-stream: its state is snapshotted from the outgoing instance
 * and restored into the new one, so the output equals an uninterrupted run value for value.
 */
class StatefulSwapIT {
    @TempDir
    Path tmp;

    private JsonNode run(boolean swap) throws Exception {
        Path dir = tmp.resolve(swap ? "swapped" : "plain");
        java.nio.file.Files.createDirectories(dir);
        try (RigFixture rig = new RigFixture(dir)) {
            Path counts = dir.resolve("counts.json");
            Path pipeline = rig.write(
                    "bp.yaml",
                    """
                    name: stateful-it
                    nodes:
                      amp:   { type: sim.sine, config: { channels: 8, rate: 30000, blockSamples: 30, amplitude: 1000, frequency: 1000 } }
                      bp:    { type: filter.bandpass, in: amp, config: { lowHz: 300, highHz: 6000, order: 3 } }
                      count: { type: sink.count, in: bp, config: { file: "%s", hash: true } }
                    """
                            .formatted(counts));
            Path summary = dir.resolve("summary.json");
            CompletableFuture<Integer> run =
                    rig.runAsync(pipeline.toString(), "--duration", "6", "--summary", summary.toString(), "--quiet");
            if (swap) {
                RigFixture.awaitJson(
                        counts,
                        j -> j.has("bp.out") && j.get("bp.out").get("samples").asLong() > 45_000,
                        10_000);
                Bundle filter = rig.host.bundles().stream()
                        .filter(b -> "org.neurorig.plugin.filter".equals(b.getSymbolicName()))
                        .findFirst()
                        .orElseThrow();
                filter.update(); // in place, from its own jar: a new class loader and a new instance
            }
            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
            JsonNode sum = RigFixture.readJson(summary);
            assertThat(sum.get("nodes").get("bp").get("swaps").asLong()).isEqualTo(swap ? 1 : 0);
            assertThat(sum.get("streams").get("bp.out").get("gaps").asLong()).isZero();
            return RigFixture.readJson(counts).get("bp.out");
        }
    }

    @Test
    void bandpassUpdatedMidStreamMatchesAnUninterruptedRun() throws Exception {
        JsonNode plain = run(false);
        JsonNode swapped = run(true);
        assertThat(swapped.get("samples").asLong())
                .isEqualTo(180_000)
                .isEqualTo(plain.get("samples").asLong());
        assertThat(swapped.get("seqGaps").asLong()).isZero();
        assertThat(swapped.get("sampleGaps").asLong()).isZero();
        assertThat(plain.get("max").asDouble()).isGreaterThan(100); // the 1 kHz sine passes the band
        assertThat(swapped.get("hash").asText()).isEqualTo(plain.get("hash").asText());
    }
}
