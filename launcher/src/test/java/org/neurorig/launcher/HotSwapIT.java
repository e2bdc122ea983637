package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * Replacing the gain plugin's bundle while data flows: the new code takes over between two
 * blocks, downstream sees every block in order, and nothing is dropped.
 */
class HotSwapIT {
    private static final Version V2 = new Version(0, 2, 0);

    @TempDir
    Path tmp;

    private Path gain2Jar(RigFixture rig) throws Exception {
        try (Stream<Path> s = Files.list(rig.fixtures)) {
            return s.filter(p -> p.getFileName().toString().startsWith("org.neurorig.fixture.gain2"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("gain2 fixture not built in " + rig.fixtures));
        }
    }

    private static Bundle gainBundle(RigFixture rig, boolean v2) {
        for (Bundle b : rig.host.bundles()) {
            if ("org.neurorig.plugin.gain".equals(b.getSymbolicName())
                    && b.getVersion().equals(V2) == v2) {
                return b;
            }
        }
        throw new AssertionError("no gain bundle " + (v2 ? "0.2.0" : "0.1.x") + " in " + rig.host.bundles());
    }

    private CompletableFuture<Integer> start(RigFixture rig, Path counts, Path summary) throws Exception {
        Path pipeline = rig.write(
                "swap.yaml",
                """
                name: swap-it
                nodes:
                  amp:   { type: sim.sine, config: { channels: 8, rate: 30000, blockSamples: 30, amplitude: 1000 } }
                  gain:  { type: filter.gain, in: amp, config: { gain: 1.0 } }
                  count: { type: sink.count, in: gain, config: { file: "%s" } }
                """
                        .formatted(counts));
        CompletableFuture<Integer> run =
                rig.runAsync(pipeline.toString(), "--duration", "12", "--summary", summary.toString(), "--quiet");
        // Old code in place: amplitude 1000 passes unchanged.
        RigFixture.awaitJson(
                counts,
                j -> j.has("gain.out") && j.get("gain.out").get("samples").asLong() >= 60_000,
                10_000);
        assertThat(RigFixture.readJson(counts).get("gain.out").get("max").asDouble())
                .isEqualTo(1000);
        return run;
    }

    private static void assertNothingLost(Path counts, Path summary) throws Exception {
        JsonNode g = RigFixture.readJson(counts).get("gain.out");
        assertThat(g.get("samples").asLong()).isEqualTo(360_000);
        assertThat(g.get("blocks").asLong()).isEqualTo(12_000);
        assertThat(g.get("seqGaps").asLong()).isZero();
        assertThat(g.get("sampleGaps").asLong()).isZero();
        assertThat(g.get("endSample").asLong()).isEqualTo(360_000);
        // The new code doubles: once it is live the maximum is 2000.
        assertThat(g.get("max").asDouble()).isEqualTo(2000);
        JsonNode sum = RigFixture.readJson(summary);
        for (JsonNode s : sum.get("streams")) {
            assertThat(s.get("gaps").asLong()).isZero();
            assertThat(s.get("drops").asLong()).isZero();
        }
        assertThat(sum.get("nodes").get("gain").get("swaps").asLong()).isEqualTo(1);
        assertThat(sum.get("nodes").get("gain").get("errors").asLong()).isZero();
    }

    @Test
    void sideBySideThroughDeployFolderThenOldRemoved() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path summary = tmp.resolve("summary.json");
            CompletableFuture<Integer> run = start(rig, counts, summary);
            // Operators' way: write the jar elsewhere, then move it into deploy/ in one step.
            Path staged = tmp.resolve("gain2.jar.part");
            Files.copy(gain2Jar(rig), staged);
            Files.move(staged, rig.deploy().resolve("gain2.jar"), StandardCopyOption.ATOMIC_MOVE);
            RigFixture.awaitJson(counts, j -> j.get("gain.out").get("max").asDouble() == 2000, 10_000);
            gainBundle(rig, false).uninstall();
            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
            assertNothingLost(counts, summary);
        }
    }

    @Test
    void inPlaceUpdateOfTheRunningBundle() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path summary = tmp.resolve("summary.json");
            CompletableFuture<Integer> run = start(rig, counts, summary);
            Bundle gain = gainBundle(rig, false);
            try (InputStream in = Files.newInputStream(gain2Jar(rig))) {
                gain.update(in);
            }
            assertThat(gain.getVersion()).isEqualTo(V2);
            RigFixture.awaitJson(counts, j -> j.get("gain.out").get("max").asDouble() == 2000, 10_000);
            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
            assertNothingLost(counts, summary);
        }
    }
}
