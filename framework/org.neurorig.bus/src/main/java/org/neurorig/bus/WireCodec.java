package org.neurorig.bus;

import static org.neurorig.bus.internal.LittleEndianAccess.i32;
import static org.neurorig.bus.internal.LittleEndianAccess.i64;
import static org.neurorig.bus.internal.LittleEndianAccess.putF64;
import static org.neurorig.bus.internal.LittleEndianAccess.putI32;
import static org.neurorig.bus.internal.LittleEndianAccess.putI64;
import static org.neurorig.bus.internal.LittleEndianAccess.putU16;
import static org.neurorig.bus.internal.LittleEndianAccess.u16;
import static org.neurorig.bus.internal.LittleEndianAccess.u32;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;

import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.bus.internal.DescriptorJson;
import org.neurorig.bus.internal.Utf8Text;

/**
 * Encodes blocks into and decodes them from the wire format of docs/WIRE.md (little-endian
 * throughout). Not thread-safe: one instance per thread. It keeps typed {@link ByteBuffer} views of
 * the last few output and input arrays it was given, so a caller that reuses its buffers (as it
 * should) gets steady-state calls that allocate nothing; only event texts become new Strings on
 * decode.
 */
public final class WireCodec {
    private static final int EVENT_SAMPLE = 0;
    private static final int EVENT_LINE = 8;
    private static final int EVENT_STATE = 10;
    private static final int EVENT_RESERVED = 11;
    private static final int EVENT_TEXT_BYTES = 12;
    private static final int SPIKE_SAMPLE = 0;
    private static final int SPIKE_CHANNEL = 8;
    private static final int SPIKE_UNIT = 12;

    private final BufferViews out = new BufferViews();
    private final BufferViews in = new BufferViews();

    /**
     * Exact payload size of {@code b} in bytes.
     *
     * @throws IllegalArgumentException when it would exceed {@link WireFormat#MAX_PAYLOAD_BYTES}
     */
    public int payloadBytes(Block b) {
        int n = b.sampleCount();
        long bytes = n * bytesPerSample(b.kind(), b.kind() == Kind.SPIKES ? b.waveformLength() : b.channelCount());
        if (b.kind() == Kind.EVENTS) {
            String[] texts = b.itemText();
            for (int i = 0; i < n; i++) {
                if (texts[i] != null) {
                    bytes += Utf8Text.encodedLength(texts[i]);
                }
            }
        }
        if (bytes > WireFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(b + " needs " + bytes + " payload bytes, more than the wire limit "
                    + WireFormat.MAX_PAYLOAD_BYTES);
        }
        return (int) bytes;
    }

    /**
     * Writes the 64-byte header of {@code b} at {@code out[0]}. The channel-count field carries the
     * waveform length for spikes (docs/WIRE.md).
     *
     * @param sampleRate   the stream's rate in Hz (0 = irregular)
     * @param pubTimeNanos host clock, ns since the Unix epoch, at publication
     */
    public void writeHeader(Block b, double sampleRate, long pubTimeNanos, byte[] out) {
        int channels = b.kind() == Kind.SPIKES ? b.waveformLength() : b.channelCount();
        writeHeader(out, WireFormat.kindCode(b.kind()), b.seq(), b.firstSample(), b.sampleCount(), channels, sampleRate,
                b.acqTimeNanos(), pubTimeNanos, b.flags());
    }

    /**
     * Writes the 64-byte header of a descriptor (kind 0) message for {@code spec}: counts and sequence
     * are 0; channel count and sample rate repeat the stream's for information.
     */
    public void writeDescriptorHeader(StreamSpec spec, long pubTimeNanos, byte[] out) {
        writeHeader(out, WireFormat.DESCRIPTOR_CODE, 0, 0, 0, spec.channelCount(), spec.sampleRate(), 0, pubTimeNanos, 0);
    }

    private static void writeHeader(byte[] out, int kind, long seq, long firstSample, int sampleCount,
            int channelCount, double sampleRate, long acqTimeNanos, long pubTimeNanos, int flags) {
        if (out.length < WireFormat.HEADER_BYTES) {
            throw new IllegalArgumentException("header buffer holds " + out.length + " bytes, needs "
                    + WireFormat.HEADER_BYTES);
        }
        putI32(out, WireFormat.OFFSET_MAGIC, WireFormat.MAGIC);
        putU16(out, WireFormat.OFFSET_VERSION, WireFormat.VERSION);
        putU16(out, WireFormat.OFFSET_KIND, kind);
        putI64(out, WireFormat.OFFSET_SEQ, seq);
        putI64(out, WireFormat.OFFSET_FIRST_SAMPLE, firstSample);
        putI32(out, WireFormat.OFFSET_SAMPLE_COUNT, sampleCount);
        putI32(out, WireFormat.OFFSET_CHANNEL_COUNT, channelCount);
        putF64(out, WireFormat.OFFSET_SAMPLE_RATE, sampleRate);
        putI64(out, WireFormat.OFFSET_ACQ_TIME, acqTimeNanos);
        putI64(out, WireFormat.OFFSET_PUB_TIME, pubTimeNanos);
        putI32(out, WireFormat.OFFSET_FLAGS, flags);
        putI32(out, WireFormat.OFFSET_RESERVED, 0);
    }

    /**
     * Writes the payload of {@code b} at {@code out[0]}.
     *
     * @return bytes written, equal to {@link #payloadBytes(Block)}
     * @throws IllegalArgumentException when {@code out} is too small or an event line/state does not
     *         fit its wire field
     */
    public int writePayload(Block b, byte[] out) {
        int bytes = payloadBytes(b);
        if (out.length < bytes) {
            throw new IllegalArgumentException("payload buffer holds " + out.length + " bytes, " + b + " needs "
                    + bytes);
        }
        int n = b.sampleCount();
        switch (b.kind()) {
            case CONTINUOUS_I16 -> this.out.shorts(out).put(b.i16(), 0, n * b.channelCount());
            case CONTINUOUS_F32, MATRIX_F32 -> this.out.floats(out, 0).put(b.f32(), 0, n * b.channelCount());
            case EVENTS -> writeEvents(b, out);
            case SPIKES -> writeSpikes(b, out);
            default -> throw new IllegalArgumentException("not a block kind: " + b.kind());
        }
        return bytes;
    }

    private static void writeEvents(Block b, byte[] out) {
        int n = b.sampleCount();
        long[] sample = b.itemSample();
        int[] line = b.itemChannel();
        int[] state = b.itemValue();
        String[] text = b.itemText();
        int textAt = n * WireFormat.EVENT_RECORD_BYTES;
        for (int i = 0; i < n; i++) {
            if (line[i] < 0 || line[i] > WireFormat.MAX_EVENT_LINE) {
                throw new IllegalArgumentException("event " + i + " of " + b + ": line " + line[i]
                        + " outside 0.." + WireFormat.MAX_EVENT_LINE);
            }
            if (state[i] < 0 || state[i] > WireFormat.MAX_EVENT_STATE) {
                throw new IllegalArgumentException("event " + i + " of " + b + ": state " + state[i]
                        + " outside 0.." + WireFormat.MAX_EVENT_STATE);
            }
            int r = i * WireFormat.EVENT_RECORD_BYTES;
            int textBytes = text[i] == null ? 0 : Utf8Text.encode(text[i], out, textAt);
            textAt += textBytes;
            putI64(out, r + EVENT_SAMPLE, sample[i]);
            putU16(out, r + EVENT_LINE, line[i]);
            out[r + EVENT_STATE] = (byte) state[i];
            out[r + EVENT_RESERVED] = 0;
            putI32(out, r + EVENT_TEXT_BYTES, textBytes);
        }
    }

    private void writeSpikes(Block b, byte[] out) {
        int n = b.sampleCount();
        long[] sample = b.itemSample();
        int[] channel = b.itemChannel();
        int[] unit = b.itemValue();
        for (int i = 0; i < n; i++) {
            int r = i * WireFormat.SPIKE_RECORD_BYTES;
            putI64(out, r + SPIKE_SAMPLE, sample[i]);
            putI32(out, r + SPIKE_CHANNEL, channel[i]);
            putI32(out, r + SPIKE_UNIT, unit[i]);
        }
        int w = b.waveformLength();
        if (w > 0 && n > 0) {
            this.out.floats(out, n * WireFormat.SPIKE_RECORD_BYTES).put(b.f32(), 0, n * w);
        }
    }

    /**
     * Decodes a payload into {@code into}, after checking it against the header and the block.
     * Fills seq, firstSample, sampleCount, acqTimeNanos, flags and the data.
     *
     * @param h       the message's header, already {@link WireHeader#read read}
     * @param payload the payload frame, {@code payload[0, len)}
     * @throws MalformedFrameException {@code shape-mismatch} when kind, channel count (dense) or
     *         waveform length (spikes) differ from {@code into}; {@code too-large} when the count
     *         exceeds its capacity; {@code payload-length} when {@code len} does not match the counts
     */
    public void readPayload(WireHeader h, byte[] payload, int len, Block into) throws MalformedFrameException {
        Kind kind = h.kind();
        if (kind != into.kind()) {
            throw new MalformedFrameException(MalformedFrameException.SHAPE_MISMATCH, "message of kind "
                    + (h.isDescriptor() ? "descriptor" : kind) + " for a " + into.kind() + " block");
        }
        if (kind.isDense() && h.channelCount() != into.channelCount()) {
            throw new MalformedFrameException(MalformedFrameException.SHAPE_MISMATCH,
                    "message has " + h.channelCount() + " channels, the stream has " + into.channelCount());
        }
        if (kind == Kind.SPIKES && h.channelCount() != into.waveformLength()) {
            throw new MalformedFrameException(MalformedFrameException.SHAPE_MISMATCH,
                    "spike waveforms are " + h.channelCount() + " samples, expected " + into.waveformLength());
        }
        int n = h.sampleCount();
        if (n > into.capacity()) {
            throw new MalformedFrameException(MalformedFrameException.TOO_LARGE,
                    "message carries " + n + " samples, the block holds " + into.capacity());
        }
        validatePayload(h, payload, len);
        switch (kind) {
            case CONTINUOUS_I16 -> in.shorts(payload).get(into.i16(), 0, n * into.channelCount());
            case CONTINUOUS_F32, MATRIX_F32 -> in.floats(payload, 0).get(into.f32(), 0, n * into.channelCount());
            case EVENTS -> readEvents(payload, n, into);
            case SPIKES -> readSpikes(payload, n, into);
            default -> throw new IllegalStateException(kind.name());
        }
        BlockStamp.seq(into, h.seq());
        into.setFirstSample(h.firstSample());
        into.setSampleCount(n);
        into.setAcqTimeNanos(h.acqTimeNanos());
        into.setFlags(h.flags());
    }

    private static void readEvents(byte[] p, int n, Block into) {
        long[] sample = into.itemSample();
        int[] line = into.itemChannel();
        int[] state = into.itemValue();
        String[] text = into.itemText();
        int textAt = n * WireFormat.EVENT_RECORD_BYTES;
        for (int i = 0; i < n; i++) {
            int r = i * WireFormat.EVENT_RECORD_BYTES;
            sample[i] = i64(p, r + EVENT_SAMPLE);
            line[i] = u16(p, r + EVENT_LINE);
            state[i] = p[r + EVENT_STATE] & 0xFF;
            int textBytes = i32(p, r + EVENT_TEXT_BYTES); // validated: fits the payload
            text[i] = textBytes == 0 ? null : new String(p, textAt, textBytes, StandardCharsets.UTF_8);
            textAt += textBytes;
        }
    }

    private void readSpikes(byte[] p, int n, Block into) {
        long[] sample = into.itemSample();
        int[] channel = into.itemChannel();
        int[] unit = into.itemValue();
        for (int i = 0; i < n; i++) {
            int r = i * WireFormat.SPIKE_RECORD_BYTES;
            sample[i] = i64(p, r + SPIKE_SAMPLE);
            channel[i] = i32(p, r + SPIKE_CHANNEL);
            unit[i] = i32(p, r + SPIKE_UNIT);
        }
        int w = into.waveformLength();
        if (w > 0 && n > 0) {
            in.floats(p, n * WireFormat.SPIKE_RECORD_BYTES).get(into.f32(), 0, n * w);
        }
    }

    /**
     * Checks that a payload is consistent with its header, without decoding it: exact length for
     * dense kinds and spikes, records plus text lengths for events, a valid JSON StreamSpec for
     * descriptors. This is what the proxy checks on every message it forwards.
     *
     * @throws MalformedFrameException {@code payload-length}, {@code too-large} or {@code bad-descriptor}
     */
    public static void validatePayload(WireHeader h, byte[] payload, int len) throws MalformedFrameException {
        if (h.isDescriptor()) {
            decodeDescriptor(payload, len);
            return;
        }
        checkLength(h, len);
        if (h.kind() == Kind.EVENTS) {
            checkEventTexts(h.sampleCount(), payload, len);
        }
    }

    /**
     * The length check of {@link #validatePayload} for every kind but descriptors, which needs only
     * the header, the payload length and (events) the record area {@code payload}; lets the proxy
     * avoid copying dense payloads.
     */
    static void checkLength(WireHeader h, int len) throws MalformedFrameException {
        long n = h.sampleCount();
        long ch = h.channelCount();
        long perSample = bytesPerSample(h.kind(), ch);
        // n and ch are each below 2^31, so n * perSample may pass 2^63 and wrap to a small number
        // (spikes: n * (16 + 4ch) up to 2^64 + 2^34): compare by division, never by the product.
        if (n > 0 && perSample > WireFormat.MAX_PAYLOAD_BYTES / n) {
            throw new MalformedFrameException(MalformedFrameException.TOO_LARGE,
                    h.kind() + " header announces " + n + " samples x " + perSample + " bytes, more than the "
                            + WireFormat.MAX_PAYLOAD_BYTES + "-byte payload limit");
        }
        long expected = n * perSample; // for events the minimum: the texts follow the records
        boolean ok = h.kind() == Kind.EVENTS ? len >= expected : len == expected;
        if (!ok) {
            throw new MalformedFrameException(MalformedFrameException.PAYLOAD_LENGTH,
                    h.kind() + " payload is " + len + " bytes, " + n + " samples x " + ch + " channels need "
                            + (h.kind() == Kind.EVENTS ? "at least " : "") + expected);
        }
    }

    /**
     * Payload bytes per sample (dense), row (matrix) or item (events: the record alone; spikes: the
     * record and a waveform of {@code channels} floats).
     */
    static long bytesPerSample(Kind kind, long channels) {
        return switch (kind) {
            case CONTINUOUS_I16 -> 2 * channels;
            case CONTINUOUS_F32, MATRIX_F32 -> 4 * channels;
            case SPIKES -> WireFormat.SPIKE_RECORD_BYTES + 4 * channels;
            case EVENTS -> WireFormat.EVENT_RECORD_BYTES;
            default -> throw new IllegalArgumentException("not a block kind: " + kind);
        };
    }

    /** Checks that the event records' text lengths add up to the bytes after the records. */
    static void checkEventTexts(int n, byte[] payload, int len) throws MalformedFrameException {
        long texts = 0;
        for (int i = 0; i < n; i++) {
            texts += u32(payload, i * WireFormat.EVENT_RECORD_BYTES + EVENT_TEXT_BYTES);
        }
        long expected = (long) n * WireFormat.EVENT_RECORD_BYTES + texts;
        if (expected != len) {
            throw new MalformedFrameException(MalformedFrameException.PAYLOAD_LENGTH,
                    "EVENTS payload is " + len + " bytes, " + n + " records with " + texts + " text bytes need "
                            + expected);
        }
    }

    /** UTF-8 JSON of {@code spec} with the keys of docs/WIRE.md (NaN positions as null). */
    public static byte[] encodeDescriptor(StreamSpec spec) {
        return DescriptorJson.encode(spec);
    }

    /**
     * Parses a descriptor payload. Besides its keys and types, a full block of the stream
     * ({@code blockSamples} samples, rows or items) must fit the payload limit, so that a reader can
     * always allocate the block a descriptor describes.
     *
     * @throws MalformedFrameException {@code bad-descriptor}, naming the key at fault
     */
    public static StreamSpec decodeDescriptor(byte[] json, int len) throws MalformedFrameException {
        if (len <= 0 || len > json.length) {
            throw new MalformedFrameException(MalformedFrameException.BAD_DESCRIPTOR,
                    "descriptor payload is " + len + " bytes");
        }
        StreamSpec spec;
        try {
            spec = DescriptorJson.decode(json, len);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(MalformedFrameException.BAD_DESCRIPTOR,
                    "descriptor JSON: " + e.getMessage());
        }
        long perSample = bytesPerSample(spec.kind(),
                spec.kind() == Kind.SPIKES ? spec.waveformLength() : spec.channelCount());
        if (perSample > WireFormat.MAX_PAYLOAD_BYTES / spec.blockSamples()) {
            throw new MalformedFrameException(MalformedFrameException.BAD_DESCRIPTOR, "descriptor of "
                    + spec.name() + ": a full block, \"blockSamples\" " + spec.blockSamples() + " x " + perSample
                    + " bytes, exceeds the " + WireFormat.MAX_PAYLOAD_BYTES + "-byte payload limit");
        }
        return spec;
    }

    /**
     * Little-endian short and float views of the last few arrays seen (a caller may alternate
     * between a handful of buffers, e.g. one per stream); views are built only for a new array.
     */
    private static final class BufferViews {
        private static final int SLOTS = 4;
        private final byte[][] arrays = new byte[SLOTS][];
        private final ShortBuffer[] shorts = new ShortBuffer[SLOTS];
        private final FloatBuffer[] floats = new FloatBuffer[SLOTS];
        private int nextSlot;

        ShortBuffer shorts(byte[] a) {
            ShortBuffer v = shorts[slot(a)];
            v.clear();
            return v;
        }

        /** The float view positioned at byte {@code offset} (a multiple of 4). */
        FloatBuffer floats(byte[] a, int offset) {
            FloatBuffer v = floats[slot(a)];
            v.clear();
            v.position(offset >> 2);
            return v;
        }

        private int slot(byte[] a) {
            for (int i = 0; i < SLOTS; i++) {
                if (arrays[i] == a) {
                    return i;
                }
            }
            int i = nextSlot;
            nextSlot = (nextSlot + 1) % SLOTS;
            ByteBuffer bb = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
            arrays[i] = a;
            shorts[i] = bb.asShortBuffer();
            floats[i] = bb.asFloatBuffer();
            return i;
        }
    }
}
