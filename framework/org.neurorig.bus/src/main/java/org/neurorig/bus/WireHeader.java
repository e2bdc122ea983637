package org.neurorig.bus;

import static org.neurorig.bus.internal.LittleEndianAccess.f64;
import static org.neurorig.bus.internal.LittleEndianAccess.i64;
import static org.neurorig.bus.internal.LittleEndianAccess.u16;
import static org.neurorig.bus.internal.LittleEndianAccess.u32;

import org.neurorig.api.Kind;

/**
 * A decoded, validated 64-byte header (docs/WIRE.md). Mutable and reusable: a reader keeps one and
 * calls {@link #read} per message, so decoding allocates nothing.
 */
public final class WireHeader {
    private int kindCode = WireFormat.DESCRIPTOR_CODE;
    private Kind kind;
    private long seq;
    private long firstSample;
    private int sampleCount;
    private int channelCount;
    private double sampleRate;
    private long acqTimeNanos;
    private long pubTimeNanos;
    private int flags;

    /**
     * Decodes the header frame {@code buf[0, len)}. On failure this header keeps its previous values.
     *
     * @throws MalformedFrameException with reason {@code bad-magic}, {@code short-header},
     *         {@code bad-version}, {@code unknown-kind} or {@code too-large}
     */
    public void read(byte[] buf, int len) throws MalformedFrameException {
        // Magic first: a frame that is not ours at all is reported as such whatever its length.
        int magicBytes = Math.min(len, WireFormat.MAGIC_BYTES);
        for (int i = 0; i < magicBytes; i++) {
            if (buf[WireFormat.OFFSET_MAGIC + i] != WireFormat.magicByte(i)) {
                throw new MalformedFrameException(
                        MalformedFrameException.BAD_MAGIC,
                        "header does not start with \"NRG1\" (byte " + i + " is 0x" + Integer.toHexString(buf[i] & 0xFF)
                                + ")");
            }
        }
        if (len != WireFormat.HEADER_BYTES) {
            throw new MalformedFrameException(
                    MalformedFrameException.SHORT_HEADER,
                    "header frame is " + len + " bytes, expected " + WireFormat.HEADER_BYTES);
        }
        int version = u16(buf, WireFormat.OFFSET_VERSION);
        if (version != WireFormat.VERSION) {
            throw new MalformedFrameException(
                    MalformedFrameException.BAD_VERSION,
                    "header version is " + version + ", this reader knows " + WireFormat.VERSION);
        }
        int code = u16(buf, WireFormat.OFFSET_KIND);
        if (code >= WireFormat.KIND_CODES) {
            throw new MalformedFrameException(
                    MalformedFrameException.UNKNOWN_KIND,
                    "header kind is " + code + ", known kinds are 0.." + (WireFormat.KIND_CODES - 1));
        }
        long n = u32(buf, WireFormat.OFFSET_SAMPLE_COUNT);
        long ch = u32(buf, WireFormat.OFFSET_CHANNEL_COUNT);
        if (n > Integer.MAX_VALUE || ch > Integer.MAX_VALUE) {
            throw new MalformedFrameException(
                    MalformedFrameException.TOO_LARGE,
                    "header sampleCount " + n + " or channelCount " + ch + " exceeds " + Integer.MAX_VALUE);
        }
        kindCode = code;
        kind = WireFormat.kindOf(code);
        seq = i64(buf, WireFormat.OFFSET_SEQ);
        firstSample = i64(buf, WireFormat.OFFSET_FIRST_SAMPLE);
        sampleCount = (int) n;
        channelCount = (int) ch;
        sampleRate = f64(buf, WireFormat.OFFSET_SAMPLE_RATE);
        acqTimeNanos = i64(buf, WireFormat.OFFSET_ACQ_TIME);
        pubTimeNanos = i64(buf, WireFormat.OFFSET_PUB_TIME);
        flags = (int) u32(buf, WireFormat.OFFSET_FLAGS);
    }

    /** True when the message is a stream descriptor, not a block of a stream. */
    public boolean isDescriptor() {
        return kindCode == WireFormat.DESCRIPTOR_CODE;
    }

    /** Stream kind of the block the message carries; {@code null} for a descriptor ({@link #isDescriptor()}). */
    public Kind kind() {
        return kind;
    }

    /** The kind field as it stands in the header ({@link WireFormat#DESCRIPTOR_CODE} or {@link WireFormat#kindCode}). */
    public int kindCode() {
        return kindCode;
    }

    /** Block sequence number (u64 on the wire; Java's signed long in practice never wraps). */
    public long seq() {
        return seq;
    }

    public long firstSample() {
        return firstSample;
    }

    /** Samples (dense), rows (matrix) or items (events, spikes). */
    public int sampleCount() {
        return sampleCount;
    }

    /** Channels (dense), TTL lines (events, informational) or waveform length (spikes). */
    public int channelCount() {
        return channelCount;
    }

    public double sampleRate() {
        return sampleRate;
    }

    public long acqTimeNanos() {
        return acqTimeNanos;
    }

    public long pubTimeNanos() {
        return pubTimeNanos;
    }

    public int flags() {
        return flags;
    }

    @Override
    public String toString() {
        return "WireHeader[" + (isDescriptor() ? "descriptor" : kind) + " seq=" + seq + " first=" + firstSample + " n="
                + sampleCount + " ch=" + channelCount + " rate=" + sampleRate + " flags=" + flags + "]";
    }
}
