package org.neurorig.runtime.internal;

import java.util.List;

import org.neurorig.api.Block;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeSpec;

/** Runs a {@link Sink}: one input queue, one call per block. */
final class SinkRunner extends InputRunner {
    SinkRunner(NodeSpec spec, RunContext run) {
        super(spec, run);
    }

    @Override
    List<StreamSpec> prepareInstance(Object instance) throws Exception {
        ((Sink) instance).prepare(inputs, this);
        return List.of();
    }

    @Override
    void closeInstance(Object instance) {
        try {
            ((Sink) instance).close();
        } catch (Exception e) {
            setStatus(currentStatus(), "close failed: " + e.getMessage());
        }
    }

    @Override
    void call(Object instance, Block in) throws Exception {
        ((Sink) instance).accept(in);
    }
}
