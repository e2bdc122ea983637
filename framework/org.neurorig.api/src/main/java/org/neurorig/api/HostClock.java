package org.neurorig.api;

import java.time.Instant;

/**
 * The host clock used for {@code acqTimeNanos} and {@code pubTimeNanos}: nanoseconds since the Unix
 * epoch with {@link System#nanoTime()} resolution. {@link System#currentTimeMillis()} is too coarse
 * for hop latencies of tens of microseconds, and {@code Instant.now()} allocates.
 *
 * <p>Test only: the system property {@code neurorig.clock.testOffsetNanos} (nanoseconds, default 0), read
 * once when this class loads, is added to every reading. It gives one process a known artificial
 * offset so that a test can check the clock synchronisation between hosts against it; a rig never
 * sets it.
 */
public final class HostClock {
    private static final String TEST_OFFSET_PROPERTY = "neurorig.clock.testOffsetNanos";

    private static final long OFFSET = epochAnchor() + testOffset();

    private HostClock() {}

    /** Nanoseconds since the Unix epoch, monotonic within this JVM. */
    public static long nowNanos() {
        return OFFSET + System.nanoTime();
    }

    /**
     * The epoch minus {@code nanoTime} to well under a microsecond: two processes on one machine then
     * agree as closely as their shared monotonic clock allows (a millisecond anchor would put them up
     * to 1 ms apart, more than the clock sync must resolve). Of a few tries, the one with the least
     * time between the two clock reads wins.
     */
    private static long epochAnchor() {
        long best = 0;
        long bestSpan = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            if (after - before < bestSpan) {
                bestSpan = after - before;
                best = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
            }
        }
        return best;
    }

    private static long testOffset() {
        String value = System.getProperty(TEST_OFFSET_PROPERTY);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    TEST_OFFSET_PROPERTY + " = '" + value + "': expected a whole number of nanoseconds", e);
        }
    }
}
