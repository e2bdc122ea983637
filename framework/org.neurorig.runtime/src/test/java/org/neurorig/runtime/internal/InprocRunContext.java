package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurorig.bus.Delivery;
import org.neurorig.bus.Edge;
import org.neurorig.runtime.RunOptions;
import org.zeromq.ZContext;

/** The part of a {@link Run} that runners see, wired by hand. */
final class InprocRunContext implements RunContext {
    private final ZContext zmq;
    private final RunOptions options;
    private final Map<String, List<Edge>> edgesByStream = new HashMap<>();
    private final Map<String, Map<String, List<Edge>>> edgesByConsumer = new HashMap<>();

    InprocRunContext(ZContext zmq, RunOptions options) {
        this.zmq = zmq;
        this.options = options;
    }

    /** Wires {@code stream} into node {@code consumer}, as Run.wire does, and returns the edge. */
    Edge connect(String stream, String consumer) {
        Edge e = new Edge(consumer, Delivery.LOSSLESS, options.queueBlocks());
        edgesByStream.computeIfAbsent(stream, k -> new ArrayList<>()).add(e);
        edgesByConsumer
                .computeIfAbsent(consumer, k -> new HashMap<>())
                .computeIfAbsent(stream, k -> new ArrayList<>())
                .add(e);
        return e;
    }

    @Override
    public ZContext zmq() {
        return zmq;
    }

    @Override
    public List<Edge> edgesOf(String stream) {
        return edgesByStream.getOrDefault(stream, List.of());
    }

    @Override
    public List<Edge> edgesInto(String consumer, String stream) {
        return edgesByConsumer.getOrDefault(consumer, Map.of()).getOrDefault(stream, List.of());
    }

    @Override
    public String proxyEndpoint() {
        return null;
    }

    @Override
    public RunOptions options() {
        return options;
    }
}
