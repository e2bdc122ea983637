package org.neurorig.plugin.record.internal;

import java.io.IOException;
import org.neurorig.api.Block;

/** Writes the blocks of one input stream into its Open Ephys folder. */
interface StreamWriter {
    /** Appends one block (already checked to have this stream's shape). */
    void write(Block b) throws IOException;

    /**
     * The stream's files, in the order they are flushed: data before the numbers that describe it,
     * so that a crash leaves at worst extra data, which {@code recover} trims.
     */
    AppendFile[] files();

    /**
     * Hands staged data to the operating system and makes every .npy header consistent; after it a
     * killed process loses nothing of this stream (a power cut still can, until {@link #force()}).
     */
    default void flush() throws IOException {
        for (AppendFile f : files()) {
            f.flush(false);
        }
    }

    /** Fsyncs every file written since its last fsync. */
    default void force() throws IOException {
        for (AppendFile f : files()) {
            f.force();
        }
    }

    /** Flushes with fsync and closes the files, keeping the first failure and adding the others to it. */
    default void close() throws IOException {
        IOException first = null;
        for (AppendFile f : files()) {
            try {
                f.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Bytes appended so far (data only). */
    default long bytes() {
        long b = 0;
        for (AppendFile f : files()) {
            b += f.dataBytes();
        }
        return b;
    }
}
