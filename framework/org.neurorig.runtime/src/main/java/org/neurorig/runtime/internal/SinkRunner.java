package org.neurorig.runtime.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeSpec;

/** Runs a {@link Sink}: one input queue, one call per block. */
final class SinkRunner extends InputRunner<Sink> {
    SinkRunner(NodeSpec spec, RunContext run) {
        super(spec, run, Sink.class);
    }

    @Override
    List<StreamSpec> prepareInstance(Sink instance) throws Exception {
        spec.type().checkInputs(spec.name(), inputs()); // declared arity, kinds and rate: prepare need not
        instance.prepare(inputs(), this);
        return List.of();
    }

    @Override
    void closeInstance(Sink instance) {
        try {
            instance.close();
        } catch (Exception e) {
            NodeStatus s = health().status();
            health().set(s, "close failed: " + e.getMessage());
        }
    }

    @Override
    void call(Sink instance, Block in) throws Exception {
        instance.accept(in);
    }
}
