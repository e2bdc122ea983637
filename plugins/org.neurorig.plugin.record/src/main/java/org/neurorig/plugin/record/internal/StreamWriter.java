package org.neurorig.plugin.record.internal;

import java.io.IOException;

import org.neurorig.api.Block;

/** Writes the blocks of one input stream into its Open Ephys folder. */
interface StreamWriter {
    /** Appends one block (already checked to have this stream's shape). */
    void write(Block b) throws IOException;

    /** Writes staged data, makes every .npy header consistent, and fsyncs when asked. */
    void flush(boolean fsync) throws IOException;

    /** Flushes with fsync and closes the files. */
    void close() throws IOException;

    /** Bytes appended so far (data only). */
    long bytes();

    /** Closes every file, keeping the first failure and adding the others to it. */
    static void closeAll(AppendFile... files) throws IOException {
        IOException first = null;
        for (AppendFile f : files) {
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
}
