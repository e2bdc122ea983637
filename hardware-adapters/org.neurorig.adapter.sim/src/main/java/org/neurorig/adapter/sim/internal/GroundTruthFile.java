package org.neurorig.adapter.sim.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;

/**
 * The ground-truth JSON file of a simulated source: written at {@code open} (so that an unusable
 * path fails the node at once, not at the end of a long run) and again, complete, at
 * {@code close}; each time whole and atomically ({@link JsonReport}).
 */
abstract class GroundTruthFile {
    private final Path file;
    private final String type;

    /**
     * @param file where the file goes
     * @param type the node type, the file's {@code type} field and the prefix of its messages
     */
    GroundTruthFile(Path file, String type) {
        this.file = file;
        this.type = type;
    }

    /**
     * Writes the fields after {@code type}.
     *
     * @param progress samples, frames or bins generated so far
     * @param complete false while the source runs
     */
    abstract void fields(JsonGenerator g, long progress, boolean complete) throws IOException;

    /** Writes the file as it stands now. */
    final void write(long progress, boolean complete) throws IOException {
        JsonReport.write(file, type, g -> fields(g, progress, complete));
    }

    /** The source's close: the complete file, or the node FAILED with the reason and the exception rethrown. */
    final void close(long progress, NodeContext context) throws IOException {
        try {
            write(progress, true);
        } catch (IOException e) {
            context.status(NodeStatus.FAILED, type + ": cannot write ground truth " + file + ": " + e.getMessage());
            throw e;
        }
    }
}
