package org.neurorig.bus;

import java.util.concurrent.atomic.AtomicLongArray;
import org.neurorig.api.HostClock;

/**
 * A fixed log-scale histogram of latencies (1 µs to ~1 s, 8 buckets per octave): recorded without
 * allocation on the hot path, read for quantiles from any thread.
 *
 * <p>Besides the counts since the start (or the last {@link #reset()}) it keeps a recent window:
 * two halves of {@link #HALF_WINDOW_NANOS}, the older cleared and reused when a new half begins,
 * so that {@link #recentQuantileNanos} covers the last 5–10 s. A live display needs that: counts
 * since the start keep the start-up (class loading, JIT) in their p99 for the whole run.
 */
public final class LatencyHistogram {
    /** Length of one half of the recent window. */
    public static final long HALF_WINDOW_NANOS = 5_000_000_000L;

    private static final int PER_OCTAVE = 8;
    private static final int OCTAVES = 30;
    private static final int BUCKETS = PER_OCTAVE * OCTAVES + 1;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray[] halves = {new AtomicLongArray(BUCKETS), new AtomicLongArray(BUCKETS)};
    /** Number of the half-window being filled (HostClock.nowNanos() / HALF_WINDOW_NANOS). */
    private volatile long half = Long.MIN_VALUE;

    private volatile long total;
    private volatile long sumNanos;
    private volatile long maxNanos;

    /** Records one latency; negative values (clock skew between hosts) count as 0. */
    public void record(long nanos) {
        record(nanos, HostClock.nowNanos());
    }

    /**
     * {@link #record(long)} by a caller that has just read {@link HostClock#nowNanos()} (as a hop
     * latency is computed): the recent window then costs no second clock read.
     */
    public void record(long nanos, long nowNanos) {
        long v = Math.max(0, nanos);
        int b = bucket(v);
        counts.incrementAndGet(b);
        total++; // single writer: the owning thread
        sumNanos += v;
        if (v > maxNanos) {
            maxNanos = v;
        }
        long now = Math.floorDiv(nowNanos, HALF_WINDOW_NANOS);
        if (now != half) {
            startHalf(now);
        }
        halves[(int) (now & 1)].incrementAndGet(b);
    }

    /** A new half-window: the older half is cleared (both when more than one half went by). */
    private void startHalf(long now) {
        clear(halves[(int) (now & 1)]);
        if (now != half + 1) {
            clear(halves[(int) ((now + 1) & 1)]);
        }
        half = now;
    }

    private static void clear(AtomicLongArray a) {
        for (int i = 0; i < a.length(); i++) {
            a.set(i, 0);
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
        return quantile(q, counts, null);
    }

    /**
     * As {@link #quantileNanos} over the latencies recorded in the last 5–10 s only (the current
     * half-window and the one before it); 0 when none were.
     */
    public double recentQuantileNanos(double q) {
        return recentQuantileNanos(q, HostClock.nowNanos());
    }

    /** {@link #recentQuantileNanos(double)} at a given {@link HostClock#nowNanos()} (tests). */
    double recentQuantileNanos(double q, long nowNanos) {
        long now = Math.floorDiv(nowNanos, HALF_WINDOW_NANOS);
        long h = half;
        if (now > h + 1) {
            return 0; // nothing recorded for at least one whole half-window
        }
        AtomicLongArray current = halves[(int) (h & 1)];
        // the half before h is recent only while h is still being filled
        return quantile(q, current, now == h ? halves[(int) ((h + 1) & 1)] : null);
    }

    private static double quantile(double q, AtomicLongArray a, AtomicLongArray b) {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += a.get(i) + (b == null ? 0 : b.get(i));
        }
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += a.get(i) + (b == null ? 0 : b.get(i));
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }

    public void reset() {
        clear(counts);
        clear(halves[0]);
        clear(halves[1]);
        half = Long.MIN_VALUE;
        total = 0;
        sumNanos = 0;
        maxNanos = 0;
    }
}
