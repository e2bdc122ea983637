package org.neurorig.bus;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed log-scale histogram of latencies (1 µs to ~1 s, 8 buckets per octave): recorded without
 * allocation on the hot path, read for quantiles from any thread.
 */
public final class LatencyHistogram {
    private static final int PER_OCTAVE = 8;
    private static final int OCTAVES = 30;
    private final AtomicLongArray counts = new AtomicLongArray(PER_OCTAVE * OCTAVES + 1);
    private volatile long total;
    private volatile long sumNanos;
    private volatile long maxNanos;

    /** Records one latency; negative values (clock skew between hosts) count as 0. */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts.incrementAndGet(bucket(v));
        total++; // single writer: the owning thread
        sumNanos += v;
        if (v > maxNanos) {
            maxNanos = v;
        }
    }

    static int bucket(long nanos) {
        if (nanos < 1) {
            return 0;
        }
        double octaves = Math.log(nanos) / Math.log(2);
        int b = (int) (octaves * PER_OCTAVE) + 1;
        return Math.min(b, PER_OCTAVE * OCTAVES);
    }

    private static double upperBound(int bucket) {
        return bucket == 0 ? 1 : Math.pow(2, (double) bucket / PER_OCTAVE);
    }

    /** Samples recorded. */
    public long count() {
        return total;
    }

    /** Mean in nanoseconds (0 when empty). */
    public double meanNanos() {
        long n = total;
        return n == 0 ? 0 : (double) sumNanos / n;
    }

    public long maxNanos() {
        return maxNanos;
    }

    /** Upper bound of the bucket holding quantile {@code q} (0..1), in nanoseconds; ≤ 9 % high. */
    public double quantileNanos(double q) {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(counts.length() - 1);
    }

    public void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
        }
        total = 0;
        sumNanos = 0;
        maxNanos = 0;
    }
}
