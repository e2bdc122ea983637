package org.neurorig.api;

import java.util.Objects;

/**
 * Per-channel metadata of a stream.
 *
 * @param name     channel name, e.g. {@code CH12}
 * @param units    physical units after scaling, e.g. {@code uV}
 * @param bitVolts scale from int16 counts to {@code units}; 1 for float streams
 * @param x        probe x position in µm, {@code NaN} when unknown
 * @param y        probe y position in µm, {@code NaN} when unknown
 */
public record ChannelInfo(String name, String units, double bitVolts, double x, double y) {
    public ChannelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(units, "units");
    }

    /** A channel without probe geometry. */
    public static ChannelInfo of(String name, String units, double bitVolts) {
        return new ChannelInfo(name, units, bitVolts, Double.NaN, Double.NaN);
    }

    /** True when the probe position is known. */
    public boolean hasPosition() {
        return !Double.isNaN(x) && !Double.isNaN(y);
    }
}
