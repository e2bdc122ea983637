package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trip in a real host: {@code sim.ephys} (AP + sync TTL) recorded by {@code record.openephys}
 * for 3 s while a {@code sink.count} watches the live streams, then the recording played back by
 * {@code playback.openephys} into another {@code sink.count} and a second recorder. The played-back
 * stream must be the live one exactly (samples, first sample, order-sensitive hash of every value,
 * TTL edges at the same samples), and recording it again must give the same files.
 */
class RecordPlaybackIT {
    /** 3 s of AP at 30 kHz. */
    private static final long SAMPLES = 90_000;

    @TempDir
    Path tmp;

    @Test
    void aRecordingPlaysBackAsTheLiveStreamSampleForSample() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path first = tmp.resolve("first");
            Path live = tmp.resolve("live.json");
            Path record = rig.write(
                    "record.yaml",
                    """
                    name: record-it
                    nodes:
                      probe: { type: sim.ephys, config: { seed: 7, samples: %d, blockSamples: 300 } }
                      rec:   { type: record.openephys, in: [probe.ap, probe.ttl], config: { dir: "%s" } }
                      live:  { type: sink.count, in: [probe.ap, probe.ttl], config: { file: "%s", hash: true } }
                    """
                            .formatted(SAMPLES, first, live));
            Path sum1 = tmp.resolve("summary1.json");
            assertThat(rig.runAsync(record.toString(), "--duration", "30", "--summary", sum1.toString(), "--quiet")
                            .get(90, TimeUnit.SECONDS))
                    .isZero();
            assertThat(RigFixture.readJson(sum1)
                            .get("nodes")
                            .get("rec")
                            .get("errors")
                            .asLong())
                    .isZero();
            Path rec1 = first.resolve("Record Node 101/experiment1/recording1");

            Path second = tmp.resolve("second");
            Path back = tmp.resolve("back.json");
            Path play = rig.write(
                    "play.yaml",
                    """
                    name: play-it
                    nodes:
                      oe:   { type: playback.openephys, config: { path: "%s", pace: fast, blockSamples: 1000 } }
                      back: { type: sink.count, in: [oe.out, oe.events], config: { file: "%s", hash: true } }
                      rec:  { type: record.openephys, in: [oe.out, oe.events], config: { dir: "%s" } }
                    """
                            .formatted(rec1, back, second));
            Path sum2 = tmp.resolve("summary2.json");
            assertThat(rig.runAsync(play.toString(), "--duration", "30", "--summary", sum2.toString(), "--quiet")
                            .get(90, TimeUnit.SECONDS))
                    .isZero();
            JsonNode s2 = RigFixture.readJson(sum2);
            assertThat(s2.get("nodes").get("oe").get("errors").asLong()).isZero();
            assertThat(s2.get("nodes").get("rec").get("errors").asLong()).isZero();

            JsonNode l = RigFixture.readJson(live);
            JsonNode b = RigFixture.readJson(back);
            JsonNode ap = l.get("probe.ap");
            JsonNode out = b.get("oe.out");
            assertThat(ap.get("samples").asLong()).isEqualTo(SAMPLES);
            assertThat(ap.get("firstSample").asLong()).isZero();
            for (String k : new String[] {"samples", "firstSample", "endSample", "min", "max", "hash"}) {
                assertThat(out.get(k)).as("oe.out " + k).isEqualTo(ap.get(k));
            }
            assertThat(out.get("sampleGaps").asLong()).isZero();
            assertThat(out.get("seqGaps").asLong()).isZero();
            // sync wave: an edge every 15,000 samples from sample 0, rising first
            JsonNode ttl = l.get("probe.ttl");
            JsonNode events = b.get("oe.events");
            assertThat(ttl.get("samples").asLong()).isEqualTo(SAMPLES / 15_000);
            for (String k : new String[] {"samples", "firstSample", "endSample"}) {
                assertThat(events.get(k)).as("oe.events " + k).isEqualTo(ttl.get(k));
            }

            // recording the playback again gives the same data, byte for byte
            Path rec2 = second.resolve("Record Node 101/experiment1/recording1");
            assertSameData(
                    rec1.resolve("continuous/probe-100.ap/continuous.dat"),
                    rec2.resolve("continuous/oe-100.out/continuous.dat"),
                    0);
            for (String f : new String[] {"sample_numbers.npy", "timestamps.npy"}) {
                assertSameData(
                        rec1.resolve("continuous/probe-100.ap/" + f), rec2.resolve("continuous/oe-100.out/" + f), 128);
            }
            for (String f : new String[] {"states.npy", "sample_numbers.npy", "timestamps.npy", "full_words.npy"}) {
                assertSameData(
                        rec1.resolve("events/probe-100.ttl/TTL/" + f),
                        rec2.resolve("events/oe-100.events/TTL/" + f),
                        128);
            }
            assertThat(Files.size(rec1.resolve("events/probe-100.ttl/TTL/states.npy")))
                    .isEqualTo(128 + 2 * 6);
        }
    }

    /** Same bytes after a header of {@code skip} bytes (the .npy headers differ only if the shapes do). */
    private static void assertSameData(Path a, Path b, int skip) throws IOException {
        byte[] x = Files.readAllBytes(a);
        byte[] y = Files.readAllBytes(b);
        assertThat(y.length).as(b + " vs " + a).isEqualTo(x.length);
        assertThat(x.length).as(a.toString()).isGreaterThan(skip);
        assertThat(Arrays.mismatch(x, skip, x.length, y, skip, y.length))
                .as(b + " vs " + a)
                .isEqualTo(-1);
    }
}
