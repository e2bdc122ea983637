package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * File playback in a real host (the real recordings of the shared folder, played in real time for
 * a few seconds), and a device that drops its link mid-stream (the template's {@code sim.flaky}):
 * OFFLINE with a message, reconnect, a flagged gap, the rest of the pipeline running on.
 */
class PlaybackIT {
    @TempDir
    Path tmp;

    private static Path sharedData(RigFixture rig) {
        Path data = rig.repo.getParent().resolve("shared").resolve("data");
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(Files.isDirectory(data), "CI=true but " + data + " is missing");
        }
        assumeTrue(Files.isDirectory(data), "../shared/data not found: playback IT skipped");
        return data;
    }

    @Test
    void openEphysAndBinnedRecordingsPlayInRealTime() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path data = sharedData(rig);
            Path counts = tmp.resolve("counts.json");
            Path pipeline = rig.write(
                    "playback.yaml",
                    """
                    name: playback-it
                    nodes:
                      oe:    { type: playback.openephys, config: { path: "%s", stream: File_Reader-106.0 } }
                      m1:    { type: playback.binned, config: { path: "%s", behaviour: [handVel] } }
                      count: { type: sink.count, in: [oe.out, oe.events, m1.counts, m1.behaviour], config: { file: "%s" } }
                    """
                            .formatted(
                                    data.resolve("openephys-cortex16/bandpass-binary-v0.5.3"),
                                    data.resolve("m1-s1-reaching/m1_stevenson_2011.mat"),
                                    counts));
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(pipeline.toString(), "--duration", "2", "--summary", summary.toString(), "--quiet")
                    .get(60, TimeUnit.SECONDS);
            assertThat(code).isZero();
            JsonNode c = RigFixture.readJson(counts);
            JsonNode oe = c.get("oe.out");
            assertThat(oe.get("samples").asLong()).isEqualTo(80_000); // 2 s at 40 kHz
            assertThat(oe.get("firstSample").asLong()).isEqualTo(54_752); // the recording's own sample numbers
            assertThat(oe.get("endSample").asLong()).isEqualTo(54_752 + 80_000);
            assertThat(oe.get("sampleGaps").asLong()).isZero();
            assertThat(oe.get("seqGaps").asLong()).isZero();
            // TTLs of the 4 Hz phase detector (timestamps.npy): 57514, 58515, … — 16 of them fall before 134752
            assertThat(c.get("oe.events").get("samples").asLong()).isEqualTo(16);
            assertThat(c.get("oe.events").get("firstSample").asLong()).isEqualTo(57_514);
            JsonNode m1 = c.get("m1.counts");
            assertThat(m1.get("samples").asLong()).isEqualTo(40); // 2 s of 50 ms bins
            assertThat(c.get("m1.behaviour").get("samples").asLong()).isEqualTo(40);
            JsonNode sum = RigFixture.readJson(summary);
            assertThat(sum.get("nodes").get("oe").get("errors").asLong()).isZero();
            assertThat(sum.get("nodes").get("m1").get("errors").asLong()).isZero();
        }
    }

    @Test
    void aDeviceThatDropsOutIsOfflineThenReconnectsWithAFlaggedGap() throws Exception {
        // The reactor builds the vendor template before the launcher and copies its jar to the fixtures.
        Path jar;
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("neurorig.fixtures", "target/fixtures")))) {
            jar = s.filter(p -> p.getFileName().toString().matches("com\\.example\\.neurorig\\.flaky-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the template's sim.flaky jar is not in the fixtures"));
        }
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("org.neurorig.runtime.internal.NodeHealth"); // logs status transitions
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                Object[] p = r.getParameters();
                logged.add(p == null ? r.getMessage() : p[0] + " " + p[1] + " " + p[2]);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(h);
        try (RigFixture rig = new RigFixture(tmp)) {
            Bundle b = rig.host.context().installBundle(jar.toUri().toString());
            b.start();
            Path counts = tmp.resolve("counts.json");
            Path pipeline = rig.write(
                    "flaky.yaml",
                    """
                    name: flaky-it
                    nodes:
                      amp:   { type: sim.flaky, config: { channels: 4, rate: 10000, blockSamples: 10, dropEvery: 10000, backoffMillis: 20 } }
                      gain:  { type: gain.scale, in: amp, config: { gain: 2.0 } }
                      sine:  { type: sim.sine, config: { channels: 2, rate: 10000, blockSamples: 10 } }
                      count: { type: sink.count, in: [amp, gain, sine], config: { file: "%s" } }
                    """
                            .formatted(counts));
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(pipeline.toString(), "--duration", "3", "--summary", summary.toString(), "--quiet")
                    .get(60, TimeUnit.SECONDS);
            assertThat(code).isZero();
            JsonNode c = RigFixture.readJson(counts);
            for (String s : new String[] {"amp.out", "gain.out"}) {
                JsonNode n = c.get(s);
                assertThat(n.get("samples").asLong()).as(s).isEqualTo(30_000);
                assertThat(n.get("seqGaps").asLong()).as(s).isZero();
                assertThat(n.get("sampleGaps").asLong())
                        .as(s + ": every gap is flagged")
                        .isZero();
                // the device counter ran on while the link was down (≥ 2 outages of 20+40+80 ms)
                assertThat(n.get("endSample").asLong() - n.get("firstSample").asLong())
                        .as(s)
                        .isGreaterThan(30_000);
            }
            assertThat(c.get("sine.out").get("samples").asLong()).isEqualTo(30_000);
            assertThat(c.get("sine.out").get("sampleGaps").asLong()).isZero();
            JsonNode sum = RigFixture.readJson(summary);
            assertThat(sum.get("nodes").get("amp").get("errors").asLong()).isZero();
            assertThat(sum.get("nodes").get("gain").get("errors").asLong()).isZero();
            assertThat(logged)
                    .anySatisfy(m -> assertThat(m).startsWith("amp OFFLINE sim.flaky: link lost at device sample"));
        } finally {
            log.removeHandler(h);
        }
    }
}
