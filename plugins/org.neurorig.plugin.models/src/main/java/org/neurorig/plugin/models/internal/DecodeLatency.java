package org.neurorig.plugin.models.internal;

/**
 * Time a decoder spends on one bin: from the neural row being available to its estimate written.
 * Mean, 99th percentile (1 µs buckets up to 10 ms) and maximum over the bins decoded so far — the
 * maximum includes the first, not yet compiled, bins.
 */
final class DecodeLatency {
    private static final int BUCKETS = 10_000;
    private final long[] micros = new long[BUCKETS + 1];
    private long bins;
    private long totalNanos;
    private long maxNanos;

    void add(long nanos) {
        bins++;
        totalNanos += nanos;
        maxNanos = Math.max(maxNanos, nanos);
        micros[(int) Math.min(BUCKETS, nanos / 1000)]++;
    }

    long bins() {
        return bins;
    }

    double meanMicros() {
        return bins == 0 ? Double.NaN : totalNanos / 1e3 / bins;
    }

    /** Upper edge of the 1 µs bucket holding the q-quantile (0 < q ≤ 1). */
    double quantileMicros(double q) {
        long rank = (long) Math.ceil(q * bins);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += micros[i];
            if (seen >= rank) {
                return i + 1;
            }
        }
        return Double.NaN;
    }

    double maxMicros() {
        return maxNanos / 1e3;
    }

    @Override
    public String toString() {
        return String.format(
                "%.1f µs/bin mean, p99 %.0f µs, max %.0f µs over %d bins",
                meanMicros(), quantileMicros(0.99), maxMicros(), bins);
    }
}
