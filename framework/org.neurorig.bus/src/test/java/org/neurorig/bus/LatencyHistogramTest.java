package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    private static final long HALF = LatencyHistogram.HALF_WINDOW_NANOS;
    private static final long T0 = 1_000 * HALF; // the start of a half-window

    @Test
    void quantilesAreBucketUpperBoundsWithin9PercentAbove() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 1_000L, T0); // 1 µs … 1 ms
        }
        assertThat(h.count()).isEqualTo(1000);
        assertThat(h.quantileNanos(0.5)).isBetween(500_000.0, 500_000 * 1.091);
        assertThat(h.quantileNanos(0.99)).isBetween(990_000.0, 990_000 * 1.091);
        assertThat(h.meanNanos()).isCloseTo(500_500.0, within(1e-6));
        assertThat(h.maxNanos()).isEqualTo(1_000_000);
    }

    @Test
    void theRecentWindowForgetsTheStartButTheTotalDoesNot() {
        LatencyHistogram h = new LatencyHistogram();
        // start-up: 100 slow hops of 200 ms, then 10,000 fast ones of 100 µs over the next 25 s
        for (int i = 0; i < 100; i++) {
            h.record(200_000_000L, T0 + i * 1_000_000L);
        }
        for (int i = 0; i < 10_000; i++) {
            h.record(100_000L, T0 + HALF / 10 + i * 2_500_000L);
        }
        long end = T0 + HALF / 10 + 10_000 * 2_500_000L; // 25.5 s after T0
        assertThat(h.quantileNanos(0.995))
                .as("since the start: the slow start-up is in p99.5")
                .isGreaterThan(200_000_000.0);
        assertThat(h.recentQuantileNanos(0.995, end))
                .as("recent: only fast hops")
                .isBetween(100_000.0, 100_000 * 1.091);
        // one slow hop now shows in the recent p99 while the window holds fewer than 100 hops
        h.record(300_000_000L, end);
        assertThat(h.recentQuantileNanos(1.0, end)).isGreaterThan(300_000_000.0);
        // …and is gone once two half-windows have passed without it
        for (long t = end + 1; t < end + 2 * HALF + 1_000_000; t += 2_500_000L) {
            h.record(100_000L, t);
        }
        assertThat(h.recentQuantileNanos(1.0, end + 2 * HALF + 1_000_000)).isBetween(100_000.0, 100_000 * 1.091);
    }

    @Test
    void aQuietStreamHasNoRecentLatency() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(50_000L, T0);
        assertThat(h.recentQuantileNanos(0.5, T0 + HALF / 2)).isBetween(50_000.0, 50_000 * 1.091);
        assertThat(h.recentQuantileNanos(0.5, T0 + HALF + 1))
                .as("previous half-window still counts")
                .isBetween(50_000.0, 50_000 * 1.091);
        assertThat(h.recentQuantileNanos(0.5, T0 + 2 * HALF + 1))
                .as("older than 10 s")
                .isZero();
        assertThat(h.quantileNanos(0.5)).isBetween(50_000.0, 50_000 * 1.091);
        h.reset();
        assertThat(h.count()).isZero();
        assertThat(h.quantileNanos(0.5)).isZero();
        assertThat(h.recentQuantileNanos(0.5, T0)).isZero();
    }
}
