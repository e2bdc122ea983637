package org.neurorig.api;

/** What a stream carries; the numeric code is the {@code kind} field of the wire header. */
public enum Kind {
    /** A stream descriptor (JSON {@link StreamSpec}); never the kind of a stream itself. */
    DESCRIPTOR(0),
    /** Regularly sampled int16, sample-major interleaved, scaled by {@link ChannelInfo#bitVolts()}. */
    CONTINUOUS_I16(1),
    /** Regularly sampled float32, sample-major interleaved, in the channel's units. */
    CONTINUOUS_F32(2),
    /** TTL edges and markers: per item a sample number, a line, a state and optional text. */
    EVENTS(3),
    /** Detected spikes: per item a sample number, a channel, a unit and an optional waveform. */
    SPIKES(4),
    /** A float32 matrix, rows = time bins, columns = features/neurons (binned counts, model outputs). */
    MATRIX_F32(5);

    private static final Kind[] BY_CODE = values();
    private final int code;

    Kind(int code) {
        this.code = code;
    }

    /** The wire code of this kind. */
    public int code() {
        return code;
    }

    /** True for kinds whose payload is a dense samples × channels array. */
    public boolean isDense() {
        return this == CONTINUOUS_I16 || this == CONTINUOUS_F32 || this == MATRIX_F32;
    }

    /** True for kinds whose payload is a list of items (events, spikes). */
    public boolean isItems() {
        return this == EVENTS || this == SPIKES;
    }

    /**
     * The kind with this wire code.
     *
     * @throws IllegalArgumentException for an unknown code
     */
    public static Kind ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown kind code " + code);
        }
        return BY_CODE[code];
    }
}
