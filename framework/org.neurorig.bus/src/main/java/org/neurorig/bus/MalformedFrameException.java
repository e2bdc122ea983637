package org.neurorig.bus;

/**
 * Thrown when a message does not follow docs/WIRE.md. {@link #reason()} is a short stable key used
 * for counting (one of the {@code static} constants here); {@link #getMessage()} is a sentence for
 * people. Carries no stack trace: a flood of garbage must stay cheap to reject.
 */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The header does not start with {@code NRG1}. */
    public static final String BAD_MAGIC = "bad-magic";
    /** The header frame is not exactly 64 bytes. */
    public static final String SHORT_HEADER = "short-header";
    /** The header version is not {@link WireFormat#VERSION}. */
    public static final String BAD_VERSION = "bad-version";
    /** The kind code is not 0…5. */
    public static final String UNKNOWN_KIND = "unknown-kind";
    /** The payload size does not match kind, sample count and channel count. */
    public static final String PAYLOAD_LENGTH = "payload-length";
    /** The message does not have exactly three frames. */
    public static final String FRAME_COUNT = "frame-count";
    /** The topic is empty, longer than 255 bytes or not UTF-8. */
    public static final String BAD_TOPIC = "bad-topic";
    /** A kind-0 payload is not a valid StreamSpec JSON document. */
    public static final String BAD_DESCRIPTOR = "bad-descriptor";
    /** Counts exceed the wire limits or the receiving block's capacity. */
    public static final String TOO_LARGE = "too-large";
    /** Kind, channel count or waveform length differ from the block the reader expects. */
    public static final String SHAPE_MISMATCH = "shape-mismatch";
    /**
     * Not malformed but refused: a message from an outside publisher on a topic the host publishes
     * ({@link BusProxy#claim}). Counted with the malformed ones; never thrown by the decoders.
     */
    public static final String FOREIGN_TOPIC = "foreign-topic";

    private final String reason;

    /**
     * @param reason  one of the reason keys of this class
     * @param message what is wrong, naming the field and value
     */
    public MalformedFrameException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Short stable key, e.g. {@code "bad-magic"}. */
    public String reason() {
        return reason;
    }
}
