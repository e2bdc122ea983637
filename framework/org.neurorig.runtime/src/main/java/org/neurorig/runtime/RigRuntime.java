package org.neurorig.runtime;

import java.util.Optional;
import org.neurorig.config.Pipeline;

/** The service that runs one pipeline at a time in this host. */
public interface RigRuntime {
    /**
     * Deploys the pipeline's nodes, wires their streams and starts acquisition.
     *
     * @throws RigException when a node cannot be started (its message names the node and why);
     *                      nothing is left running then
     */
    RunHandle start(Pipeline pipeline, RunOptions options) throws RigException;

    /** The run in progress, if any. */
    Optional<RunHandle> current();
}
