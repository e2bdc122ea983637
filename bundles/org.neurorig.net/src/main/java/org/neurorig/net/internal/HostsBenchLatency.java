package org.neurorig.net.internal;

import java.util.Arrays;

/**
 * One-way latency of one path between hosts at a paced rate: from the sender's
 * {@code HostClock.nowNanos()} just before it hands a block over to the receiver's reading once the
 * block is in its hands. Quantiles are exact (nearest rank over every measured block), not bucketed:
 * the bus's {@code LatencyHistogram} is good to about 9 %, too coarse to compare two paths.
 *
 * @param expected blocks sent in the measured window
 * @param received of those, blocks that arrived
 */
record HostsBenchLatency(int expected, int received, long p50Nanos, long p99Nanos, long maxNanos) {

    /** Summarises the first {@code n} entries of {@code nanos} (sorted in place). */
    static HostsBenchLatency of(int expected, long[] nanos, int n) {
        if (n < 0 || n > nanos.length) {
            throw new IllegalArgumentException("n " + n + " outside 0.." + nanos.length);
        }
        Arrays.sort(nanos, 0, n);
        return new HostsBenchLatency(
                expected, n, quantile(nanos, n, 0.50), quantile(nanos, n, 0.99), n == 0 ? 0 : nanos[n - 1]);
    }

    /** The smallest value with at least {@code q} of the {@code n} sorted values at or below it; 0 for none. */
    static long quantile(long[] sorted, int n, double q) {
        if (n == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Measured blocks that never arrived. */
    int lost() {
        return expected - received;
    }
}
