package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;

/**
 * The golden frames of the Python package's codec tests (python/tests/golden/NAME.bin: the 64-byte
 * header, then the payload), one or more per kind, as this codec writes them. The files are
 * committed; this test fails when they differ from what the codec produces now, so a change to the
 * wire format cannot pass here without the Python side seeing it too. {@code
 * -Dneurorig.golden.update=true} rewrites them instead (then commit them with the Python tests'
 * expected values brought along). The values below are restated, not read, by
 * python/tests/test_wire.py.
 */
class GoldenFramesTest {
    private static final Path GOLDEN = Path.of("../../python/tests/golden");
    private static final long ACQ = 1_700_000_000_123_456_789L;
    private static final long PUB = 1_700_000_000_223_456_789L;

    private final WireCodec codec = new WireCodec();

    /** Name → header + payload, in a fixed order. */
    private Map<String, byte[]> frames() {
        Map<String, byte[]> f = new LinkedHashMap<>();

        Block i16 = Block.allocate(Kind.CONTINUOUS_I16, 3, 4);
        short[] v16 = {0, 1, -1, 32767, -32768, 1234, -4321, 7, 8, 100, -100, 0};
        System.arraycopy(v16, 0, i16.i16(), 0, v16.length);
        stamp(i16, 7, 1000, 4, Block.FLAG_DISCONTINUITY);
        f.put("continuous_i16", block(i16, 30000.0));

        Block f32 = Block.allocate(Kind.CONTINUOUS_F32, 2, 3);
        float[] v32 = {0.1f, -1.5f, 1e-30f, 3.4028235e38f, -0.0f, 1000.25f};
        System.arraycopy(v32, 0, f32.f32(), 0, v32.length);
        stamp(f32, 0, -5, 3, 0);
        f.put("continuous_f32", block(f32, 2500.0));

        Block matrix = Block.allocate(Kind.MATRIX_F32, 2, 3);
        float[] vm = {1f, 2f, 3f, 4f, 5.5f, -6.5f};
        System.arraycopy(vm, 0, matrix.f32(), 0, vm.length);
        stamp(matrix, 123_456_789_012L, 60, 3, Block.FLAG_END_OF_STREAM);
        f.put("matrix_f32", block(matrix, 0.0));

        Block events = Block.allocate(Kind.EVENTS, 8, 4);
        events.addEvent(10, 0, 1, "start");
        events.addEvent(11, 3, 0, null);
        events.addEvent(12, 65535, 255, "µ→ü");
        events.addEvent(13, 7, 1, ""); // an empty text travels as no text
        stamp(events, 2, 10, 4, 0);
        f.put("events", block(events, 30000.0));

        Block noEvents = Block.allocate(Kind.EVENTS, 8, 4);
        stamp(noEvents, 3, 14, 0, 0);
        f.put("events_empty", block(noEvents, 30000.0));

        Block spikes = Block.allocateSpikes(384, 2, 3);
        spikes.addSpike(100, 383, 5);
        spikes.addSpike(-2, 0, -1);
        float[] waves = {-10f, -50.5f, 20f, 1f, 2f, 3f};
        System.arraycopy(waves, 0, spikes.f32(), 0, waves.length);
        stamp(spikes, 9, 90, 2, 0);
        f.put("spikes", block(spikes, 30000.0));

        Block bare = Block.allocateSpikes(4, 1, 0);
        bare.addSpike(Long.MAX_VALUE, -1, 0); // channel is u32 on the wire: 0xFFFFFFFF
        stamp(bare, 1, 0, 1, 0);
        f.put("spikes_nowave", block(bare, 20000.0));

        f.put(
                "descriptor_i16",
                descriptor(StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                        .channels(List.of(
                                new ChannelInfo("CH0", "uV", 0.195, 16.0, 20.0),
                                new ChannelInfo("CH1", "uV", 0.195, Double.NaN, Double.NaN)))
                        .sampleRate(30000.0)
                        .blockSamples(300)
                        .source("probe")
                        .build()));
        f.put(
                "descriptor_spikes",
                descriptor(StreamSpec.builder("sorter.spikes", Kind.SPIKES)
                        .channelCount(3)
                        .defaultChannels("uV", 1.5e-4)
                        .sampleRate(2.0e7)
                        .blockSamples(64)
                        .waveformLength(40)
                        .source("sorter")
                        .build()));
        f.put(
                "descriptor_matrix",
                descriptor(StreamSpec.builder("decoder.velocity", Kind.MATRIX_F32)
                        .channels(List.of(
                                new ChannelInfo("vx", "cm/s", 1.0, Double.NaN, Double.NaN),
                                new ChannelInfo("vy", "cm/s", Double.POSITIVE_INFINITY, -3.5, 0.0)))
                        .sampleRate(0.0)
                        .blockSamples(1)
                        .build()));
        return f;
    }

    /** Dense blocks are full; acqTimeNanos is {@code ACQ + a} (pubTimeNanos is always {@code PUB}). */
    private static void stamp(Block b, long seq, long first, long a, int flags) {
        if (b.kind().isDense()) {
            b.setSampleCount(b.capacity());
        }
        BlockStamp.seq(b, seq);
        b.setFirstSample(first);
        b.setAcqTimeNanos(ACQ + a);
        b.setFlags(flags);
    }

    private byte[] block(Block b, double rate) {
        byte[] out = new byte[WireFormat.HEADER_BYTES + codec.payloadBytes(b)];
        codec.writeHeader(b, rate, PUB, out);
        byte[] payload = new byte[codec.payloadBytes(b)];
        int len = codec.writePayload(b, payload);
        System.arraycopy(payload, 0, out, WireFormat.HEADER_BYTES, len);
        return out;
    }

    private byte[] descriptor(StreamSpec spec) {
        byte[] json = WireCodec.encodeDescriptor(spec);
        byte[] out = new byte[WireFormat.HEADER_BYTES + json.length];
        codec.writeDescriptorHeader(spec, PUB, out);
        System.arraycopy(json, 0, out, WireFormat.HEADER_BYTES, json.length);
        return out;
    }

    @Test
    void committedGoldenFramesAreWhatTheCodecWritesNow() throws IOException {
        Map<String, byte[]> frames = frames();
        if (Boolean.getBoolean("neurorig.golden.update")) {
            Files.createDirectories(GOLDEN);
            for (Map.Entry<String, byte[]> e : frames.entrySet()) {
                Files.write(GOLDEN.resolve(e.getKey() + ".bin"), e.getValue());
            }
        }
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(GOLDEN)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".bin"))
                    .forEach(n -> onDisk.add(n.substring(0, n.length() - 4)));
        }
        assertThat(onDisk)
                .as("golden frames in %s (rewrite them with -Dneurorig.golden.update=true)", GOLDEN)
                .containsExactlyInAnyOrderElementsOf(frames.keySet());
        for (Map.Entry<String, byte[]> e : frames.entrySet()) {
            byte[] committed = Files.readAllBytes(GOLDEN.resolve(e.getKey() + ".bin"));
            assertThat(Arrays.equals(committed, e.getValue()))
                    .as(
                            "%s.bin differs from what WireCodec writes now: a wire change must update the golden"
                                    + " frames (-Dneurorig.golden.update=true) and the Python package with them",
                            e.getKey())
                    .isTrue();
        }
    }

    @Test
    void goldenFramesDecodeWithTheJavaDecoder() throws Exception {
        // The frames are valid wire messages, not just the encoder's bytes: the checks every reader
        // runs (docs/WIRE.md §5) accept them.
        WireHeader h = new WireHeader();
        for (Map.Entry<String, byte[]> e : frames().entrySet()) {
            byte[] f = e.getValue();
            h.read(Arrays.copyOf(f, WireFormat.HEADER_BYTES), WireFormat.HEADER_BYTES);
            byte[] payload = Arrays.copyOfRange(f, WireFormat.HEADER_BYTES, f.length);
            WireCodec.validatePayload(h, payload, payload.length);
            assertThat(h.pubTimeNanos()).as(e.getKey()).isEqualTo(PUB);
        }
    }
}
