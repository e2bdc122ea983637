package org.neurorig.api;

import java.util.List;

/** A node that consumes streams (recorders, views, counters). */
public interface Sink {
    /**
     * Handles one input block; the block belongs to the caller and may be shared with other
     * consumers: read it, never write to it or keep it (copy what must outlive the call).
     */
    void accept(Block in) throws Exception;

    /** Called when the input shapes are known, before the first block. */
    default void prepare(List<StreamSpec> inputs, NodeContext context) throws Exception {}

    /** Flushes and releases resources; called once after the last block. */
    default void close() throws Exception {}
}
