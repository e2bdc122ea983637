package org.neurorig.plugin.record.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.io.NpyFile;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SineSource;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;

class OpenEphysRecorderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final StreamSpec I16 = StreamSpec.builder("amp.out", Kind.CONTINUOUS_I16)
            .channelCount(4)
            .sampleRate(1000)
            .defaultChannels("uV", 0.195)
            .blockSamples(10)
            .source("amp")
            .build();

    @TempDir
    Path tmp;

    static OpenEphysRecorder recorder(Path dir, Object... more) {
        Object[] kv = new Object[2 + more.length];
        kv[0] = "dir";
        kv[1] = dir.toString();
        System.arraycopy(more, 0, kv, 2, more.length);
        OpenEphysRecorder r = new OpenEphysRecorder();
        r.activate(TestConfig.of(OpenEphysRecorderConfig.class, kv), java.util.Map.of());
        return r;
    }

    static Path rec1(Path dir) {
        return dir.resolve("Record Node 101/experiment1/recording1");
    }

    static List<Block> sineBlocks(StreamSpec spec, int samples) {
        short[] d = new short[samples * spec.channelCount()];
        for (int n = 0; n < samples; n++) {
            for (int c = 0; c < spec.channelCount(); c++) {
                d[n * spec.channelCount() + c] =
                        SineSource.valueI16(1000, 10, spec.sampleRate(), n, c, spec.channelCount());
            }
        }
        return Blocks.split(spec, d, Blocks.fixedSizes(samples, spec.blockSamples()));
    }

    @Test
    void writesTheGuiLayoutWithInt16DataSampleNumbersAndTimestamps() throws Exception {
        Harness.SourceRun src = Harness.runSource(new SineSource(4, 1000, 10, Kind.CONTINUOUS_I16, 1000, 10), 2000);
        StreamSpec spec = src.specs().get(0).withName("amp.out").withSource("amp");
        OpenEphysRecorder r = recorder(tmp);
        SinkRun run = Harness.sink(r, spec).feedAll(src.out().emitted(0));
        assertThat(run.context().lastMessage()).contains("recording to").contains("recording1");
        run.close();

        Path rec = rec1(tmp);
        Path cont = rec.resolve("continuous/amp-100.out");
        short[] dat = Npy.dat(cont.resolve("continuous.dat"));
        assertThat(dat).hasSize(2000 * 4);
        for (int n = 0; n < 2000; n += 97) {
            for (int c = 0; c < 4; c++) {
                assertThat(dat[n * 4 + c]).isEqualTo(SineSource.valueI16(1000, 10, 1000, n, c, 4));
            }
        }
        assertThat(Npy.header(cont.resolve("sample_numbers.npy")))
                .startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (2000,), }");
        assertThat(Npy.header(cont.resolve("timestamps.npy"))).startsWith("{'descr': '<f8'");
        long[] sn = Npy.longs(cont.resolve("sample_numbers.npy"));
        double[] ts = Npy.doubles(cont.resolve("timestamps.npy"));
        assertThat(sn).hasSize(2000);
        assertThat(sn[0]).isZero();
        assertThat(sn[1999]).isEqualTo(1999);
        assertThat(ts[1500]).isEqualTo(1.5);
        assertThat(Files.size(cont.resolve("sample_numbers.npy"))).isEqualTo(128 + 2000 * 8);

        JsonNode oebin = JSON.readTree(rec.resolve("structure.oebin").toFile());
        assertThat(oebin.get("GUI version").asText()).isEqualTo("0.6.7");
        JsonNode c0 = oebin.get("continuous").get(0);
        assertThat(c0.get("folder_name").asText()).isEqualTo("amp-100.out/");
        assertThat(c0.get("sample_rate").asDouble()).isEqualTo(1000.0);
        assertThat(c0.get("source_processor_name").asText()).isEqualTo("amp");
        assertThat(c0.get("source_processor_id").asInt()).isEqualTo(100);
        assertThat(c0.get("stream_name").asText()).isEqualTo("out");
        assertThat(c0.get("recorded_processor_id").asInt()).isEqualTo(101);
        assertThat(c0.get("num_channels").asInt()).isEqualTo(4);
        assertThat(c0.get("channels")).hasSize(4);
        assertThat(c0.get("channels").get(3).get("channel_name").asText()).isEqualTo("CH3");
        assertThat(c0.get("channels").get(3).get("bit_volts").asDouble())
                .isEqualTo(spec.channels().get(3).bitVolts());
        assertThat(Files.readAllLines(rec.resolve("sync_messages.txt")))
                .hasSize(2)
                .last()
                .isEqualTo("Start Time for amp (100) - out @ 1000 Hz: 0");
        assertThat(tmp.resolve("Record Node 101/settings.xml"))
                .content()
                .contains("<VERSION>0.6.7</VERSION>")
                .contains("nodeId=\"100\"")
                .contains("engine=\"BINARY\"");
        assertThat(JSON.readTree(rec.resolve("gaps.json").toFile()).get("gaps")).isEmpty();
        assertThat(rec.resolve("events/MessageCenter/text.npy")).exists();
    }

    @Test
    void oebinHasEveryKeyTheGuiWritesForContinuousEventAndSpikeEntries() throws Exception {
        Path shared = sharedReference();
        org.junit.jupiter.api.Assumptions.assumeTrue(shared != null, "../shared/data/openephys-cortex16 not found");
        StreamSpec ttl = StreamSpec.builder("amp.ttl", Kind.EVENTS)
                .channelCount(8)
                .sampleRate(1000)
                .blockSamples(4)
                .source("amp")
                .build();
        StreamSpec spk = StreamSpec.builder("det.spikes", Kind.SPIKES)
                .channelCount(4)
                .sampleRate(1000)
                .blockSamples(4)
                .waveformLength(5)
                .source("amp")
                .build();
        OpenEphysRecorder r = recorder(tmp);
        Harness.sink(r, I16, ttl, spk).close();
        JsonNode ours = JSON.readTree(rec1(tmp).resolve("structure.oebin").toFile());
        JsonNode gui = JSON.readTree(shared.resolve("structure.oebin").toFile());
        assertThat(fieldNames(ours)).containsExactlyElementsOf(fieldNames(gui));
        assertThat(fieldNames(ours.get("continuous").get(0)))
                .containsAll(fieldNames(gui.get("continuous").get(0)));
        assertThat(fieldNames(ours.get("continuous").get(0).get("channels").get(0)))
                .containsAll(
                        fieldNames(gui.get("continuous").get(0).get("channels").get(0)));
        assertThat(fieldNames(ours.get("events").get(0)))
                .containsAll(fieldNames(gui.get("events").get(0)));
        assertThat(fieldNames(ours.get("spikes").get(0)))
                .containsAll(fieldNames(gui.get("spikes").get(0)));
        assertThat(ours.get("events").get(0).get("folder_name").asText()).isEqualTo("amp-100.ttl/TTL/");
        assertThat(ours.get("spikes").get(0).get("folder").asText()).isEqualTo("amp-100.spikes/");
        // the same header bytes as the GUI's own files, for an equal shape
        Path guiSn = shared.resolve("events/Network_Events-108.example_data/TTL/sample_numbers.npy");
        assertThat(NpyFile.header("<i8", 128, new int[0]))
                .isEqualTo(java.util.Arrays.copyOf(Files.readAllBytes(guiSn), 128));
    }

    static Path sharedReference() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve(
                    "shared/data/openephys-cortex16/spikes-binary-v0.6.7/Record Node 105/experiment1/recording1");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but ../shared/data/openephys-cortex16 was not found");
        }
        return null;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void floatStreamsAreScaledByBitVoltsAndSaturationIsCounted() throws Exception {
        StreamSpec f32 = StreamSpec.builder("bp.out", Kind.CONTINUOUS_F32)
                .channelCount(2)
                .sampleRate(1000)
                .blockSamples(3)
                .source("bp")
                .build();
        float[] v = {0.25f, -0.25f, 2.5f, 20000f, -20000f, 1.0f};
        OpenEphysRecorder r = recorder(tmp, "floatBitVolts", 0.5);
        SinkRun run = Harness.sink(r, f32).feedAll(Blocks.split(f32, v, new int[] {3}));
        assertThat(r.saturated(0)).isEqualTo(2);
        run.close();
        Path cont = rec1(tmp).resolve("continuous/bp-100.out");
        short[] dat = Npy.dat(cont.resolve("continuous.dat"));
        // 0.25/0.5 = 0.5 rounds half up to 1; -0.5 rounds up to 0
        assertThat(dat).containsExactly((short) 1, (short) 0, (short) 5, Short.MAX_VALUE, Short.MIN_VALUE, (short) 2);
        JsonNode ch = JSON.readTree(rec1(tmp).resolve("structure.oebin").toFile())
                .get("continuous")
                .get(0)
                .get("channels")
                .get(0);
        assertThat(ch.get("bit_volts").asDouble()).isEqualTo(0.5);
    }

    @Test
    void ttlEdgesGetSignedLineStatesAndFullWordsTextGoesToTheMessageCenter() throws Exception {
        StreamSpec ttl = StreamSpec.builder("amp.ttl", Kind.EVENTS)
                .channelCount(8)
                .sampleRate(1000)
                .blockSamples(8)
                .source("amp")
                .build();
        Block b = Block.forSpec(ttl);
        b.addEvent(10, 0, 1, null);
        b.addEvent(12, 1, 1, null);
        b.addEvent(15, 0, 0, null);
        b.addEvent(16, 0, 0, "stimulus A");
        b.addEvent(20, 1, 0, null);
        OpenEphysRecorder r = recorder(tmp);
        Harness.sink(r, I16, ttl).feed(1, b).close();
        Path dir = rec1(tmp).resolve("events/amp-100.ttl/TTL");
        // the text event is an edge too (line 0 falling at 16), and its text also goes to the message center
        assertThat(Npy.shorts(dir.resolve("states.npy")))
                .containsExactly((short) 1, (short) 2, (short) -1, (short) -1, (short) -2);
        assertThat(Npy.longs(dir.resolve("sample_numbers.npy"))).containsExactly(10, 12, 15, 16, 20);
        assertThat(Npy.longs(dir.resolve("full_words.npy"))).containsExactly(1, 3, 2, 2, 0);
        assertThat(Npy.doubles(dir.resolve("timestamps.npy"))).containsExactly(0.010, 0.012, 0.015, 0.016, 0.020);
        assertThat(Npy.header(dir.resolve("full_words.npy"))).contains("'<u8'").contains("(5,)");
        Path mc = rec1(tmp).resolve("events/MessageCenter");
        assertThat(Npy.header(mc.resolve("text.npy"))).contains("'|S513'").contains("(1,)");
        byte[] text = new byte[10];
        Npy.data(mc.resolve("text.npy")).get(text);
        assertThat(new String(text)).isEqualTo("stimulus A");
        assertThat(Npy.longs(mc.resolve("sample_numbers.npy"))).containsExactly(16);
    }

    @Test
    void spikesGetWaveformsInCountsChannelAndUnit() throws Exception {
        StreamSpec spk = StreamSpec.builder("det.spikes", Kind.SPIKES)
                .channels(List.of(ChannelInfo.of("A", "uV", 0.5), ChannelInfo.of("B", "uV", 0.25)))
                .sampleRate(1000)
                .blockSamples(4)
                .waveformLength(3)
                .source("amp")
                .build();
        Block b = Block.forSpec(spk);
        int k = b.addSpike(100, 1, 0);
        b.f32()[k * 3] = -10f;
        b.f32()[k * 3 + 1] = -20f;
        b.f32()[k * 3 + 2] = 5f;
        k = b.addSpike(130, 0, 2);
        b.f32()[k * 3] = 1f;
        OpenEphysRecorder r = recorder(tmp);
        Harness.sink(r, spk).feed(0, b).close();
        Path dir = rec1(tmp).resolve("spikes/amp-100.spikes");
        assertThat(Npy.header(dir.resolve("waveforms.npy"))).contains("'<i2'").contains("(2, 1, 3)");
        assertThat(Npy.shorts(dir.resolve("waveforms.npy")))
                .containsExactly((short) -40, (short) -80, (short) 20, (short) 2, (short) 0, (short) 0);
        assertThat(Npy.longs(dir.resolve("sample_numbers.npy"))).containsExactly(100, 130);
        assertThat(Npy.shorts(dir.resolve("electrode_indices.npy"))).containsExactly((short) 1, (short) 0);
        assertThat(Npy.shorts(dir.resolve("clusters.npy"))).containsExactly((short) 0, (short) 2);
    }

    @Test
    void gapsFromUpstreamAreWrittenToGapsJson() throws Exception {
        List<Block> blocks = new ArrayList<>(sineBlocks(I16, 60));
        blocks.remove(2); // seq 2, samples 20..29 missing
        blocks.get(4).setFirstSample(55); // seq 5 jumps 50 -> 55, flagged
        blocks.get(4).setFlags(Block.FLAG_DISCONTINUITY);
        OpenEphysRecorder r = recorder(tmp);
        Harness.sink(r, I16).feedAll(blocks).close();
        JsonNode g = JSON.readTree(rec1(tmp).resolve("gaps.json").toFile());
        assertThat(g.get("streams").get("amp.out").get("blocks").asLong()).isEqualTo(5);
        assertThat(g.get("streams").get("amp.out").get("seqGaps").asLong()).isEqualTo(1);
        assertThat(g.get("streams").get("amp.out").get("sampleGaps").asLong()).isEqualTo(2);
        JsonNode seqGap = g.get("gaps").get(0);
        assertThat(seqGap.get("kind").asText()).isEqualTo("seq");
        assertThat(seqGap.get("expectedSeq").asLong()).isEqualTo(2);
        assertThat(seqGap.get("seq").asLong()).isEqualTo(3);
        JsonNode sampleGap = g.get("gaps").get(1);
        assertThat(sampleGap.get("expectedSample").asLong()).isEqualTo(20);
        assertThat(sampleGap.get("firstSample").asLong()).isEqualTo(30);
        assertThat(sampleGap.get("missing").asLong()).isEqualTo(10);
        assertThat(sampleGap.get("discontinuityFlagged").asBoolean()).isFalse();
        assertThat(g.get("gaps").get(2).get("discontinuityFlagged").asBoolean()).isTrue();
        long[] sn = Npy.longs(rec1(tmp).resolve("continuous/amp-100.out/sample_numbers.npy"));
        assertThat(sn).hasSize(50);
        assertThat(sn[19]).isEqualTo(19);
        assertThat(sn[20]).isEqualTo(30);
        assertThat(sn[40]).isEqualTo(55);
    }

    @Test
    void headersFollowEachFlushAndTheFilesStayReadableBetweenThem() throws Exception {
        OpenEphysRecorder r = recorder(tmp, "flushSeconds", 1.0);
        long[] now = {0};
        r.flushTimer = false;
        r.clock = () -> now[0];
        List<Block> blocks = sineBlocks(I16, 100);
        SinkRun run = Harness.sink(r, I16);
        run.feedAll(blocks.subList(0, 4));
        Path sn = rec1(tmp).resolve("continuous/amp-100.out/sample_numbers.npy");
        assertThat(Npy.rows(sn)).isZero();
        now[0] = 1_000_000_000L;
        run.feed(blocks.get(4)); // the block that crosses the interval is written, then flushed
        assertThat(Npy.rows(sn)).isEqualTo(50);
        assertThat(Files.size(sn)).isEqualTo(128 + 50 * 8);
        assertThat(Files.size(rec1(tmp).resolve("continuous/amp-100.out/continuous.dat")))
                .isEqualTo(50 * 4 * 2);
        run.feedAll(blocks.subList(5, 10));
        assertThat(Npy.rows(sn)).isEqualTo(50);
        run.close();
        assertThat(Npy.rows(sn)).isEqualTo(100);
    }

    /** A slower stream beside {@link #I16}, as the LFP is beside the AP band. */
    static final StreamSpec SLOW = StreamSpec.builder("amp.lfp", Kind.CONTINUOUS_I16)
            .channelCount(2)
            .sampleRate(100)
            .defaultChannels("uV", 0.195)
            .blockSamples(1)
            .source("amp")
            .build();

    private static Block slowBlock(long first, long acqNanos) {
        Block b = Block.forSpec(SLOW);
        BlockStamp.seq(b, first);
        b.setFirstSample(first);
        b.setSampleCount(1);
        b.setAcqTimeNanos(acqNanos);
        return b;
    }

    @Test
    void eachStreamIsFlushedBeforeItsOldestSampleIsFlushSecondsOldCountedFromAcquisition() throws Exception {
        OpenEphysRecorder r = recorder(tmp, "flushSeconds", 1.0);
        long[] now = {10_000_000_000L};
        r.flushTimer = false;
        r.clock = () -> now[0];
        List<Block> fast = sineBlocks(I16, 100);
        SinkRun run = Harness.sink(r, I16, SLOW);
        Path slowSn = rec1(tmp).resolve("continuous/amp-100.lfp/sample_numbers.npy");
        // a slow-stream sample acquired 0.3 s ago (it queued that long) arrives now
        run.feed(1, slowBlock(0, now[0] - 300_000_000L));
        now[0] += 600_000_000L;
        run.feed(fast.get(0)); // 0.9 s after its acquisition: not due yet
        assertThat(Npy.rows(slowSn)).isZero();
        now[0] += 100_000_000L;
        run.feed(fast.get(1)); // 1.0 s after it: flushed now, not 1.0 s after it arrived
        assertThat(Npy.rows(slowSn)).isEqualTo(1);
        assertThat(Npy.rows(rec1(tmp).resolve("continuous/amp-100.out/sample_numbers.npy")))
                .isEqualTo(20);
        run.close();
    }

    @Test
    void aStreamThatFallsQuietIsFlushedByTheTimer() throws Exception {
        OpenEphysRecorder r = recorder(tmp, "flushSeconds", 0.05);
        SinkRun run = Harness.sink(r, I16, SLOW);
        Path slowSn = rec1(tmp).resolve("continuous/amp-100.lfp/sample_numbers.npy");
        for (int k = 0; k < 3; k++) {
            run.feed(1, slowBlock(k, org.neurorig.api.HostClock.nowNanos()));
        }
        long deadline = System.nanoTime() + 5_000_000_000L; // no block comes after these three
        while (Npy.rows(slowSn) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(Npy.rows(slowSn)).isEqualTo(3);
        run.close();
    }

    @Test
    void aRecordingBeingWrittenSaysHowToRecoverItAndACleanCloseRemovesTheNote() throws Exception {
        OpenEphysRecorder r = recorder(tmp);
        SinkRun run = Harness.sink(r, I16).feedAll(sineBlocks(I16, 30));
        Path marker = rec1(tmp).resolve("RECOVERY_NEEDED.txt");
        assertThat(marker).exists();
        assertThat(Files.readString(marker))
                .contains("neurorig recover '" + rec1(tmp) + "'")
                .contains("not closed cleanly");
        run.close();
        assertThat(marker).doesNotExist();
        assertThat(Npy.rows(rec1(tmp).resolve("continuous/amp-100.out/sample_numbers.npy")))
                .isEqualTo(30);
    }

    @Test
    void eachPrepareStartsANewRecordingAndEachInstanceANewExperiment() throws Exception {
        OpenEphysRecorder r = recorder(tmp);
        Harness.sink(r, I16).feedAll(sineBlocks(I16, 20));
        Harness.sink(r, I16).feedAll(sineBlocks(I16, 30)).close();
        Path exp1 = tmp.resolve("Record Node 101/experiment1");
        assertThat(Npy.rows(exp1.resolve("recording1/continuous/amp-100.out/sample_numbers.npy")))
                .isEqualTo(20);
        assertThat(Npy.rows(exp1.resolve("recording2/continuous/amp-100.out/sample_numbers.npy")))
                .isEqualTo(30);
        OpenEphysRecorder again = recorder(tmp, "recordNodeId", 101);
        Harness.sink(again, I16).close();
        assertThat(again.experimentDir()).isEqualTo(tmp.resolve("Record Node 101/experiment2"));
        assertThat(tmp.resolve("Record Node 101/settings_2.xml")).exists();
    }

    private OpenEphysRecorder inRun(String run) {
        OpenEphysRecorder r = new OpenEphysRecorder();
        r.activate(
                TestConfig.of(OpenEphysRecorderConfig.class, "dir", tmp.toString()),
                java.util.Map.of(OpenEphysRecorder.RUN_PROPERTY, run, org.neurorig.api.NodeProperties.NODE, "rec"));
        return r;
    }

    @Test
    void aNewInstanceInTheSameRunContinuesTheExperimentAndANewRunStartsTheNext() throws Exception {
        Harness.sink(inRun("run-A"), I16).feedAll(sineBlocks(I16, 20)).close();
        // the same node re-activated while acquisition goes on (hot-swapped bundle, changed setting)
        OpenEphysRecorder swapped = inRun("run-A");
        Harness.sink(swapped, I16).feedAll(sineBlocks(I16, 30)).close();
        Path exp1 = tmp.resolve("Record Node 101/experiment1");
        assertThat(swapped.experimentDir()).isEqualTo(exp1);
        assertThat(Npy.rows(exp1.resolve("recording1/continuous/amp-100.out/sample_numbers.npy")))
                .isEqualTo(20);
        assertThat(Npy.rows(exp1.resolve("recording2/continuous/amp-100.out/sample_numbers.npy")))
                .isEqualTo(30);
        // acquisition restarted: a new run
        OpenEphysRecorder next = inRun("run-B");
        Harness.sink(next, I16).feedAll(sineBlocks(I16, 10)).close();
        assertThat(next.experimentDir()).isEqualTo(tmp.resolve("Record Node 101/experiment2"));
        assertThat(Npy.rows(tmp.resolve(
                        "Record Node 101/experiment2/recording1/continuous/amp-100.out/sample_numbers.npy")))
                .isEqualTo(10);
        assertThat(tmp.resolve("Record Node 101/settings.xml")).exists();
        assertThat(tmp.resolve("Record Node 101/settings_2.xml")).exists();
        assertThat(tmp.resolve("Record Node 101/experiment3")).doesNotExist();
    }

    @Test
    void anUnwritableDestinationFailsPrepareNamingThePath() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        OpenEphysRecorder r = recorder(file.resolve("recordings"));
        assertThatThrownBy(() -> Harness.sink(r, I16))
                .cause()
                .hasMessageContaining("cannot create the recording folder")
                .hasMessageContaining(file.resolve("recordings").toString());
    }

    @Test
    void tooLittleFreeSpaceRefusesToStart() throws Exception {
        long free = Files.getFileStore(tmp).getUsableSpace();
        OpenEphysRecorder r = recorder(tmp, "minFreeBytes", free + (1L << 40));
        assertThatThrownBy(() -> Harness.sink(r, I16))
                .cause()
                .hasMessageContaining("free at " + tmp)
                .hasMessageContaining("less than minFreeBytes")
                .hasMessageContaining("refusing to record");
        assertThat(tmp.resolve("Record Node 101")).doesNotExist();
    }

    @Test
    void aFillingDiskStopsTheRecordingWithConsistentFiles() throws Exception {
        OpenEphysRecorder r = recorder(tmp, "minFreeBytes", 1_000_000L, "flushSeconds", 1.0);
        long[] now = {0};
        long[] free = {10_000_000L};
        r.flushTimer = false;
        r.clock = () -> now[0];
        r.freeSpace = store -> free[0];
        List<Block> blocks = sineBlocks(I16, 100);
        SinkRun run = Harness.sink(r, I16).feedAll(blocks.subList(0, 3));
        free[0] = 999_999L;
        now[0] = 2_000_000_000L;
        run.feed(blocks.get(3));
        assertThat(run.context().lastStatus()).isEqualTo(NodeStatus.FAILED);
        assertThat(run.context().lastMessage())
                .contains("disk nearly full")
                .contains(tmp.toString())
                .contains("recording1");
        run.feedAll(blocks.subList(4, 10)).close();
        assertThat(r.notRecorded()).isEqualTo(6);
        Path cont = rec1(tmp).resolve("continuous/amp-100.out");
        assertThat(Npy.rows(cont.resolve("sample_numbers.npy"))).isEqualTo(40);
        assertThat(Npy.rows(cont.resolve("timestamps.npy"))).isEqualTo(40);
        assertThat(Files.size(cont.resolve("continuous.dat"))).isEqualTo(40 * 4 * 2);
    }

    @Test
    void aBlockOfAnotherShapeStopsWithAClearErrorAndKeepsTheDataSoFar() throws Exception {
        OpenEphysRecorder r = recorder(tmp);
        SinkRun run = Harness.sink(r, I16).feedAll(sineBlocks(I16, 30));
        StreamSpec wider = StreamSpec.builder("amp.out", Kind.CONTINUOUS_I16)
                .channelCount(8)
                .sampleRate(1000)
                .blockSamples(10)
                .build();
        Block b = Block.forSpec(wider);
        BlockStamp.seq(b, 3);
        b.setFirstSample(30);
        b.setSampleCount(10);
        run.feed(0, b);
        assertThat(run.context().lastStatus()).isEqualTo(NodeStatus.FAILED);
        assertThat(run.context().lastMessage())
                .contains("amp.out changed shape")
                .contains("4 channels")
                .contains("recording1");
        Path cont = rec1(tmp).resolve("continuous/amp-100.out");
        assertThat(Npy.rows(cont.resolve("sample_numbers.npy"))).isEqualTo(30);
        assertThat(Npy.dat(cont.resolve("continuous.dat"))).hasSize(30 * 4);
        // a re-prepare with other streams is refused, the recording so far untouched
        OpenEphysRecorder r2 = recorder(tmp.resolve("b"));
        Harness.sink(r2, I16).feedAll(sineBlocks(I16, 20));
        assertThatThrownBy(() -> Harness.sink(r2, wider))
                .hasMessageContaining("input streams changed while recording")
                .hasMessageContaining("closed intact");
        assertThat(Npy.rows(rec1(tmp.resolve("b")).resolve("continuous/amp-100.out/sample_numbers.npy")))
                .isEqualTo(20);
    }

    @Test
    void steadyStateWritingAllocatesNothing() throws Exception {
        StreamSpec probe = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                .channelCount(384)
                .sampleRate(30000)
                .blockSamples(30)
                .source("probe")
                .build();
        OpenEphysRecorder r = recorder(tmp, "flushSeconds", 3600.0);
        SinkRun run = Harness.sink(r, probe);
        Block b = Block.forSpec(probe);
        b.setSampleCount(30);
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 2000; i++) { // warm up
            BlockStamp.seq(b, i);
            b.setFirstSample(30L * i);
            r.accept(b);
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 2000; i < 4000; i++) {
            BlockStamp.seq(b, i);
            b.setFirstSample(30L * i);
            r.accept(b);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        run.close();
        assertThat(allocated).as("bytes allocated for 2000 blocks").isLessThan(2000);
        assertThat(Npy.rows(rec1(tmp).resolve("continuous/probe-100.ap/sample_numbers.npy")))
                .isEqualTo(4000 * 30);
    }
}
