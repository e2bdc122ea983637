package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;

class WireCodecTest {
    private final WireCodec codec = new WireCodec();
    private final byte[] header = new byte[WireFormat.HEADER_BYTES];
    private final WireHeader h = new WireHeader();

    /** Encodes {@code b}, decodes it into {@code into}, returns the payload length. */
    private int roundTrip(Block b, Block into) throws MalformedFrameException {
        byte[] payload = new byte[codec.payloadBytes(b) + 7]; // larger than needed, as reused buffers are
        int len = codec.writePayload(b, payload);
        codec.writeHeader(b, 30000.0, 123L, header);
        h.read(header, header.length);
        codec.readPayload(h, payload, len, into);
        return len;
    }

    private static void stamp(Block b, long seq, long first, long acq, int flags) {
        BlockStamp.seq(b, seq);
        b.setFirstSample(first);
        b.setAcqTimeNanos(acq);
        b.setFlags(flags);
    }

    @Test
    void headerCarriesTheMagicAndKindCodesOfWireMd() {
        // docs/WIRE.md §3: bytes 0-3 "NRG1"; kind 0 descriptor, 1 CONTINUOUS_I16, 2 CONTINUOUS_F32, 3 EVENTS,
        // 4 SPIKES, 5 MATRIX_F32.
        Kind[] byCode = {null, Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32, Kind.EVENTS, Kind.SPIKES, Kind.MATRIX_F32};
        for (int code = 1; code < byCode.length; code++) {
            Block b = byCode[code] == Kind.SPIKES ? Block.allocateSpikes(1, 1, 0) : Block.allocate(byCode[code], 1, 1);
            codec.writeHeader(b, 1000.0, 0, header);
            assertThat(new String(header, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("NRG1");
            assertThat(ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getShort(6))
                    .isEqualTo((short) code);
            assertThat(WireFormat.kindOf(code)).isEqualTo(byCode[code]);
        }
        codec.writeDescriptorHeader(
                StreamSpec.builder("a", Kind.EVENTS).channelCount(1).build(), 0, header);
        assertThat(ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getShort(6))
                .isZero();
        assertThat(WireFormat.kindOf(WireFormat.DESCRIPTOR_CODE)).isNull();
        assertThatThrownBy(() -> WireFormat.kindOf(6)).hasMessageContaining("unknown kind code 6");
    }

    @Test
    void continuousI16RoundTripsAtFullCapacity() throws Exception {
        Block b = Block.allocate(Kind.CONTINUOUS_I16, 3, 100);
        b.setSampleCount(100);
        for (int i = 0; i < 300; i++) {
            b.i16()[i] = (short) (i * 211 - 30000);
        }
        stamp(b, 41, 1_000_000_000_000L, 1_700_000_000_000_000_000L, Block.FLAG_DISCONTINUITY);
        Block into = Block.allocate(Kind.CONTINUOUS_I16, 3, 100);
        assertThat(roundTrip(b, into)).isEqualTo(600);
        assertThat(into.contentEquals(b)).isTrue();
        assertThat(into.i16()[299]).isEqualTo((short) (299 * 211 - 30000));
        assertThat(h.sampleRate()).isEqualTo(30000.0);
        assertThat(h.pubTimeNanos()).isEqualTo(123L);
    }

    @Test
    void floatKindsRoundTrip() throws Exception {
        for (Kind k : List.of(Kind.CONTINUOUS_F32, Kind.MATRIX_F32)) {
            Block b = Block.allocate(k, 4, 10);
            b.setSampleCount(7);
            for (int i = 0; i < 28; i++) {
                b.f32()[i] = (float) Math.sin(i) * 1e6f;
            }
            b.f32()[5] = Float.NaN;
            b.f32()[6] = Float.NEGATIVE_INFINITY;
            stamp(b, 0, -5, 9, 0);
            Block into = Block.allocate(k, 4, 10);
            assertThat(roundTrip(b, into)).isEqualTo(7 * 4 * 4);
            assertThat(into.contentEquals(b)).as(k.name()).isTrue();
            assertThat(Float.isNaN(into.f32()[5])).isTrue();
            assertThat(into.f32()[27]).isEqualTo((float) Math.sin(27) * 1e6f);
        }
    }

    @Test
    void emptyBlockRoundTripsWithEmptyPayload() throws Exception {
        Block b = Block.allocate(Kind.CONTINUOUS_F32, 8, 16);
        stamp(b, 9, 1000, 5, Block.FLAG_END_OF_STREAM);
        Block into = Block.allocate(Kind.CONTINUOUS_F32, 8, 16);
        into.setSampleCount(3);
        assertThat(roundTrip(b, into)).isZero();
        assertThat(into.sampleCount()).isZero();
        assertThat(into.seq()).isEqualTo(9);
        assertThat(into.flags()).isEqualTo(Block.FLAG_END_OF_STREAM);
    }

    @Test
    void eventsWithAndWithoutTextRoundTrip() throws Exception {
        Block b = Block.allocate(Kind.EVENTS, 8, 5);
        b.addEvent(100, 0, 1, null);
        b.addEvent(150, 65535, 0, "trial start");
        b.addEvent(151, 3, 255, "µV → 🧠");
        b.addEvent(152, 4, 1, null);
        b.addEvent(Long.MIN_VALUE, 7, 0, "x");
        stamp(b, 3, 100, 77, 0);
        Block into = Block.allocate(Kind.EVENTS, 8, 5);
        int expected = 5 * 16 + "trial start".length() + "µV → 🧠".getBytes(StandardCharsets.UTF_8).length + 1;
        assertThat(codec.payloadBytes(b)).isEqualTo(expected);
        assertThat(roundTrip(b, into)).isEqualTo(expected);
        assertThat(into.contentEquals(b)).isTrue();
        assertThat(into.itemText()).containsExactly(null, "trial start", "µV → 🧠", null, "x");
        assertThat(h.channelCount()).isEqualTo(8);
        assertThat(into.itemChannel()[1]).isEqualTo(65535);
        assertThat(into.itemValue()[2]).isEqualTo(255);
    }

    @Test
    void eventLineOutsideU16IsRefusedOnWrite() {
        Block b = Block.allocate(Kind.EVENTS, 1, 2);
        b.addEvent(1, 70000, 1, null);
        assertThatThrownBy(() -> codec.writePayload(b, new byte[64]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 70000");
    }

    @Test
    void spikesWithWaveformsRoundTripAtFullCapacity() throws Exception {
        Block b = Block.allocateSpikes(32, 4, 40);
        for (int i = 0; i < 4; i++) {
            b.addSpike(1000 + i * 17, i * 3, i - 1);
            for (int s = 0; s < 40; s++) {
                b.f32()[i * 40 + s] = i * 100 + s + 0.25f;
            }
        }
        stamp(b, 12, 1000, 1, 0);
        Block into = Block.allocateSpikes(32, 4, 40);
        assertThat(roundTrip(b, into)).isEqualTo(4 * 16 + 4 * 40 * 4);
        assertThat(h.channelCount())
                .as("waveform length travels in channelCount")
                .isEqualTo(40);
        assertThat(into.contentEquals(b)).isTrue();
        assertThat(into.itemValue()[0]).isEqualTo(-1);
        assertThat(into.f32()[3 * 40 + 39]).isEqualTo(339.25f);
    }

    @Test
    void spikesWithoutWaveformsRoundTrip() throws Exception {
        Block b = Block.allocateSpikes(16, 8, 0);
        b.addSpike(5, 15, 2);
        b.addSpike(9, 0, 0);
        stamp(b, 0, 5, 1, 0);
        Block into = Block.allocateSpikes(16, 8, 0);
        assertThat(roundTrip(b, into)).isEqualTo(32);
        assertThat(h.channelCount()).isZero();
        assertThat(into.contentEquals(b)).isTrue();
    }

    @Test
    void headerFieldsSitAtTheirOffsetsLittleEndian() throws Exception {
        Block b = Block.allocate(Kind.CONTINUOUS_I16, 2, 4);
        b.setSampleCount(3);
        stamp(b, 0x0102030405060708L, -2L, 0x1122334455667788L, 3);
        codec.writeHeader(b, 2500.5, 0x0A0B0C0D0E0F1011L, header);
        byte[] expected = new byte[64];
        ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
        e.put(new byte[] {'N', 'R', 'G', '1'});
        e.putShort((short) 1).putShort((short) 1); // version, kind CONTINUOUS_I16
        e.putLong(0x0102030405060708L).putLong(-2L); // seq, firstSample
        e.putInt(3).putInt(2).putDouble(2500.5); // sampleCount, channelCount, rate
        e.putLong(0x1122334455667788L).putLong(0x0A0B0C0D0E0F1011L); // acq, pub
        e.putInt(3).putInt(0); // flags, reserved
        assertThat(e.position()).isEqualTo(64);
        assertThat(header).containsExactly(expected);
        // Spot-check bytes at the documented offsets, in wire order.
        assertThat(header[WireFormat.OFFSET_SEQ]).isEqualTo((byte) 0x08);
        assertThat(header[WireFormat.OFFSET_SEQ + 7]).isEqualTo((byte) 0x01);
        assertThat(header[WireFormat.OFFSET_FIRST_SAMPLE]).isEqualTo((byte) 0xFE);
        assertThat(header[WireFormat.OFFSET_SAMPLE_COUNT]).isEqualTo((byte) 3);
        assertThat(header[WireFormat.OFFSET_CHANNEL_COUNT]).isEqualTo((byte) 2);
        assertThat(header[WireFormat.OFFSET_PUB_TIME]).isEqualTo((byte) 0x11);
        assertThat(header[WireFormat.OFFSET_FLAGS]).isEqualTo((byte) 3);
        h.read(header, 64);
        assertThat(h.kind()).isEqualTo(Kind.CONTINUOUS_I16);
        assertThat(h.seq()).isEqualTo(0x0102030405060708L);
        assertThat(h.firstSample()).isEqualTo(-2L);
        assertThat(h.sampleCount()).isEqualTo(3);
        assertThat(h.channelCount()).isEqualTo(2);
        assertThat(h.sampleRate()).isEqualTo(2500.5);
        assertThat(h.acqTimeNanos()).isEqualTo(0x1122334455667788L);
        assertThat(h.pubTimeNanos()).isEqualTo(0x0A0B0C0D0E0F1011L);
        assertThat(h.flags()).isEqualTo(3);
    }

    @Test
    void descriptorRoundTripsWithNullPositions() throws Exception {
        StreamSpec spec = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                .sampleRate(30000)
                .blockSamples(300)
                .source("probe")
                .channels(List.of(new ChannelInfo("CH0", "uV", 0.195, 16, 20), ChannelInfo.of("CH1", "uV", 0.195)))
                .build();
        byte[] json = WireCodec.encodeDescriptor(spec);
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text)
                .contains(
                        "\"name\":\"probe.ap\"",
                        "\"kind\":\"CONTINUOUS_I16\"",
                        "\"channelCount\":2",
                        "\"blockSamples\":300",
                        "\"source\":\"probe\"",
                        "\"x\":null",
                        "\"x\":16.0");
        byte[] padded = new byte[json.length + 10];
        System.arraycopy(json, 0, padded, 0, json.length);
        assertThat(WireCodec.decodeDescriptor(padded, json.length)).isEqualTo(spec);

        codec.writeDescriptorHeader(spec, 5, header);
        h.read(header, 64);
        assertThat(h.isDescriptor()).isTrue();
        assertThat(h.kind()).isNull();
        assertThat(h.sampleCount()).isZero();
        WireCodec.validatePayload(h, json, json.length);
    }

    private static MalformedFrameException malformed(ThrowingCall call) {
        try {
            call.run();
        } catch (MalformedFrameException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected MalformedFrameException, got " + e, e);
        }
        throw new AssertionError("expected MalformedFrameException, nothing thrown");
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    private byte[] validHeader(Kind kind, int n, int ch) {
        // A small block for the other fields; the counts are then written directly, as a peer could.
        Block b = kind == Kind.SPIKES ? Block.allocateSpikes(1, 1, 0) : Block.allocate(kind, 1, 1);
        codec.writeHeader(b, 1000, 0, header);
        ByteBuffer.wrap(header)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(WireFormat.OFFSET_SAMPLE_COUNT, n)
                .putInt(WireFormat.OFFSET_CHANNEL_COUNT, ch);
        return header.clone();
    }

    @Test
    void malformedHeadersReportTheirReason() {
        byte[] good = validHeader(Kind.CONTINUOUS_I16, 1, 1);

        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        assertThat(malformed(() -> h.read(badMagic, 64)).reason()).isEqualTo("bad-magic");
        assertThat(malformed(() -> h.read(new byte[] {1, 2, 3}, 3)).reason()).isEqualTo("bad-magic");
        assertThat(malformed(() -> h.read(good, 40)).reason()).isEqualTo("short-header");
        assertThat(malformed(() -> h.read(good, 0)).reason()).isEqualTo("short-header");
        byte[] longer = new byte[80];
        System.arraycopy(good, 0, longer, 0, 64);
        assertThat(malformed(() -> h.read(longer, 80)).getMessage()).contains("80 bytes, expected 64");

        byte[] v2 = good.clone();
        v2[WireFormat.OFFSET_VERSION] = 2;
        MalformedFrameException ev = malformed(() -> h.read(v2, 64));
        assertThat(ev.reason()).isEqualTo("bad-version");
        assertThat(ev.getMessage()).contains("version is 2");

        byte[] k9 = good.clone();
        k9[WireFormat.OFFSET_KIND] = 9;
        assertThat(malformed(() -> h.read(k9, 64)).reason()).isEqualTo("unknown-kind");

        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(WireFormat.OFFSET_SAMPLE_COUNT, -1);
        assertThat(malformed(() -> h.read(huge, 64)).reason()).isEqualTo("too-large");
    }

    @Test
    void malformedPayloadsReportTheirReason() throws Exception {
        h.read(validHeader(Kind.CONTINUOUS_I16, 10, 4), 64);
        assertThat(malformed(() -> WireCodec.validatePayload(h, new byte[79], 79))
                        .reason())
                .isEqualTo("payload-length");
        WireCodec.validatePayload(h, new byte[80], 80);

        h.read(validHeader(Kind.CONTINUOUS_F32, 1 << 20, 1 << 10), 64);
        assertThat(malformed(() -> WireCodec.validatePayload(h, new byte[8], 8)).reason())
                .isEqualTo("too-large");

        h.read(validHeader(Kind.SPIKES, 2, 10), 64);
        assertThat(malformed(() -> WireCodec.validatePayload(h, new byte[32], 32))
                        .reason())
                .isEqualTo("payload-length");
        WireCodec.validatePayload(h, new byte[32 + 80], 32 + 80);

        // Events: the text lengths must add up to the bytes after the records.
        h.read(validHeader(Kind.EVENTS, 1, 8), 64);
        byte[] ev = new byte[16 + 5];
        ByteBuffer.wrap(ev).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 5);
        WireCodec.validatePayload(h, ev, 21);
        assertThat(malformed(() -> WireCodec.validatePayload(h, ev, 20)).reason())
                .isEqualTo("payload-length");
        assertThat(malformed(() -> WireCodec.validatePayload(h, ev, 15)).reason())
                .isEqualTo("payload-length");

        // Descriptors must be a StreamSpec.
        byte[] dh = header.clone();
        codec.writeDescriptorHeader(StreamSpec.builder("a", Kind.EVENTS).build(), 0, dh);
        h.read(dh, 64);
        for (String bad : List.of(
                "not json",
                "[]",
                "{\"name\":\"a\"}",
                "{\"name\":\"a\",\"kind\":\"DESCRIPTOR\"," + "\"channelCount\":0,\"sampleRate\":0,\"blockSamples\":1}",
                "{\"name\":\"a\",\"kind\":\"EVENTS\",\"channelCount\":2,\"sampleRate\":0,\"blockSamples\":1,"
                        + "\"channels\":[]}")) {
            byte[] j = bad.getBytes(StandardCharsets.UTF_8);
            assertThat(malformed(() -> WireCodec.validatePayload(h, j, j.length))
                            .reason())
                    .as(bad)
                    .isEqualTo("bad-descriptor");
        }
        assertThat(malformed(() -> WireCodec.validatePayload(h, new byte[0], 0)).reason())
                .isEqualTo("bad-descriptor");
    }

    @Test
    void readPayloadChecksTheReceivingBlock() throws Exception {
        Block b = Block.allocate(Kind.CONTINUOUS_I16, 4, 10);
        b.setSampleCount(10);
        byte[] payload = new byte[80];
        codec.writePayload(b, payload);
        codec.writeHeader(b, 1, 0, header);
        h.read(header, 64);

        assertThat(malformed(() -> codec.readPayload(h, payload, 80, Block.allocate(Kind.CONTINUOUS_F32, 4, 10)))
                        .reason())
                .isEqualTo("shape-mismatch");
        assertThat(malformed(() -> codec.readPayload(h, payload, 80, Block.allocate(Kind.CONTINUOUS_I16, 3, 10)))
                        .reason())
                .isEqualTo("shape-mismatch");
        assertThat(malformed(() -> codec.readPayload(h, payload, 80, Block.allocate(Kind.CONTINUOUS_I16, 4, 9)))
                        .reason())
                .isEqualTo("too-large");
        Block into = Block.allocate(Kind.CONTINUOUS_I16, 4, 10);
        assertThat(malformed(() -> codec.readPayload(h, payload, 78, into)).reason())
                .isEqualTo("payload-length");
        assertThat(into.sampleCount())
                .as("a rejected message leaves the block alone")
                .isZero();

        Block spikes = Block.allocateSpikes(4, 2, 8);
        spikes.addSpike(1, 1, 1);
        byte[] sp = new byte[codec.payloadBytes(spikes)];
        codec.writePayload(spikes, sp);
        codec.writeHeader(spikes, 1, 0, header);
        h.read(header, 64);
        assertThat(malformed(() -> codec.readPayload(h, sp, sp.length, Block.allocateSpikes(4, 2, 16)))
                        .reason())
                .isEqualTo("shape-mismatch");
    }

    @Test
    void codecReusesItsViewsAcrossBuffers() throws Exception {
        // Alternating buffers must not leak state between calls (the cached views are rebuilt).
        Block b = Block.allocate(Kind.CONTINUOUS_I16, 1, 4);
        b.setSampleCount(4);
        byte[] p1 = new byte[8];
        byte[] p2 = new byte[8];
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                b.i16()[i] = (short) (round * 10 + i);
            }
            codec.writePayload(b, round % 2 == 0 ? p1 : p2);
        }
        assertThat(ByteBuffer.wrap(p1).order(ByteOrder.LITTLE_ENDIAN).getShort(6))
                .isEqualTo((short) 23);
        assertThat(ByteBuffer.wrap(p2).order(ByteOrder.LITTLE_ENDIAN).getShort(0))
                .isEqualTo((short) 10);
    }

    @Test
    void steadyStateEncodeAndDecodeAllocateNothing() throws Exception {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        Block b = Block.allocate(Kind.CONTINUOUS_I16, 32, 300);
        b.setSampleCount(300);
        Block spikes = Block.allocateSpikes(32, 64, 40);
        for (int i = 0; i < 64; i++) {
            spikes.addSpike(i, i % 32, 1);
        }
        Block into = Block.allocate(Kind.CONTINUOUS_I16, 32, 300);
        Block spikesInto = Block.allocateSpikes(32, 64, 40);
        byte[] payload = new byte[codec.payloadBytes(spikes) + codec.payloadBytes(b)];
        byte[] spikePayload = new byte[codec.payloadBytes(spikes)];
        Runnable once = () -> {
            try {
                int len = codec.writePayload(b, payload);
                codec.writeHeader(b, 30000, 1, header);
                h.read(header, 64);
                codec.readPayload(h, payload, len, into);
                int sl = codec.writePayload(spikes, spikePayload);
                codec.writeHeader(spikes, 0, 1, header);
                h.read(header, 64);
                codec.readPayload(h, spikePayload, sl, spikesInto);
            } catch (MalformedFrameException e) {
                throw new AssertionError(e);
            }
        };
        for (int i = 0; i < 20_000; i++) {
            once.run(); // warm up: views cached, code compiled
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            once.run();
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated)
                .as("bytes allocated by 10,000 encode+decode rounds")
                .isLessThan(10_000);
        assertThat(into.contentEquals(b)).isTrue();
    }
}
