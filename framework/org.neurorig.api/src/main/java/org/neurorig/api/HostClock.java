package org.neurorig.api;

/**
 * The host clock used for {@code acqTimeNanos} and {@code pubTimeNanos}: nanoseconds since the Unix
 * epoch with {@link System#nanoTime()} resolution. {@link System#currentTimeMillis()} is too coarse
 * for hop latencies of tens of microseconds, and {@code Instant.now()} allocates.
 */
public final class HostClock {
    private static final long OFFSET = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    private HostClock() {}

    /** Nanoseconds since the Unix epoch, monotonic within this JVM. */
    public static long nowNanos() {
        return OFFSET + System.nanoTime();
    }
}
