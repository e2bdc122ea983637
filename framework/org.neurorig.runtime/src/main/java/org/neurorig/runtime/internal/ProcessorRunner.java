package org.neurorig.runtime.internal;

import java.util.List;

import org.neurorig.api.Block;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeSpec;

/** Runs a {@link Processor}: one input queue, one call per block. */
final class ProcessorRunner extends InputRunner {
    ProcessorRunner(NodeSpec spec, RunContext run) {
        super(spec, run);
    }

    @Override
    List<StreamSpec> prepareInstance(Object instance) throws Exception {
        return ((Processor) instance).prepare(inputs, this);
    }

    @Override
    void closeInstance(Object instance) {
        try {
            ((Processor) instance).close();
        } catch (Exception e) {
            setStatus(currentStatus(), "close failed: " + e.getMessage());
        }
    }

    @Override
    void call(Object instance, Block in) throws Exception {
        ((Processor) instance).process(in, emitter);
    }
}
