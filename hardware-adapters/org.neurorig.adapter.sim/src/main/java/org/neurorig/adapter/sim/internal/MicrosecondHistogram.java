package org.neurorig.adapter.sim.internal;

/**
 * Latencies in 1 µs bins up to 100 ms (beyond that they count in the last bin, and
 * {@link #maxMicros()} stays exact): constant memory and no allocation per value, and percentiles
 * exact to a microsecond, which the closed-loop figures need. Not the bus's
 * {@code org.neurorig.bus.LatencyHistogram}: that one is log-scale (≤ 9 % high), thread-safe and
 * keeps a recent window for the live status line; this one is single-threaded and exact.
 */
final class MicrosecondHistogram {
    static final int BINS = 100_001;
    private final long[] bins = new long[BINS];
    private long count;
    private long sumNanos;
    private long minNanos = Long.MAX_VALUE;
    private long maxNanos = Long.MIN_VALUE;

    void add(long nanos) {
        int bin = (int) Math.max(0, Math.min(BINS - 1, nanos / 1000));
        bins[bin]++;
        count++;
        sumNanos += nanos;
        minNanos = Math.min(minNanos, nanos);
        maxNanos = Math.max(maxNanos, nanos);
    }

    long count() {
        return count;
    }

    /** The smallest latency, in µs, at or below which {@code q} (0..1) of the values lie; NaN when empty. */
    double percentileMicros(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += bins[b];
            if (seen >= rank) {
                // upper edge of the bin, clipped to the true maximum; the overflow bin's edge is the maximum
                return b == BINS - 1 ? maxNanos / 1000.0 : Math.min(b + 1, maxNanos / 1000.0);
            }
        }
        return maxNanos / 1000.0;
    }

    double meanMicros() {
        return count == 0 ? Double.NaN : sumNanos / 1000.0 / count;
    }

    double minMicros() {
        return count == 0 ? Double.NaN : minNanos / 1000.0;
    }

    double maxMicros() {
        return count == 0 ? Double.NaN : maxNanos / 1000.0;
    }
}
