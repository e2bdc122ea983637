package org.neurorig.adapter.openephys.internal.io;

/**
 * When a file player may emit its next block: {@code realtime} releases samples as they fall due
 * by the host clock since {@link #start()}, {@code fast} releases them at once. Also stamps
 * {@code acqTimeNanos} as the start time plus the samples played so far at the file's rate, so
 * both paces give the same timing fields.
 */
public final class PlaybackPace {
    /** Most blocks one realtime read may emit when it is behind, so the runtime's loop stays responsive. */
    public static final int MAX_BLOCKS_PER_READ = 100;

    private final boolean realtime;
    private final double rate;
    private long startNanoTime;
    private long startEpochNanos;

    /**
     * @param pace {@code realtime} or {@code fast}
     * @param rate samples per second of the file
     */
    public PlaybackPace(String pace, double rate) {
        this.realtime = parse(pace);
        this.rate = rate;
    }

    /** Checks a {@code pace} config value; the message names the key. */
    public static boolean parse(String pace) {
        if ("realtime".equals(pace)) {
            return true;
        }
        if ("fast".equals(pace)) {
            return false;
        }
        throw new IllegalArgumentException("pace must be realtime or fast, got '" + pace + "'");
    }

    /** Starts the clock: sample 0 of the playback is due now. */
    public void start(long epochNanos) {
        startNanoTime = System.nanoTime();
        startEpochNanos = epochNanos;
    }

    public boolean realtime() {
        return realtime;
    }

    /** True when the playback's sample {@code played + count - 1} is due (always in fast pace). */
    public boolean due(long played, int count) {
        return !realtime || played + count <= (long) ((System.nanoTime() - startNanoTime) / 1e9 * rate);
    }

    /** Host time of the playback's sample {@code played}. */
    public long acqTimeNanos(long played) {
        return startEpochNanos + Math.round(played * 1e9 / rate);
    }
}
