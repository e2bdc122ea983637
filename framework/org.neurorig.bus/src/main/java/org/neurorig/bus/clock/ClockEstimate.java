package org.neurorig.bus.clock;

/**
 * A host's clock offset to the reference (coordinator's) clock, as {@link ClockSync} estimated it
 * when the exchange at local time {@code atLocalNanos} arrived.
 *
 * @param offsetNanos reference clock minus local clock at {@code atLocalNanos}
 * @param uncertaintyNanos a bound on the error of {@code offsetNanos}: half the least round trip in the
 *     window (the most that path asymmetry can shift that exchange's offset, since neither one-way delay
 *     is negative) plus the largest distance of a low-delay exchange's offset from the fitted line (the
 *     spread the fit leaves). It holds while the clocks run at a steady rate over the window and does
 *     not grow between exchanges; {@link Long#MAX_VALUE} while there is no estimate
 * @param driftPpm how fast the offset changes, in parts per million of local time (positive: the
 *     reference clock runs faster); 0 while the window shows no drift beyond its noise (a fitted slope
 *     under three standard errors, e.g. over a window a fraction of a second long) or holds fewer than
 *     four exchanges
 * @param minDelayNanos the least round trip in the window, without the reference's own answer time
 * @param samples the exchanges in the window the estimate was drawn from; 0 means no estimate yet
 * @param atLocalNanos the local time the estimate refers to: the midpoint of the latest exchange
 */
public record ClockEstimate(
        long offsetNanos, long uncertaintyNanos, double driftPpm, long minDelayNanos, int samples, long atLocalNanos) {

    /** No exchange answered yet: offset 0, uncertainty unbounded. */
    public static final ClockEstimate NONE = new ClockEstimate(0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 0, 0);

    /** The reference clock's reading at local time {@code localNanos}, extrapolated with the drift. */
    public long toReference(long localNanos) {
        return localNanos + offsetNanos + Math.round(driftPpm * 1e-6 * (localNanos - atLocalNanos));
    }
}
