package org.neurorig.bus;

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
    /** First four bytes of every header: ASCII {@code NRG1}. Do not modify. */
    public static final byte[] MAGIC = {'N', 'R', 'G', '1'};

    /** {@code u8[4]} magic. */
    public static final int OFFSET_MAGIC = 0;
    /** {@code u16} version. */
    public static final int OFFSET_VERSION = 4;
    /** {@code u16} kind code ({@link org.neurorig.api.Kind#code()}). */
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

    private WireFormat() {
    }
}
