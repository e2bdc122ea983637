package org.neurorig.runtime.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeSpec;

/** Runs a {@link Processor}: one input queue, one call per block. */
final class ProcessorRunner extends InputRunner<Processor> {
    ProcessorRunner(NodeSpec spec, RunContext run) {
        super(spec, run, Processor.class);
    }

    @Override
    List<StreamSpec> prepareInstance(Processor instance) throws Exception {
        spec.type().checkInputs(spec.name(), inputs()); // declared arity, kinds and rate: prepare need not
        return instance.prepare(inputs(), this);
    }

    @Override
    void closeInstance(Processor instance) {
        try {
            instance.close();
        } catch (Exception e) {
            NodeStatus s = health().status();
            health().set(s, "close failed: " + e.getMessage());
        }
    }

    @Override
    void call(Processor instance, Block in) throws Exception {
        instance.process(in, emitter());
    }
}
