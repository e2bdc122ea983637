package org.neurorig.plugin.record.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SinkRun;

class RecordingRepairTest {
    @TempDir
    Path tmp;

    /** Records 100 samples flushed at sample 50, then abandons the recorder as a kill -9 would. */
    private Path crashedRecording() throws Exception {
        StreamSpec ttl = StreamSpec.builder("amp.ttl", Kind.EVENTS)
                .channelCount(2)
                .sampleRate(1000)
                .blockSamples(4)
                .source("amp")
                .build();
        OpenEphysRecorder r = OpenEphysRecorderTest.recorder(tmp, "flushSeconds", 1.0);
        long[] now = {0};
        r.flushTimer = false;
        r.clock = () -> now[0];
        List<Block> blocks = OpenEphysRecorderTest.sineBlocks(OpenEphysRecorderTest.I16, 100);
        SinkRun run = Harness.sink(r, OpenEphysRecorderTest.I16, ttl);
        Block edge = Block.forSpec(ttl);
        edge.addEvent(5, 1, 1, null);
        run.feed(1, edge);
        run.feedAll(blocks.subList(0, 4));
        now[0] = 1_000_000_000L;
        run.feed(blocks.get(4)); // flush: 50 samples, 1 edge on disk with headers saying so
        run.feedAll(blocks.subList(5, 10)); // staged only, never flushed
        return OpenEphysRecorderTest.rec1(tmp);
    }

    @Test
    void aKilledRecordingIsCutToItsLastCompleteRowsWithHeadersToMatch() throws Exception {
        Path rec = crashedRecording();
        Path cont = rec.resolve("continuous/amp-100.out");
        // simulate a partial write the kill interrupted: half a sample of .dat and 3 bytes of an int64
        try (FileChannel ch = FileChannel.open(cont.resolve("continuous.dat"), StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.allocate(6 * 4 * 2 + 4));
        }
        try (FileChannel ch = FileChannel.open(cont.resolve("sample_numbers.npy"), StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.allocate(5 * 8 + 3));
        }
        assertThat(rec.resolve("RECOVERY_NEEDED.txt"))
                .as("the killed recorder left its note")
                .exists();
        Files.writeString(rec.resolve("structure.oebin.tmp"), "{half");
        List<RecordingRepair.Result> results = new RecordingRepair().repairAll(tmp);
        RecordingRepair.Result c = results.stream()
                .filter(x -> x.folder().equals(cont))
                .findFirst()
                .orElseThrow();
        assertThat(c.problem()).isNull();
        assertThat(c.rows()).isEqualTo(50); // timestamps.npy has 50 complete rows: the common length
        assertThat(Npy.rows(cont.resolve("sample_numbers.npy"))).isEqualTo(50);
        assertThat(Files.size(cont.resolve("sample_numbers.npy"))).isEqualTo(128 + 50 * 8);
        assertThat(Files.size(cont.resolve("timestamps.npy"))).isEqualTo(128 + 50 * 8);
        assertThat(Files.size(cont.resolve("continuous.dat"))).isEqualTo(50 * 4 * 2);
        long[] sn = Npy.longs(cont.resolve("sample_numbers.npy"));
        assertThat(sn[49]).isEqualTo(49);
        assertThat(Npy.rows(rec.resolve("events/amp-100.ttl/TTL/states.npy"))).isEqualTo(1);
        assertThat(rec.resolve("structure.oebin.tmp")).doesNotExist();
        assertThat(rec.resolve("RECOVERY_NEEDED.txt"))
                .as("removed once the recording is whole")
                .doesNotExist();
        // a second pass finds nothing to do
        assertThat(new RecordingRepair().repairAll(tmp))
                .allSatisfy(x -> assertThat(x.changes()).isEmpty());
    }

    @Test
    void headersLaggingBehindCompleteDataAreMovedForward() throws Exception {
        Path rec = crashedRecording();
        Path cont = rec.resolve("continuous/amp-100.out");
        // the data of samples 50..99 reached the files but the process died before the header update
        appendRows(cont, 50, 100);
        new RecordingRepair().repairAll(tmp);
        assertThat(Npy.rows(cont.resolve("sample_numbers.npy"))).isEqualTo(100);
        assertThat(Npy.longs(cont.resolve("sample_numbers.npy"))[99]).isEqualTo(99);
        assertThat(Npy.doubles(cont.resolve("timestamps.npy"))[99]).isEqualTo(0.099);
    }

    private static void appendRows(Path cont, int from, int to) throws Exception {
        java.nio.ByteBuffer sn = java.nio.ByteBuffer.allocate(8 * (to - from)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer ts = java.nio.ByteBuffer.allocate(8 * (to - from)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int n = from; n < to; n++) {
            sn.putLong(n);
            ts.putDouble(n / 1000.0);
        }
        try (FileChannel ch = FileChannel.open(cont.resolve("sample_numbers.npy"), StandardOpenOption.APPEND)) {
            ch.write(sn.flip());
        }
        try (FileChannel ch = FileChannel.open(cont.resolve("timestamps.npy"), StandardOpenOption.APPEND)) {
            ch.write(ts.flip());
        }
        try (FileChannel ch = FileChannel.open(cont.resolve("continuous.dat"), StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.allocate(2 * 4 * (to - from)));
        }
    }

    @Test
    void recoverCommandReportsEachFolderAndExitsZero() throws Exception {
        crashedRecording();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        assertThat(new RecoverCommand()
                        .run(List.of(tmp.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), nowhere))
                .isZero();
        // the stream folders: amp continuous, its TTL events and the message center
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("recovered 3 folder(s)");
        assertThat(new RecoverCommand().run(List.of(), nowhere, nowhere)).isEqualTo(64);
        assertThat(new RecoverCommand().run(List.of(tmp.resolve("nope").toString()), nowhere, nowhere))
                .isEqualTo(64);
    }
}
