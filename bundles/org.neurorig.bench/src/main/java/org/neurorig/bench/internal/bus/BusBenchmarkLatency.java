package org.neurorig.bench.internal.bus;

import java.util.Arrays;

/**
 * One-hop latency of one path, from the sender's clock reading before it sends to the receiver's
 * reading once the block is in its own buffers. Quantiles are exact (nearest rank), not bucketed.
 *
 * @param path      what was measured, e.g. {@code raw JeroMQ PUB->SUB}
 * @param transport {@code inproc} or {@code tcp}
 * @param expected  blocks sent in the measured window
 * @param received  of those, blocks that arrived
 */
public record BusBenchmarkLatency(
        String path, String transport, int expected, int received, long p50Nanos, long p99Nanos, long maxNanos) {

    /** Summarises the first {@code n} entries of {@code nanos} (sorted in place). */
    static BusBenchmarkLatency of(String path, String transport, int expected, long[] nanos, int n) {
        Arrays.sort(nanos, 0, n);
        return new BusBenchmarkLatency(
                path,
                transport,
                expected,
                n,
                quantile(nanos, n, 0.50),
                quantile(nanos, n, 0.99),
                n == 0 ? 0 : nanos[n - 1]);
    }

    private static long quantile(long[] sorted, int n, double q) {
        if (n == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * n); // nearest rank: the smallest value with at least q of n at or below
        return sorted[Math.max(0, rank - 1)];
    }

    /** Measured blocks that never arrived. */
    public int lost() {
        return expected - received;
    }
}
