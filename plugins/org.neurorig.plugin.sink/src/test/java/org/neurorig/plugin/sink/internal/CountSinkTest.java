package org.neurorig.plugin.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.RampSource;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;

class CountSinkTest {
    private static final StreamSpec F32 = StreamSpec.builder("bp.out", Kind.CONTINUOUS_F32)
            .channelCount(2)
            .sampleRate(1000)
            .blockSamples(10)
            .build();

    /** A sink with the hash on, as the tests that compare runs configure it. */
    private static CountSink sink(String file) {
        CountSink s = new CountSink();
        s.activate(TestConfig.of(CountSinkConfig.class, "file", file, "hash", true));
        return s;
    }

    /** The float range is the values' own, and one NaN anywhere makes it NaN (a corrupted stream shows). */
    @Test
    void floatRangeAndNaN() {
        float[] data = new float[2 * 60];
        for (int i = 0; i < data.length; i++) {
            data[i] = i - 50.5f;
        }
        CountSink s = sink("");
        Harness.sink(s, F32).feedAll(Blocks.split(F32, data, new int[] {25, 35}));
        assertThat(s.counts().get(0).min).isEqualTo(-50.5);
        assertThat(s.counts().get(0).max).isEqualTo(68.5);
        data[77] = Float.NaN;
        CountSink t = sink("");
        Harness.sink(t, F32).feedAll(Blocks.split(F32, data, new int[] {25, 35}));
        assertThat(t.counts().get(0).min).isNaN();
        assertThat(t.counts().get(0).max).isNaN();
    }

    @Test
    void hashesOnlyWhenAsked() {
        CountSink s = new CountSink();
        s.activate(TestConfig.of(CountSinkConfig.class, "file", ""));
        Harness.SourceRun src = Harness.runSource(new RampSource(3, 1000, 25), 100);
        Harness.sink(s, src.specs().get(0)).feedAll(src.out().emitted(0)).close();
        Map<String, Object> m = s.counts().get(0).toMap();
        assertThat(m).containsEntry("hash", null).containsEntry("samples", 100L).containsEntry("min", 0L);
    }

    @Test
    void countsBlocksSamplesAndValueRangeOfAnInt16Stream() {
        Harness.SourceRun src = Harness.runSource(new RampSource(3, 1000, 25), 1000);
        StreamSpec spec = src.specs().get(0).withName("probe.ap");
        CountSink s = sink("");
        Harness.sink(s, spec).feedAll(src.out().emitted(0)).close();
        StreamCount c = s.counts().get(0);
        assertThat(c.blocks).isEqualTo(40);
        assertThat(c.samples).isEqualTo(1000);
        assertThat(c.seqGaps).isZero();
        assertThat(c.sampleGaps).isZero();
        assertThat(c.firstSample).isZero();
        assertThat(c.endSample).isEqualTo(1000);
        assertThat(c.min).isEqualTo(0.0);
        assertThat(c.max).isEqualTo(999 + 2);
        assertThat(s.report()).containsOnlyKeys("probe.ap");
    }

    @Test
    void missingBlocksAndUnflaggedJumpsAreGaps() {
        float[] data = new float[2 * 60];
        for (int i = 0; i < data.length; i++) {
            data[i] = i - 50.5f;
        }
        List<Block> blocks = new ArrayList<>(Blocks.split(F32, data, Blocks.fixedSizes(60, 10)));
        blocks.remove(2); // seq 2, samples 20..29: one seq gap and one sample gap
        blocks.get(3).setFlags(Block.FLAG_DISCONTINUITY); // seq 4 starts at 40 as expected anyway
        blocks.get(4).setFirstSample(55); // seq 5 jumps 50 → 55, flagged: not a sample gap
        blocks.get(4).setFlags(Block.FLAG_DISCONTINUITY);
        CountSink s = sink("");
        Harness.sink(s, F32).feedAll(blocks);
        StreamCount c = s.counts().get(0);
        assertThat(c.blocks).isEqualTo(5);
        assertThat(c.samples).isEqualTo(50);
        assertThat(c.seqGaps).isEqualTo(1);
        assertThat(c.sampleGaps).isEqualTo(1);
        assertThat(c.endSample).isEqualTo(65);
        assertThat(c.min).isEqualTo(-50.5);
        assertThat(c.max).isEqualTo(119 - 50.5);
    }

    @Test
    void itemStreamsCountItemsWithoutValueRange() {
        StreamSpec spikes = StreamSpec.builder("spikes.out", Kind.SPIKES)
                .channelCount(4)
                .sampleRate(30000)
                .blockSamples(8)
                .build();
        Block b0 = Block.forSpec(spikes);
        b0.addSpike(100, 1, 0);
        b0.addSpike(250, 3, 0);
        Block b1 = Block.forSpec(spikes);
        BlockStamp.seq(b1, 3);
        b1.addSpike(900, 2, 0);
        CountSink s = sink("");
        Harness.sink(s, F32, spikes).feed(1, b0).feed(1, b1);
        StreamCount c = s.counts().get(1);
        assertThat(c.samples).isEqualTo(3);
        assertThat(c.seqGaps).isEqualTo(2);
        assertThat(c.firstSample).isEqualTo(100);
        assertThat(c.endSample).isEqualTo(901);
        assertThat(c.toMap()).containsEntry("min", null).containsEntry("max", null);
        // the other input saw nothing: the four lanes at FNV-1a's offset basis, combined (Python:
        // h = B; for l in [B] * 4: h = ((h ^ l) * P) % 2**64, B = 0xcbf29ce484222325, P = 0x100000001b3)
        assertThat(s.counts().get(0).toMap()).containsEntry("hash", "f7973b6e20c97451");
        assertThat(s.counts().get(0).blocks).isZero();
    }

    @Test
    void writesJsonAtomicallyOncePerSecondAndOnClose(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/counts.json");
        CountSink s = sink(out.toString());
        long[] now = {0};
        s.clock = () -> now[0];
        StreamSpec i16 = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                .channelCount(1)
                .sampleRate(1000)
                .blockSamples(4)
                .build();
        List<Block> blocks = Blocks.split(i16, new short[] {5, -7, 3, 1, 9, 0, 0, 2}, new int[] {4, 4});
        SinkRun run = Harness.sink(s, i16, i16).feed(0, blocks.get(0));
        assertThat(out).doesNotExist();
        now[0] = 1_000_000_000L;
        run.feed(1, blocks.get(1));
        JsonNode first = new ObjectMapper().readTree(out.toFile());
        assertThat(first.get("probe.ap").get("blocks").asLong()).isEqualTo(1);
        assertThat(first.get("probe.ap#1").get("firstSample").asLong()).isEqualTo(4);
        run.close();
        JsonNode last = new ObjectMapper().readTree(out.toFile());
        JsonNode c = last.get("probe.ap");
        assertThat(c.get("samples").asLong()).isEqualTo(4);
        assertThat(c.get("seqGaps").asLong()).isZero();
        assertThat(c.get("sampleGaps").asLong()).isZero();
        assertThat(c.get("firstSample").asLong()).isZero();
        assertThat(c.get("endSample").asLong()).isEqualTo(4);
        assertThat(c.get("min").asLong()).isEqualTo(-7);
        assertThat(c.get("max").asLong()).isEqualTo(5);
        assertThat(c.get("min").isIntegralNumber()).isTrue();
        assertThat(Files.list(out.getParent()).map(p -> p.getFileName().toString()))
                .containsExactly("counts.json");
    }

    @Test
    void blockOnAnUnpreparedInputIsRejected() {
        CountSink s = sink("");
        Block b = Block.forSpec(F32);
        assertThatThrownBy(() -> Harness.sink(s, F32).feed(2, b)).hasMessageContaining("input 2 but 1 input(s)");
    }

    /** One block of the given int16 values, or several blocks splitting them at {@code splits}. */
    private static String hashOfI16(int[] splits, short... values) {
        StreamSpec spec = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                .channelCount(1)
                .sampleRate(1000)
                .blockSamples(values.length)
                .build();
        CountSink s = sink("");
        SinkRun run = Harness.sink(s, spec);
        int from = 0;
        int seq = 0;
        for (int k = 0; k <= splits.length; k++) {
            int to = k < splits.length ? splits[k] : values.length;
            Block b = Block.forSpec(spec);
            System.arraycopy(values, from, b.i16(), 0, to - from);
            b.setFirstSample(from);
            b.setSampleCount(to - from);
            BlockStamp.seq(b, seq++);
            run.feed(0, b);
            from = to;
        }
        return (String) ((Map<?, ?>) s.report().get("probe.ap")).get("hash");
    }

    /**
     * The hash the hot-swap, playback and chain tests compare: word k (here each value, sign-extended)
     * goes to lane k mod 4, each lane a 64-bit FNV-1a from the offset basis, then FNV-1a over the four
     * lanes. Expected values computed in Python, {@code P = 0x100000001b3}, {@code B = 0xcbf29ce484222325}:
     * {@code lanes = [B] * 4; for k, w in enumerate(words): lanes[k % 4] = ((lanes[k % 4] ^ (w % 2**64)) * P)
     * % 2**64; h = B; for l in lanes: h = ((h ^ l) * P) % 2**64}. (Lane 0 of "a" alone is the published
     * FNV1a64("a") = af63dc4c8601ec8c.)
     */
    @Test
    void hashIsFourLanesOfFnv1aOverTheValues() {
        assertThat(hashOfI16(new int[0], (short) 'a')).isEqualTo("79b27f1de412728");
        short[] foobar = {'f', 'o', 'o', 'b', 'a', 'r'};
        assertThat(hashOfI16(new int[0], foobar)).isEqualTo("98585f7f8b614710");
        // block boundaries do not matter (not even one that leaves a lane half way), the order does
        assertThat(hashOfI16(new int[] {1, 4}, foobar)).isEqualTo("98585f7f8b614710");
        assertThat(hashOfI16(new int[] {3}, foobar)).isEqualTo("98585f7f8b614710");
        assertThat(hashOfI16(new int[0], (short) 'r', (short) 'a', (short) 'b', (short) 'o', (short) 'o', (short) 'f'))
                .isEqualTo("ab33340d93a95ac2");
        // negative values enter sign-extended to 64 bits
        assertThat(hashOfI16(new int[0], (short) -1, (short) 300, (short) -32768))
                .isEqualTo("77ac3802064105b2");
    }

    private static final StreamSpec SPIKES = StreamSpec.builder("spikes.spikes", Kind.SPIKES)
            .channelCount(4)
            .sampleRate(30000)
            .blockSamples(4)
            .waveformLength(2)
            .build();

    /** Spikes (sample, channel, unit, waveform), in blocks of the given sizes; the hash reported. */
    private static String hashOfSpikes(int[] sizes, long[] sample, int[] channel, int[] unit, float[] waveforms) {
        CountSink s = sink("");
        SinkRun run = Harness.sink(s, SPIKES);
        int i = 0;
        for (int k = 0; k < sizes.length; k++) {
            Block b = Block.forSpec(SPIKES);
            BlockStamp.seq(b, k);
            for (int j = 0; j < sizes[k]; j++, i++) {
                int at = b.addSpike(sample[i], channel[i], unit[i]);
                b.f32()[2 * at] = waveforms[2 * i];
                b.f32()[2 * at + 1] = waveforms[2 * i + 1];
            }
            run.feed(0, b);
        }
        return (String) ((Map<?, ?>) s.report().get("spikes.spikes")).get("hash");
    }

    /**
     * Each spike enters as its sample number (the whole long as one word), channel, unit, then its
     * waveform's float bits; block boundaries do not matter, the order does. Expected value: the
     * Python above, floats as {@code struct.unpack('<i', struct.pack('<f', x))[0]}.
     */
    @Test
    void spikeHashCoversEveryFieldAndWaveform() {
        long[] sample = {100, 250, (1L << 40) + 7};
        int[] channel = {1, 3, 0};
        int[] unit = {0, 2, -1};
        float[] waves = {1.5f, -2.25f, 0.0f, -0.0f, -1e30f, 3.0f};
        assertThat(hashOfSpikes(new int[] {3}, sample, channel, unit, waves)).isEqualTo("37737eda63509bb5");
        assertThat(hashOfSpikes(new int[] {1, 0, 2}, sample, channel, unit, waves))
                .isEqualTo("37737eda63509bb5");
        // the two spikes swapped, or one waveform value's sign changed: another hash
        assertThat(hashOfSpikes(
                        new int[] {3},
                        new long[] {250, 100, (1L << 40) + 7},
                        new int[] {3, 1, 0},
                        new int[] {2, 0, -1},
                        new float[] {0.0f, -0.0f, 1.5f, -2.25f, -1e30f, 3.0f}))
                .isNotEqualTo("37737eda63509bb5");
        assertThat(hashOfSpikes(
                        new int[] {3}, sample, channel, unit, new float[] {1.5f, -2.25f, 0.0f, 0.0f, -1e30f, 3.0f}))
                .isNotEqualTo("37737eda63509bb5");
    }

    /** The same in Python for spikes without waveforms: only sample, channel and unit enter. */
    @Test
    void spikesWithoutWaveformsHashTheirFields() {
        StreamSpec bare = SPIKES.toBuilder().waveformLength(0).build();
        CountSink s = sink("");
        Block b = Block.forSpec(bare);
        b.addSpike(100, 1, 0);
        b.addSpike(250, 3, 2);
        Harness.sink(s, bare).feed(0, b);
        assertThat(s.counts().get(0).toMap()).containsEntry("hash", "ef6a29f09f9b84f7");
    }

    /**
     * Events enter as sample, line, state, then the text: its length in UTF-16 code units (-1 for
     * none) and each code unit, so no text and an empty one differ. Python as above, the text's
     * units from {@code t.encode('utf-16-le')}.
     */
    @Test
    void eventHashCoversEveryFieldAndText() {
        StreamSpec ttl = StreamSpec.builder("probe.ttl", Kind.EVENTS)
                .channelCount(1)
                .sampleRate(30000)
                .blockSamples(3)
                .build();
        String text = "stim \u03a9 \ud83d\ude00"; // 9 code units: an omega and a surrogate pair
        String[][] texts = {{null, text, ""}, {"", text, null}};
        String[] expected = {"842d7095561cd0f2", "459839e6081b9edc"};
        for (int k = 0; k < texts.length; k++) {
            CountSink s = sink("");
            Block b = Block.forSpec(ttl);
            b.addEvent(0, 0, 1, texts[k][0]);
            b.addEvent(15000, 2, 0, texts[k][1]);
            b.addEvent(30000, 0, 1, texts[k][2]);
            Harness.sink(s, ttl).feed(0, b);
            assertThat(s.counts().get(0).toMap())
                    .as("texts %s", (Object) texts[k])
                    .containsEntry("hash", expected[k]);
        }
    }

    /** Float values enter as their IEEE 754 bits (Float.floatToIntBits), sign-extended: -0.0 differs from 0.0. */
    @Test
    void hashOfFloatsTakesTheirBits() {
        StreamSpec spec = StreamSpec.builder("m.out", Kind.MATRIX_F32)
                .channelCount(5)
                .sampleRate(10)
                .blockSamples(1)
                .build();
        CountSink s = sink("");
        Block b = Block.forSpec(spec);
        float[] v = {1.5f, -2.25f, 0.0f, -0.0f, Float.MAX_VALUE};
        System.arraycopy(v, 0, b.f32(), 0, 5);
        b.setSampleCount(1);
        Harness.sink(s, spec).feed(0, b);
        // Python: bits = [struct.unpack('<i', struct.pack('<f', x))[0] for x in v], then the loop above
        assertThat(((Map<?, ?>) s.report().get("m.out")).get("hash")).isEqualTo("e644cc86d51b0496");
    }
}
