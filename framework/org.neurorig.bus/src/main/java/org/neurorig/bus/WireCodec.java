package org.neurorig.bus;

import static org.neurorig.bus.internal.LittleEndianAccess.i32;
import static org.neurorig.bus.internal.LittleEndianAccess.i64;
import static org.neurorig.bus.internal.LittleEndianAccess.putF64;
import static org.neurorig.bus.internal.LittleEndianAccess.putI32;
import static org.neurorig.bus.internal.LittleEndianAccess.putI64;
import static org.neurorig.bus.internal.LittleEndianAccess.putU16;
import static org.neurorig.bus.internal.LittleEndianAccess.u16;

import java.nio.charset.StandardCharsets;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.bus.internal.BufferViews;
import org.neurorig.bus.internal.DescriptorJson;
import org.neurorig.bus.internal.Utf8Text;

/**
 * Encodes blocks into and decodes them from the wire format of docs/WIRE.md (little-endian
 * throughout). Not thread-safe: one instance per thread. It keeps typed views ({@link BufferViews})
 * of the last few output and input arrays it was given, so a caller that reuses its buffers (as it
 * should) gets steady-state calls that allocate nothing; only event texts become new Strings on
 * decode.
 *
 * <p>Encoding and decoding stay in this one class because each is the mirror of the other over the
 * same record layout (the offsets below), so a change to the layout must change both at once. The
 * checks of a payload against its header, which the proxy runs without decoding, are
 * {@link PayloadCheck}'s.
 */
public final class WireCodec {
    private static final int EVENT_SAMPLE = 0;
    private static final int EVENT_LINE = 8;
    private static final int EVENT_STATE = 10;
    private static final int EVENT_RESERVED = 11;
    /** Offset of an event record's text length; {@link PayloadCheck} sums them. */
    static final int EVENT_TEXT_BYTES = 12;

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
        long bytes = n
                * PayloadCheck.bytesPerSample(
                        b.kind(), b.kind() == Kind.SPIKES ? b.waveformLength() : b.channelCount());
        if (b.kind() == Kind.EVENTS) {
            String[] texts = b.itemText();
            for (int i = 0; i < n; i++) {
                if (texts[i] != null) {
                    bytes += Utf8Text.encodedLength(texts[i]);
                }
            }
        }
        if (bytes > WireFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(
                    b + " needs " + bytes + " payload bytes, more than the wire limit " + WireFormat.MAX_PAYLOAD_BYTES);
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
        writeHeader(
                out,
                WireFormat.kindCode(b.kind()),
                b.seq(),
                b.firstSample(),
                b.sampleCount(),
                channels,
                sampleRate,
                b.acqTimeNanos(),
                pubTimeNanos,
                b.flags());
    }

    /**
     * Writes the 64-byte header of a descriptor (kind 0) message for {@code spec}: counts and sequence
     * are 0; channel count and sample rate repeat the stream's for information.
     */
    public void writeDescriptorHeader(StreamSpec spec, long pubTimeNanos, byte[] out) {
        writeHeader(
                out, WireFormat.DESCRIPTOR_CODE, 0, 0, 0, spec.channelCount(), spec.sampleRate(), 0, pubTimeNanos, 0);
    }

    private static void writeHeader(
            byte[] out,
            int kind,
            long seq,
            long firstSample,
            int sampleCount,
            int channelCount,
            double sampleRate,
            long acqTimeNanos,
            long pubTimeNanos,
            int flags) {
        if (out.length < WireFormat.HEADER_BYTES) {
            throw new IllegalArgumentException(
                    "header buffer holds " + out.length + " bytes, needs " + WireFormat.HEADER_BYTES);
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
            throw new IllegalArgumentException(
                    "payload buffer holds " + out.length + " bytes, " + b + " needs " + bytes);
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
                throw new IllegalArgumentException(
                        "event " + i + " of " + b + ": line " + line[i] + " outside 0.." + WireFormat.MAX_EVENT_LINE);
            }
            if (state[i] < 0 || state[i] > WireFormat.MAX_EVENT_STATE) {
                throw new IllegalArgumentException("event " + i + " of " + b + ": state " + state[i] + " outside 0.."
                        + WireFormat.MAX_EVENT_STATE);
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
            throw new MalformedFrameException(
                    MalformedFrameException.SHAPE_MISMATCH,
                    "message of kind " + (h.isDescriptor() ? "descriptor" : kind) + " for a " + into.kind() + " block");
        }
        if (kind.isDense() && h.channelCount() != into.channelCount()) {
            throw new MalformedFrameException(
                    MalformedFrameException.SHAPE_MISMATCH,
                    "message has " + h.channelCount() + " channels, the stream has " + into.channelCount());
        }
        if (kind == Kind.SPIKES && h.channelCount() != into.waveformLength()) {
            throw new MalformedFrameException(
                    MalformedFrameException.SHAPE_MISMATCH,
                    "spike waveforms are " + h.channelCount() + " samples, expected " + into.waveformLength());
        }
        int n = h.sampleCount();
        if (n > into.capacity()) {
            throw new MalformedFrameException(
                    MalformedFrameException.TOO_LARGE,
                    "message carries " + n + " samples, the block holds " + into.capacity());
        }
        PayloadCheck.validate(h, payload, len);
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
        PayloadCheck.validate(h, payload, len);
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
        return PayloadCheck.decodeDescriptor(json, len);
    }
}
