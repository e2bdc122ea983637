package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording started and stopped while acquisition runs: the recorder joins the running pipeline,
 * writes a contiguous stretch of the stream with the source's exact values, and leaves without
 * disturbing anything else.
 */
class LiveRecordIT {
    @TempDir
    Path tmp;

    @Test
    void startAndStopRecordingWithoutStoppingAcquisition() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path pipeline = rig.write(
                    "live-rec.yaml",
                    """
                    name: live-rec
                    nodes:
                      amp:   { type: sim.sine, config: { channels: 4, rate: 30000, blockSamples: 30, amplitude: 1000, frequency: 10 } }
                      count: { type: sink.count, in: amp, config: { file: "%s" } }
                    """
                            .formatted(counts));
            Path summary = tmp.resolve("summary.json");
            CompletableFuture<Integer> run = rig.runAsync(
                    pipeline.toString(), "--duration", "6", "--summary", summary.toString(), "--quiet", "--no-web");
            RigFixture.awaitJson(
                    counts,
                    j -> j.has("amp.out") && j.get("amp.out").get("samples").asLong() > 30_000,
                    10_000);
            Path dir = tmp.resolve("recordings");
            assertThat(rig.command("record", "stop")).as("not recording yet").isEqualTo(2);
            assertThat(rig.command("record", "start", dir.toString())).isZero();
            assertThat(rig.command("record", "start", dir.toString()))
                    .as("already recording")
                    .isEqualTo(2);
            Thread.sleep(2000);
            // The same commands in the Gogo shell (scope neurorig), as an operator would type them.
            assertThat(String.valueOf(gogo(rig, "neurorig:status"))).startsWith("live-rec RECORD");
            assertThat(gogo(rig, "neurorig:record stop")).isEqualTo(0);
            assertThat(String.valueOf(gogo(rig, "neurorig:status"))).startsWith("live-rec ACQUIRE");
            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();

            // Acquisition was never disturbed.
            JsonNode c = RigFixture.readJson(counts).get("amp.out");
            assertThat(c.get("samples").asLong()).isEqualTo(180_000);
            assertThat(c.get("seqGaps").asLong()).isZero();
            assertThat(c.get("sampleGaps").asLong()).isZero();
            JsonNode sum = RigFixture.readJson(summary);
            assertThat(sum.get("streams").get("amp.out").get("drops").asLong()).isZero();
            assertThat(sum.get("nodes").has("rec"))
                    .as("the recorder left the pipeline")
                    .isFalse();

            // The recording: about 2 s, contiguous sample numbers, the source's exact values.
            Path folder;
            try (Stream<Path> s = Files.walk(dir)) {
                folder = s.filter(p -> p.getFileName().toString().equals("continuous.dat"))
                        .findFirst()
                        .orElseThrow()
                        .getParent();
            }
            long[] sampleNumbers = npyLongs(folder.resolve("sample_numbers.npy"));
            assertThat(sampleNumbers.length).isBetween(45_000, 90_000);
            for (int i = 1; i < sampleNumbers.length; i++) {
                assertThat(sampleNumbers[i]).isEqualTo(sampleNumbers[i - 1] + 1);
            }
            ByteBuffer dat = ByteBuffer.wrap(Files.readAllBytes(folder.resolve("continuous.dat")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            assertThat(dat.remaining()).isEqualTo(sampleNumbers.length * 4 * 2);
            for (int i = 0; i < sampleNumbers.length; i += 997) {
                long n = sampleNumbers[i];
                for (int ch = 0; ch < 4; ch++) {
                    short expected =
                            (short) Math.round(1000 * Math.sin(2 * Math.PI * 10 * n / 30000.0 + 2 * Math.PI * ch / 4));
                    assertThat(dat.getShort((i * 4 + ch) * 2))
                            .as("sample %d channel %d", n, ch)
                            .isEqualTo(expected);
                }
            }
            assertThat(List.of(folder.getFileName().toString())).allMatch(f -> f.endsWith(".out"));
        }
    }

    /**
     * A pipeline file in flow style, with comments and document markers, records live and with
     * {@code --record}: the recorder is added through the pipeline's model, not by appending text to
     * the file (which put it after the document's end marker, where the old code failed to parse it).
     */
    @Test
    void aFlowStyleFileWithCommentsAndDocumentMarkersRecordsLiveAndWithRecord() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path pipeline = rig.write("flow.yaml", flowStyle(counts));
            Path withRecord = tmp.resolve("with-record");
            assertThat(rig.runAsync(
                                    pipeline.toString(),
                                    "--duration",
                                    "2",
                                    "--record",
                                    withRecord.toString(),
                                    "--quiet",
                                    "--no-web")
                            .get(60, TimeUnit.SECONDS))
                    .isZero();
            long[] all = recorded(withRecord);
            assertThat(all).hasSize(2_000); // 2 s at 1 kHz, all of it
            assertThat(all[0]).isZero();
            assertContiguous(all);

            // The live run counts into a file of its own: the first run's sink may still write its
            // file while it is taken down, which would make the wait below pass too early.
            counts = tmp.resolve("live-counts.json");
            pipeline = rig.write("flow-live.yaml", flowStyle(counts));
            CompletableFuture<Integer> run =
                    rig.runAsync(pipeline.toString(), "--duration", "8", "--quiet", "--no-web");
            RigFixture.awaitJson(
                    counts,
                    j -> j.has("amp.out") && j.get("amp.out").get("samples").asLong() > 0,
                    10_000);
            Path live = tmp.resolve("live");
            assertThat(rig.command("record", "start", live.toString())).isZero();
            long from =
                    RigFixture.readJson(counts).get("amp.out").get("samples").asLong();
            RigFixture.awaitJson(counts, j -> j.get("amp.out").get("samples").asLong() >= from + 2_000, 10_000);
            assertThat(rig.command("record", "stop")).isZero();
            assertThat(run.isDone()).as("acquisition went on").isFalse();
            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
            long[] recorded = recorded(live);
            assertThat(recorded.length).as("about 2 s at 1 kHz").isBetween(1_000, 8_000);
            assertContiguous(recorded);
            assertThat(RigFixture.readJson(counts).get("amp.out").get("samples").asLong())
                    .isEqualTo(8_000);
        }
    }

    /** A rig in flow style, with a comment before the document marker, a trailing comment and an end marker. */
    private static String flowStyle(Path counts) {
        return """
                    # a rig in flow style
                    ---
                    { name: flow, nodes: {
                        amp: { type: sim.sine, config: { channels: 2, rate: 1000, blockSamples: 10, amplitude: 1000, frequency: 10 } },
                        count: { type: sink.count, in: amp, config: { file: "%s" } } } }  # trailing comment
                    ...
                    """
                .formatted(counts);
    }

    /** The sample numbers of the one continuous stream recorded under {@code dir} (a closed recording). */
    private static long[] recorded(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return npyLongs(s.filter(p -> p.getFileName().toString().equals("continuous.dat"))
                    .findFirst()
                    .orElseThrow()
                    .resolveSibling("sample_numbers.npy"));
        }
    }

    private static void assertContiguous(long[] sampleNumbers) {
        for (int i = 1; i < sampleNumbers.length; i++) {
            assertThat(sampleNumbers[i]).as("sample number %d", i).isEqualTo(sampleNumbers[i - 1] + 1);
        }
    }

    /** Runs one line in the host's Gogo shell (through reflection: Gogo's classes live in the host). */
    private static Object gogo(RigFixture rig, String line) throws Exception {
        var ctx = rig.host.context();
        var refs = ctx.getAllServiceReferences("org.apache.felix.service.command.CommandProcessor", null);
        var ref = refs == null ? null : refs[0];
        assertThat(ref).as("Gogo's command processor").isNotNull();
        Object processor = ctx.getService(ref);
        Object session = processor
                .getClass()
                .getMethod(
                        "createSession",
                        java.io.InputStream.class,
                        java.io.OutputStream.class,
                        java.io.OutputStream.class)
                .invoke(
                        processor,
                        java.io.InputStream.nullInputStream(),
                        new java.io.ByteArrayOutputStream(),
                        new java.io.ByteArrayOutputStream()); // not System.out: Gogo has wrapped it already
        Object result =
                session.getClass().getMethod("execute", CharSequence.class).invoke(session, line);
        session.getClass().getMethod("close").invoke(session);
        return result;
    }

    /**
     * The int64 data of a little-endian 1-D .npy file (header length from the v1 preamble), read
     * without the project's own reader.
     */
    static long[] npyLongs(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = Short.toUnsignedInt(b.getShort(8));
        b.position(10 + headerLen);
        long[] out = new long[b.remaining() / 8];
        b.asLongBuffer().get(out);
        return out;
    }
}
