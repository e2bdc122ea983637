package org.neurorig.bus;

import org.neurorig.api.Kind;

/**
 * Constants of the wire format (DESIGN §5, normative copy in docs/WIRE.md). A message is three
 * ZeroMQ frames {@code [topic][header][payload]}; the header is 64 bytes, little-endian, with the
 * fields at the {@code OFFSET_…} positions below.
 */
public final class WireFormat {
    /** Size of the header frame. */
    public static final int HEADER_BYTES = 64;
    /** The only header version this code reads and writes. */
    public static final int VERSION = 1;
    /** First four bytes of every header, ASCII {@code NRG1}, read as a little-endian {@code u32}. */
    public static final int MAGIC = 'N' | 'R' << 8 | 'G' << 16 | '1' << 24;
    /** Length of the magic in bytes. */
    public static final int MAGIC_BYTES = 4;

    /** {@code u8[4]} magic. */
    public static final int OFFSET_MAGIC = 0;
    /** {@code u16} version. */
    public static final int OFFSET_VERSION = 4;
    /** {@code u16} kind code: {@link #DESCRIPTOR_CODE} or {@link #kindCode(Kind)}. */
    public static final int OFFSET_KIND = 6;
    /** {@code u64} per-stream block sequence number. */
    public static final int OFFSET_SEQ = 8;
    /** {@code i64} device sample index of the first sample. */
    public static final int OFFSET_FIRST_SAMPLE = 16;
    /** {@code u32} samples, rows or items in the payload. */
    public static final int OFFSET_SAMPLE_COUNT = 24;
    /** {@code u32} channels (dense), TTL lines (events) or waveform length (spikes). */
    public static final int OFFSET_CHANNEL_COUNT = 28;
    /** {@code f64} stream sample rate in Hz (0 = irregular). */
    public static final int OFFSET_SAMPLE_RATE = 32;
    /** {@code i64} host clock, ns since the Unix epoch, when the first sample was acquired. */
    public static final int OFFSET_ACQ_TIME = 40;
    /** {@code i64} host clock, ns since the Unix epoch, when the message was published. */
    public static final int OFFSET_PUB_TIME = 48;
    /** {@code u32} flags: bit 0 discontinuity, bit 1 end of stream. */
    public static final int OFFSET_FLAGS = 56;
    /** {@code u8[4]} reserved, written as zero, ignored by readers. */
    public static final int OFFSET_RESERVED = 60;

    /** Bytes of one event record {@code [sample i64][line u16][state u8][reserved u8][textBytes u32]}. */
    public static final int EVENT_RECORD_BYTES = 16;
    /** Bytes of one spike record {@code [sample i64][channel u32][unit i32]}. */
    public static final int SPIKE_RECORD_BYTES = 16;
    /** Longest topic, in UTF-8 bytes. */
    public static final int MAX_TOPIC_BYTES = 255;
    /** Largest payload a reader accepts (256 MiB); larger headers are rejected as too large. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 28;
    /**
     * Most channels a descriptor may declare without a {@code channels} list. A reader makes one
     * entry per unlisted channel, so an unbounded count would let a 100-byte message cost gigabytes;
     * listed channels cost the sender their bytes.
     */
    public static final int MAX_UNLISTED_CHANNELS = 4096;
    /** Largest event line number (u16). */
    public static final int MAX_EVENT_LINE = 0xFFFF;
    /** Largest event state (u8). */
    public static final int MAX_EVENT_STATE = 0xFF;

    /** Kind code of a stream descriptor message (JSON {@link org.neurorig.api.StreamSpec}); no stream has it. */
    public static final int DESCRIPTOR_CODE = 0;
    /** Number of kind codes: {@link #DESCRIPTOR_CODE} and one per {@link Kind}, {@code 0..KIND_CODES-1}. */
    public static final int KIND_CODES = 6;

    private WireFormat() {}

    /** Byte {@code i} (0..3) of {@link #MAGIC} as it stands in a header. */
    public static byte magicByte(int i) {
        return (byte) (MAGIC >>> (8 * i));
    }

    /** The wire code of a stream kind (1..5; docs/WIRE.md). */
    public static int kindCode(Kind kind) {
        return switch (kind) {
            case CONTINUOUS_I16 -> 1;
            case CONTINUOUS_F32 -> 2;
            case EVENTS -> 3;
            case SPIKES -> 4;
            case MATRIX_F32 -> 5;
        };
    }

    /**
     * The stream kind of a wire code: {@code null} for {@link #DESCRIPTOR_CODE}.
     *
     * @throws IllegalArgumentException for a code outside {@code 0..KIND_CODES-1}
     */
    public static Kind kindOf(int code) {
        return switch (code) {
            case DESCRIPTOR_CODE -> null;
            case 1 -> Kind.CONTINUOUS_I16;
            case 2 -> Kind.CONTINUOUS_F32;
            case 3 -> Kind.EVENTS;
            case 4 -> Kind.SPIKES;
            case 5 -> Kind.MATRIX_F32;
            default -> throw new IllegalArgumentException(
                    "unknown kind code " + code + ", known are 0.." + (KIND_CODES - 1));
        };
    }
}
