package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * A node that throws every 100th block and a node that hangs: each is contained. The source and
 * the healthy branch keep exact counts; the failing node restarts; the hung one is marked STALLED
 * and stops holding up its producer.
 */
class FaultIsolationIT {
    @TempDir
    Path tmp;

    @Test
    void throwingAndHangingNodesDoNotStopTheRest() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path jar;
            try (Stream<Path> s = Files.list(rig.fixtures)) {
                jar = s.filter(p -> p.getFileName().toString().startsWith("org.neurorig.fixture.faulty"))
                        .findFirst()
                        .orElseThrow();
            }
            Bundle faulty = rig.host.context().installBundle(jar.toUri().toString());
            faulty.start();
            Path healthy = tmp.resolve("healthy.json");
            Path failing = tmp.resolve("failing.json");
            Path hung = tmp.resolve("hung.json");
            Path pipeline = rig.write(
                    "faults.yaml",
                    """
                    name: faults-it
                    nodes:
                      amp:     { type: sim.sine, config: { channels: 8, rate: 30000, blockSamples: 30 } }
                      faulty:  { type: test.faulty, in: amp, config: { failEvery: 100 } }
                      slow:    { type: test.slow, in: amp, config: { hangAfterBlocks: 1000 } }
                      healthy: { type: sink.count, in: amp, config: { file: "%s" } }
                      failing: { type: sink.count, in: faulty, config: { file: "%s" } }
                      hung:    { type: sink.count, in: slow, config: { file: "%s" } }
                    """
                            .formatted(healthy, failing, hung));
            Path summary = tmp.resolve("summary.json");
            long t0 = System.nanoTime();
            int code = rig.runAsync(pipeline.toString(), "--duration", "10", "--summary", summary.toString(), "--quiet")
                    .get(90, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(code).isZero();

            JsonNode h = RigFixture.readJson(healthy).get("amp.out");
            assertThat(h.get("samples").asLong()).isEqualTo(300_000);
            assertThat(h.get("seqGaps").asLong()).isZero();
            assertThat(h.get("sampleGaps").asLong()).isZero();

            JsonNode sum = RigFixture.readJson(summary);
            JsonNode fNode = sum.get("nodes").get("faulty");
            long errors = fNode.get("errors").asLong();
            assertThat(errors).isEqualTo(100);
            assertThat(fNode.get("restarts").asLong()).isEqualTo(errors);
            assertThat(fNode.get("message").asText()).contains("injected failure");
            // Each failed block is missing downstream, and the next block is flagged as a discontinuity.
            JsonNode f = RigFixture.readJson(failing).get("faulty.out");
            assertThat(f.get("samples").asLong()).isEqualTo(300_000 - 30 * errors);
            assertThat(f.get("seqGaps").asLong()).isZero();
            assertThat(f.get("sampleGaps").asLong()).isZero();

            JsonNode slow = sum.get("nodes").get("slow");
            assertThat(slow.get("status").asText()).isEqualTo("STALLED");
            assertThat(slow.get("message").asText()).contains("has not returned");
            JsonNode amp = sum.get("streams").get("amp.out");
            assertThat(amp.get("samples").asLong()).isEqualTo(300_000);
            assertThat(amp.get("drops").asLong())
                    .as("blocks shed for the hung node")
                    .isPositive();
            assertThat(RigFixture.readJson(hung).get("slow.out").get("samples").asLong())
                    .isEqualTo(1000 * 30);
            // The run ends on time: the hung node held up neither the source nor the stop.
            assertThat(seconds).isLessThan(25);
        }
    }
}
