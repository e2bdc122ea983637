package org.neurorig.api;

/**
 * What a stream carries. Every constant is a stream kind; how kinds are numbered on the wire (and
 * the descriptor messages, which are no stream's kind) is the bus's business:
 * {@code org.neurorig.bus.WireFormat}.
 */
public enum Kind {
    /** Regularly sampled int16, sample-major interleaved, scaled by {@link ChannelInfo#bitVolts()}. */
    CONTINUOUS_I16,
    /** Regularly sampled float32, sample-major interleaved, in the channel's units. */
    CONTINUOUS_F32,
    /** TTL edges and markers: per item a sample number, a line, a state and optional text. */
    EVENTS,
    /** Detected spikes: per item a sample number, a channel, a unit and an optional waveform. */
    SPIKES,
    /** A float32 matrix, rows = time bins, columns = features/neurons (binned counts, model outputs). */
    MATRIX_F32;

    /** True for kinds whose payload is a dense samples × channels array. */
    public boolean isDense() {
        return this == CONTINUOUS_I16 || this == CONTINUOUS_F32 || this == MATRIX_F32;
    }

    /** True for kinds whose payload is a list of items (events, spikes). */
    public boolean isItems() {
        return this == EVENTS || this == SPIKES;
    }
}
