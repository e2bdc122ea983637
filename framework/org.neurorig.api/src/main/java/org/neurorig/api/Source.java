package org.neurorig.api;

import java.util.List;

/**
 * A node that produces streams: a device adapter, a simulator or a file player. The runtime calls
 * {@link #read} in a loop on the node's own thread.
 */
public interface Source {
    /**
     * Connects and declares the output streams, one per port, named by port.
     * Allocate buffers here, never in {@link #read}.
     */
    List<StreamSpec> open(NodeContext context) throws Exception;

    /**
     * Fills and emits blocks for whatever data is ready.
     *
     * @return samples produced in this call; 0 when nothing was ready yet (the runtime backs off)
     */
    int read(Emitter out) throws Exception;

    /** Disconnects; called once after the last read. */
    default void close() throws Exception {}
}
