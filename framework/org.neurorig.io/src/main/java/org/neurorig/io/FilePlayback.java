package org.neurorig.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;

/**
 * The clock and position of a file player, shared by the playback adapters: which block is due
 * ({@code realtime} releases samples as they fall due by the host clock since {@link #start},
 * {@code fast} at once), where in the file it starts, which pass it belongs to when looping, its
 * flags and its {@code acqTimeNanos} (the start time plus the samples played so far at the file's
 * rate, so both paces give the same timing fields). The player writes the blocks; this class
 * decides when and keeps count. Not thread-safe: the source's thread owns it.
 */
public final class FilePlayback {
    /** Most blocks one realtime read may emit when it is behind, so the runtime's loop stays responsive. */
    public static final int MAX_BLOCKS_PER_READ = 100;
    /** What the {@code pace} key of a player's configuration means (its metatype description). */
    public static final String PACE_DESCRIPTION =
            "realtime: at the recording's rate by the host clock; fast: as fast as consumers take it";
    /** What the {@code loop} key of a player's configuration means (its metatype description). */
    public static final String LOOP_DESCRIPTION = "Start again at the end (sample numbers keep increasing; "
            + "the first block of each pass is flagged as a discontinuity)";

    /** Writes one block of a file player. */
    @FunctionalInterface
    public interface BlockWriter {
        /**
         * Emits the block that starts at {@link FilePlayback#position()} and holds at most {@code n}
         * samples.
         *
         * @return samples emitted, 1..n (fewer where the file's own sample numbers jump)
         */
        int write(Emitter out, int n) throws IOException, InterruptedException;
    }

    private final boolean realtime;
    private final double rate;
    private final long samples;
    private final int blockSamples;
    private final boolean loop;
    private long startNanoTime;
    private long startEpochNanos;
    private long position;
    private long played;
    private boolean newPass;
    private boolean ended;

    /**
     * @param pace         {@code realtime} or {@code fast}
     * @param rate         samples (or rows) per second of the file
     * @param samples      samples in one pass of the file
     * @param blockSamples most samples per block
     * @param loop         start again at the end instead of ending
     */
    public FilePlayback(String pace, double rate, long samples, int blockSamples, boolean loop) {
        this.realtime = checkPace(pace);
        this.rate = rate;
        this.samples = samples;
        this.blockSamples = blockSamples;
        this.loop = loop;
        this.ended = samples == 0;
    }

    /**
     * Checks the keys every player has: {@code path} set, {@code pace} one of its two values.
     *
     * @param type the node type, for the message
     * @param what what the path must name, for the message (e.g. "a recording folder")
     * @throws IllegalArgumentException naming the type and the key
     */
    public static void checkConfig(String type, String path, String what, String pace) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(type + ": path is required (" + what + ")");
        }
        try {
            checkPace(pace);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a {@code pace} config value.
     *
     * @return true for {@code realtime}
     * @throws IllegalArgumentException naming the key and the two values it takes
     */
    public static boolean checkPace(String pace) {
        if ("realtime".equals(pace)) {
            return true;
        }
        if ("fast".equals(pace)) {
            return false;
        }
        throw new IllegalArgumentException("pace must be realtime or fast, got '" + pace + "'");
    }

    /** Starts the clock: sample 0 of the playback is due at {@code epochNanos} (host clock). */
    public void start(long epochNanos) {
        startNanoTime = System.nanoTime();
        startEpochNanos = epochNanos;
    }

    /**
     * Emits the blocks that are due through {@code writer}: in realtime up to
     * {@link #MAX_BLOCKS_PER_READ} of them, in fast pace one.
     *
     * @return samples emitted (0 when nothing was due or the playback has ended)
     */
    public int read(Emitter out, BlockWriter writer) throws IOException, InterruptedException {
        int produced = 0;
        for (int b = 0; b < MAX_BLOCKS_PER_READ && !ended; b++) {
            int n = (int) Math.min(blockSamples, samples - position);
            if (realtime && played + n > (long) ((System.nanoTime() - startNanoTime) / 1e9 * rate)) {
                break;
            }
            int k = writer.write(out, n);
            newPass = false;
            position += k;
            played += k;
            produced += k;
            if (position == samples) {
                ended = !loop;
                newPass = loop;
                position = 0;
            }
            if (!realtime) {
                break;
            }
        }
        return produced;
    }

    /** Sample of the file (within a pass) where the block being written starts. */
    public long position() {
        return position;
    }

    /** Samples emitted before the block being written, over all passes. */
    public long played() {
        return played;
    }

    /** True while the first block of a second or later pass is written. */
    public boolean newPass() {
        return newPass;
    }

    /** True once the last sample was emitted without {@code loop}. */
    public boolean ended() {
        return ended;
    }

    /**
     * Flags of a block of {@code n} samples starting at {@link #position()}:
     * {@link Block#FLAG_DISCONTINUITY} on the first block of a new pass,
     * {@link Block#FLAG_END_OF_STREAM} on the last block without {@code loop}.
     */
    public int flags(int n) {
        boolean last = !loop && position + n == samples;
        return (newPass ? Block.FLAG_DISCONTINUITY : 0) | (last ? Block.FLAG_END_OF_STREAM : 0);
    }

    /**
     * Reads {@code bytes} bytes at {@code at} of {@code file} into {@code buf} (cleared first; its
     * position is then {@code bytes}).
     *
     * @throws EOFException naming the file when it ends first (it shrank during playback)
     */
    public static void readFully(FileChannel ch, ByteBuffer buf, int bytes, long at, Path file) throws IOException {
        buf.clear().limit(bytes);
        long p = at;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new EOFException(file + ": ended at byte " + p + " while reading " + bytes + " bytes at " + at
                        + " (the file shrank during playback)");
            }
            p += r;
        }
    }

    /** Host time of the first sample of the block being written. */
    public long acqTimeNanos() {
        return startEpochNanos + Math.round(played * 1e9 / rate);
    }
}
