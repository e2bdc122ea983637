package org.neurorig.adapter.openephys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.CollectingEmitter;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SharedData;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

class OpenEphysPlaybackSourceTest {
    /** GUI 0.5.3 recording: two 16-channel streams of 122,496 samples, sample numbers from 54,752. */
    private static final String V053 = "bandpass-binary-v0.5.3";

    private static final String V053_REC = V053 + "/Record Node 118/experiment1/recording1";
    private static final String V067_REC = "spikes-binary-v0.6.7/Record Node 105/experiment1/recording1";

    @TempDir
    Path tmp;

    private static OpenEphysPlaybackSource source(Object... keyValues) {
        OpenEphysPlaybackSource s = new OpenEphysPlaybackSource();
        s.activate(TestConfig.of(OpenEphysPlaybackSourceConfig.class, keyValues));
        return s;
    }

    /** Value of sample {@code k}, channel {@code c} read straight from the file, independently of the reader. */
    private static short rawValue(Path dat, int channels, long k, int c) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dat.toFile(), "r")) {
            f.seek((k * channels + c) * 2);
            int lo = f.read();
            int hi = f.read();
            return (short) ((hi << 8) | lo);
        }
    }

    @Test
    void playsTheBandpassedStreamOfGui053WithItsSampleNumbersAndMetadata() throws IOException {
        Path data = SharedData.dir("openephys-cortex16");
        Harness.SourceRun run = Harness.drainSource(
                source(
                        "path",
                        data.resolve(V053).toString(),
                        "stream",
                        "File_Reader-106.0",
                        "pace",
                        "fast",
                        "blockSamples",
                        1000),
                3);
        StreamSpec spec = run.specs().get(0);
        assertThat(spec.kind()).isEqualTo(Kind.CONTINUOUS_I16);
        assertThat(spec.channelCount()).isEqualTo(16);
        assertThat(spec.sampleRate()).isEqualTo(40000.0);
        assertThat(spec.channels())
                .extracting(ChannelInfo::name)
                .startsWith("CH0", "CH1")
                .endsWith("CH15");
        assertThat(spec.channels().get(7).bitVolts()).isEqualTo(0.050000000745058059692);
        assertThat(spec.channels().get(7).units()).isEqualTo("uV");

        List<Block> blocks = run.out().emitted(0);
        BlockAssert.assertContinuous(blocks);
        BlockAssert.assertSampleCount(blocks, 122_496);
        assertThat(blocks).hasSize(123);
        assertThat(blocks.get(0).firstSample()).isEqualTo(54_752);
        Block last = blocks.get(122);
        assertThat(last.firstSample() + last.sampleCount()).isEqualTo(177_248);
        assertThat(last.flags()).isEqualTo(Block.FLAG_END_OF_STREAM);
        assertThat(blocks.get(121).flags()).isZero();

        Path dat = data.resolve(V053_REC).resolve("continuous/File_Reader-106.0/continuous.dat");
        short[] v = Blocks.concatI16(blocks);
        for (long k : new long[] {0, 1, 999, 1000, 61_234, 122_495}) {
            for (int c : new int[] {0, 5, 15}) {
                assertThat(v[(int) (k * 16 + c)])
                        .as("sample %d channel %d", k, c)
                        .isEqualTo(rawValue(dat, 16, k, c));
            }
        }
        assertThat(run.context().lastMessage()).contains("File_Reader-106.0").contains("122496 samples");
    }

    @Test
    void ttlEventsOfGui053ComeWithTheBlockThatCoversThem() throws IOException {
        Path data = SharedData.dir("openephys-cortex16");
        Harness.SourceRun run = Harness.drainSource(
                source("path", data.resolve(V053).toString(), "pace", "fast", "blockSamples", 4000), 3);
        // The first stream is the GUI's 4 Hz sine, the same on all 16 channels.
        short[] v = Blocks.concatI16(run.out().emitted(0));
        Path dat = data.resolve(V053_REC).resolve("continuous/File_Reader-114.0/continuous.dat");
        assertThat(v[16 * 5000]).isEqualTo(rawValue(dat, 16, 5000, 0)).isEqualTo(v[16 * 5000 + 9]);

        List<Block> events = run.out().emitted(1);
        assertThat(run.specs().get(1).kind()).isEqualTo(Kind.EVENTS);
        BlockAssert.assertSampleCount(events, 24);
        Block first = events.get(0);
        // timestamps.npy: 57514 (rising), 58515 (falling), 67514, …; channel_states ±1 = line 0
        assertThat(first.itemSample()[0]).isEqualTo(57_514);
        assertThat(first.itemChannel()[0]).isZero();
        assertThat(first.itemValue()[0]).isEqualTo(1);
        assertThat(first.itemSample()[1]).isEqualTo(58_515);
        assertThat(first.itemValue()[1]).isZero();
        // emitted with the continuous block [54752 + 4000·k, …) holding sample 57514: the first block
        assertThat(first.firstSample()).isEqualTo(54_752);
        assertThat(events.get(events.size() - 1).flags() & Block.FLAG_END_OF_STREAM)
                .isNotZero();
    }

    @Test
    void loopingContinuesTheSampleNumbersAndFlagsEachNewPass() throws IOException {
        Path data = SharedData.dir("openephys-cortex16");
        Harness.SourceRun run = Harness.runSource(
                source(
                        "path",
                        data.resolve(V053_REC).toString(),
                        "stream",
                        "1",
                        "pace",
                        "fast",
                        "loop",
                        true,
                        "blockSamples",
                        40_000),
                3 * 122_496);
        List<Block> blocks = run.out().emitted(0);
        assertThat(blocks).hasSize(12); // 3 passes of 40000, 40000, 40000, 2496
        Block pass2 = blocks.get(4);
        assertThat(pass2.firstSample()).isEqualTo(177_248);
        assertThat(pass2.flags()).isEqualTo(Block.FLAG_DISCONTINUITY);
        assertThat(blocks.get(8).firstSample()).isEqualTo(177_248 + 122_496);
        assertThat(blocks.get(3).flags()).isZero();
        BlockAssert.assertContinuous(blocks); // sample numbers never run backwards
        short[] v = Blocks.concatI16(blocks);
        for (int i = 0; i < 122_496 * 16; i += 997) {
            assertThat(v[i + 122_496 * 16]).isEqualTo(v[i]);
        }
        BlockAssert.assertSampleCount(run.out().emitted(1), 3 * 24);
    }

    @Test
    void gui06RecordingWithSampleNumbersAndStatesPlays() throws IOException {
        Path data = SharedData.dir("openephys-cortex16");
        // The 0.6.7 copy lacks continuous.dat (README): give it one of the declared size.
        Path rec = copyRecording(data.resolve(V067_REC), tmp.resolve("r"));
        int n = 131_362;
        byte[] dat = new byte[n * 16 * 2];
        for (int k = 0; k < n; k++) {
            for (int c = 0; c < 16; c++) {
                short s = (short) (k * 3 + c * 1000);
                dat[(k * 16 + c) * 2] = (byte) s;
                dat[(k * 16 + c) * 2 + 1] = (byte) (s >> 8);
            }
        }
        Files.write(rec.resolve("continuous/File_Reader-100.example_data/continuous.dat"), dat);
        Harness.SourceRun run = Harness.drainSource(
                source("path", tmp.toString(), "pace", "fast", "stream", "example_data", "blockSamples", 512), 3);
        List<Block> blocks = run.out().emitted(0);
        BlockAssert.assertSampleCount(blocks, n);
        BlockAssert.assertContinuous(blocks);
        assertThat(blocks.get(0).firstSample()).isEqualTo(40_091);
        assertThat(run.specs().get(0).channels().get(0).name()).isEqualTo("CH1");
        short[] v = Blocks.concatI16(blocks);
        assertThat(v[16 * 100_000 + 7]).isEqualTo((short) (100_000 * 3 + 7000));
        // Network_Events: 128 events, states ±1..±64 (lines 0..63, 1, 2, 3 first); File_Reader TTL is empty.
        List<Block> all = run.out().emitted(1);
        BlockAssert.assertSampleCount(all, 128);
        assertThat(all).hasSameSizeAs(blocks); // one per continuous block, most of them empty
        List<Block> ev = all.stream().filter(b -> b.sampleCount() > 0).toList();
        assertThat(run.specs().get(1).channelCount()).isEqualTo(64);
        assertThat(ev.get(0).itemSample()[0]).isEqualTo(40_944);
        // sample_numbers 40944 ×3, 41797 ×3 with states 1 -1 2 | -2 3 -3: separate 512-sample blocks
        assertThat(ev.get(0).sampleCount()).isEqualTo(3);
        assertThat(ev.get(0).itemChannel()).startsWith(0, 0, 1);
        assertThat(ev.get(0).itemValue()).startsWith(1, 0, 1);
        assertThat(ev.get(1).itemSample()[0]).isEqualTo(41_797);
        assertThat(ev.get(1).itemChannel()).startsWith(1, 2, 2);
        assertThat(ev.get(1).itemValue()).startsWith(0, 1, 0);
    }

    @Test
    void aJumpInTheSampleNumbersStartsAFlaggedBlock() throws IOException {
        Path rec = tinyRecording(tmp.resolve("t"), new long[] {100, 101, 102, 103, 500, 501, 502, 503, 504, 505});
        Harness.SourceRun run =
                Harness.drainSource(source("path", rec.toString(), "pace", "fast", "blockSamples", 6), 3);
        List<Block> blocks = run.out().emitted(0);
        assertThat(blocks).extracting(Block::firstSample).containsExactly(100L, 500L);
        assertThat(blocks).extracting(Block::sampleCount).containsExactly(4, 6);
        assertThat(blocks)
                .extracting(Block::flags)
                .containsExactly(0, Block.FLAG_DISCONTINUITY | Block.FLAG_END_OF_STREAM);
        List<Block> ttl = run.out().emitted(1);
        assertThat(ttl).extracting(Block::sampleCount).containsExactly(1, 1);
        assertThat(ttl.get(0).itemSample()[0]).isEqualTo(101);
        assertThat(ttl.get(0).itemChannel()[0]).isEqualTo(2);
        assertThat(ttl.get(1).itemSample()[0]).isEqualTo(505);
        assertThat(ttl.get(1).itemValue()[0]).isZero();
        assertThat(ttl).extracting(Block::firstSample).containsExactly(100L, 500L);
        assertThat(ttl)
                .extracting(Block::flags)
                .containsExactly(0, Block.FLAG_DISCONTINUITY | Block.FLAG_END_OF_STREAM);
        assertThat(Blocks.concatI16(blocks))
                .containsExactly(0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15, 6, 16, 7, 17, 8, 18, 9, 19);
    }

    @Test
    void everyPlaybackBlockGetsAnEventBlockEmptyWhenItHasNoEvent() throws IOException {
        // docs/WIRE.md §4: a consumer aligning the events by sample time learns that each span is finished
        Path rec = tinyRecording(tmp.resolve("t"), new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Harness.SourceRun run =
                Harness.drainSource(source("path", rec.toString(), "pace", "fast", "blockSamples", 2), 3);
        List<Block> blocks = run.out().emitted(0);
        assertThat(blocks).extracting(Block::firstSample).containsExactly(0L, 2L, 4L, 6L, 8L);
        List<Block> ttl = run.out().emitted(1);
        // the pulse: rising at sample 1, falling at 9
        assertThat(ttl).extracting(Block::firstSample).containsExactly(0L, 2L, 4L, 6L, 8L);
        assertThat(ttl).extracting(Block::sampleCount).containsExactly(1, 0, 0, 0, 1);
        assertThat(ttl).extracting(Block::flags).containsExactly(0, 0, 0, 0, Block.FLAG_END_OF_STREAM);
        assertThat(ttl.get(0).itemSample()[0]).isEqualTo(1);
        assertThat(ttl.get(4).itemSample()[0]).isEqualTo(9);
        for (int i = 0; i < 5; i++) {
            assertThat(ttl.get(i).acqTimeNanos())
                    .as("block %d", i)
                    .isEqualTo(blocks.get(i).acqTimeNanos());
        }
    }

    @Test
    void ttlRecordedAsAStreamOfItsOwnPlaysWithTheDataStreamOfItsSourceAndRate() throws IOException {
        // record.openephys layout: probe.ap and probe.ttl are separate streams of source "probe";
        // "other.ttl" is on another clock and must not be mixed in
        Path dir = tmp.resolve("nr");
        Path cdir = Files.createDirectories(dir.resolve("continuous/probe-100.ap"));
        Files.writeString(
                dir.resolve("structure.oebin"),
                """
                {"GUI version": "0.6.7", "continuous": [{"folder_name": "probe-100.ap/", "sample_rate": 1000.0,
                  "source_processor_name": "probe", "stream_name": "ap", "num_channels": 1,
                  "channels": [{"channel_name": "CH0", "bit_volts": 0.195, "units": "uV"}]}],
                 "events": [
                  {"folder_name": "probe-100.ttl/TTL/", "type": "int16", "source_processor": "probe",
                   "stream_name": "ttl", "sample_rate": 1000.0},
                  {"folder_name": "other-101.ttl/TTL/", "type": "int16", "source_processor": "other",
                   "stream_name": "ttl", "sample_rate": 1000.0},
                  {"folder_name": "MessageCenter/", "type": "string", "stream_name": ""}]}
                """);
        Files.write(cdir.resolve("continuous.dat"), new byte[2 * 10]);
        NpyWriter.int64(cdir.resolve("sample_numbers.npy"), new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        for (String src : new String[] {"probe-100", "other-101"}) {
            Path ttl = Files.createDirectories(dir.resolve("events/" + src + ".ttl/TTL"));
            boolean mine = src.startsWith("probe");
            NpyWriter.int64(ttl.resolve("sample_numbers.npy"), mine ? new long[] {0, 5} : new long[] {3});
            NpyWriter.int16(ttl.resolve("states.npy"), mine ? new short[] {1, -1} : new short[] {2});
        }
        Harness.SourceRun run = Harness.drainSource(source("path", dir.toString(), "pace", "fast"), 3);
        List<Block> ttl = run.out().emitted(1);
        assertThat(ttl).extracting(Block::sampleCount).containsExactly(2);
        assertThat(ttl.get(0).itemSample()).startsWith(0, 5);
        assertThat(ttl.get(0).itemChannel()).startsWith(0, 0);
        assertThat(ttl.get(0).itemValue()).startsWith(1, 0);
    }

    @Test
    void realtimePaceReleasesNothingBeforeTheFirstBlockIsDue() throws Exception {
        Path rec = tinyRecording(tmp.resolve("t"), new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.writeString(
                rec.resolve("structure.oebin"),
                Files.readString(rec.resolve("structure.oebin"))
                        .replace("\"sample_rate\": 1000", "\"sample_rate\": 1"));
        OpenEphysPlaybackSource s = source("path", rec.toString(), "blockSamples", 5);
        CollectingEmitter out = new CollectingEmitter(s.open(new TestContext("p")));
        assertThat(s.read(out)).isZero(); // 5 samples at 1 Hz are due after 5 s
        s.close();
    }

    @Test
    void missingContinuousDatIsNamed() {
        Path data = SharedData.dir("openephys-cortex16");
        assertThatThrownBy(() -> source(
                                "path", data.resolve("spikes-binary-v0.6.7").toString())
                        .open(new TestContext("p")))
                .hasMessageContaining("File_Reader-100.example_data/continuous.dat")
                .hasMessageContaining("missing continuous.dat");
    }

    @Test
    void inconsistentFilesGiveAnErrorNamingTheFileAndTheProblem() throws IOException {
        Path rec = tinyRecording(tmp.resolve("a"), new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Path cdir = rec.resolve("continuous/Acq-100.probe");
        Files.write(cdir.resolve("continuous.dat"), new byte[39]);
        assertThatThrownBy(() -> source("path", rec.toString()).open(new TestContext("p")))
                .hasMessageContaining("continuous.dat: 39 bytes is not a whole number of 2-channel int16 samples");
        Files.write(cdir.resolve("continuous.dat"), new byte[36]);
        assertThatThrownBy(() -> source("path", rec.toString()).open(new TestContext("p")))
                .hasMessageContaining("sample_numbers.npy: holds 10 sample numbers but continuous.dat holds 9 samples");
        Files.delete(cdir.resolve("sample_numbers.npy"));
        assertThatThrownBy(() -> source("path", rec.toString()).open(new TestContext("p")))
                .hasMessageContaining("neither sample_numbers.npy nor timestamps.npy");
        Files.writeString(rec.resolve("structure.oebin"), "{\"continuous\": [ {\"folder_name\": ");
        assertThatThrownBy(() -> source("path", rec.toString()).open(new TestContext("p")))
                .hasMessageContaining("structure.oebin: not valid JSON");
        assertThatThrownBy(
                        () -> source("path", tmp.resolve("nothing").toString()).open(new TestContext("p")))
                .hasMessageContaining("nothing")
                .hasMessageContaining("does not exist");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> source("path", tmp.resolve("empty").toString()).open(new TestContext("p")))
                .hasMessageContaining("no structure.oebin at or below");
        Path rec2 = tinyRecording(tmp.resolve("b"), new long[] {0, 1});
        assertThatThrownBy(
                        () -> source("path", rec2.toString(), "stream", "lfp").open(new TestContext("p")))
                .hasMessageContaining("no continuous stream 'lfp'; it has [Acq-100.probe]");
    }

    @Test
    void aRecordingLeftByACrashPlaysWithOneWarningAndAnInconsistencyNamesTheRecoverCommand() throws Exception {
        Path rec = tinyRecording(tmp.resolve("crashed"), new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.writeString(rec.resolve("RECOVERY_NEEDED.txt"), "written by record.openephys");
        java.util.List<String> warnings = new java.util.ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(OebinRecording.class.getName());
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                warnings.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(h);
        try {
            OpenEphysPlaybackSource s = source("path", rec.toString(), "pace", "fast");
            s.open(new TestContext("p"));
            s.close();
            String command = "neurorig recover '" + rec.toAbsolutePath() + "'";
            assertThat(warnings)
                    .containsExactly("WARNING playback.openephys: " + rec + " was not closed cleanly (it "
                            + "holds RECOVERY_NEEDED.txt): its files may disagree in length; repair it first with: "
                            + command);
            Files.write(rec.resolve("continuous/Acq-100.probe/continuous.dat"), new byte[36]);
            assertThatThrownBy(() -> source("path", rec.toString()).open(new TestContext("p")))
                    .hasMessageContaining("holds 10 sample numbers but continuous.dat holds 9 samples")
                    .hasMessageContaining("was not closed cleanly: run " + command);
        } finally {
            log.removeHandler(h);
        }
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> source("path", "x", "pace", "slow"))
                .hasMessageContaining("value 'slow' for 'pace' is not one of: realtime, fast");
        assertThatThrownBy(() -> source("path", "x", "blockSamples", 0))
                .hasMessageContaining("value 0 for 'blockSamples' is out of range: expected 1..65536");
        assertThatThrownBy(() -> source("path", " ")).hasMessageContaining("path is required");
    }

    /** A 2-channel 1 kHz recording whose sample k holds (k, k + 10) and one TTL pulse on line 2. */
    private static Path tinyRecording(Path dir, long[] sampleNumbers) throws IOException {
        Path cdir = dir.resolve("continuous/Acq-100.probe");
        Files.createDirectories(cdir);
        Files.writeString(
                dir.resolve("structure.oebin"),
                """
                {"GUI version": "0.6.7", "continuous": [{"folder_name": "Acq-100.probe/", "sample_rate": 1000,
                  "stream_name": "probe", "num_channels": 2, "channels": [
                   {"channel_name": "A", "bit_volts": 0.195, "units": "uV"},
                   {"channel_name": "B", "bit_volts": 0.195, "units": "uV"}]}],
                 "events": [{"folder_name": "Acq-100.probe/TTL/", "type": "int16", "stream_name": "probe"}]}
                """);
        int n = sampleNumbers.length;
        byte[] dat = new byte[n * 4];
        for (int k = 0; k < n; k++) {
            dat[4 * k] = (byte) k;
            dat[4 * k + 2] = (byte) (k + 10);
        }
        Files.write(cdir.resolve("continuous.dat"), dat);
        NpyWriter.int64(cdir.resolve("sample_numbers.npy"), sampleNumbers);
        Path ttl = dir.resolve("events/Acq-100.probe/TTL");
        Files.createDirectories(ttl);
        NpyWriter.int64(ttl.resolve("sample_numbers.npy"), new long[] {sampleNumbers[1], sampleNumbers[n - 1]});
        NpyWriter.int16(ttl.resolve("states.npy"), new short[] {3, -3});
        return dir;
    }

    private static Path copyRecording(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }
}
