package org.neurorig.api;

import java.util.List;

/** A node that turns input blocks into output blocks (filters, detectors, models). */
public interface Processor {
    /**
     * Handles one input block; emits zero or more output blocks through {@code out}. The input
     * block belongs to the caller and may be shared with other consumers: read it, never write to
     * it or keep it (copy what must outlive the call).
     */
    void process(Block in, Emitter out) throws Exception;

    /**
     * Called when the input shapes are known, before the first block and again when they change.
     * Allocate scratch buffers here. Returns the output streams, one per port, named by port; by
     * default one port {@code out} shaped like the first input.
     */
    default List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) throws Exception {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("processor without input");
        }
        return List.of(inputs.get(0).withName("out"));
    }

    /** Releases resources; called once after the last block. */
    default void close() throws Exception {}
}
