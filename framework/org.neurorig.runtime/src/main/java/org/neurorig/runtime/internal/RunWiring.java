package org.neurorig.runtime.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.BusProxy;
import org.neurorig.bus.Delivery;
import org.neurorig.bus.Edge;
import org.neurorig.bus.StreamPublisher;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.Pipeline;
import org.neurorig.runtime.RunOptions;
import org.zeromq.ZContext;

/**
 * A run's nodes and how their streams connect: the runners by name, the edges from each stream to
 * each consumer (inproc PUSH/PULL), the specs of the streams prepared so far, and the endpoints.
 * Changes to the set of nodes (a late start, a sink added or removed, the stop) hold this object's
 * monitor, so they happen one at a time.
 */
final class RunWiring implements RunContext {
    private final String id;
    private final ZContext zmq;
    private final BusProxy proxy;
    private final RunOptions options;
    private volatile Pipeline pipeline;
    /** Copy-on-write: sinks can be added and removed while other threads iterate. */
    private volatile Map<String, NodeRunner<?>> runners = new LinkedHashMap<>();

    private final Map<String, List<Edge>> edgesByStream = new ConcurrentHashMap<>();
    private final Map<String, Map<String, List<Edge>>> edgesByConsumer = new ConcurrentHashMap<>();
    private final Map<String, StreamSpec> streamSpecs = new ConcurrentHashMap<>();

    RunWiring(String id, Pipeline pipeline, RunOptions options, ZContext zmq, BusProxy proxy) {
        this.id = id;
        this.pipeline = pipeline;
        this.options = options;
        this.zmq = zmq;
        this.proxy = proxy;
        Map<String, NodeRunner<?>> all = new LinkedHashMap<>();
        for (NodeSpec n : pipeline.nodes()) {
            all.put(n.name(), runnerFor(n));
        }
        runners = all;
    }

    /** The runner for a node of the pipeline, by its type's role. */
    NodeRunner<?> runnerFor(NodeSpec n) {
        return switch (n.type().role()) {
            case SOURCE -> new SourceRunner(n, this);
            case PROCESSOR -> new ProcessorRunner(n, this);
            case SINK -> new SinkRunner(n, this);
        };
    }

    /** The run's id, which marks its configurations and endpoints. */
    String id() {
        return id;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** The pipeline after a live change. */
    void pipeline(Pipeline next) {
        pipeline = next;
    }

    /** Every runner, in topological order (sinks added later at the end); a snapshot. */
    Iterable<NodeRunner<?>> runners() {
        return runners.values();
    }

    NodeRunner<?> runner(String node) {
        return runners.get(node);
    }

    List<String> names() {
        return List.copyOf(runners.keySet());
    }

    /** Adds a runner for a node joining the running pipeline. */
    synchronized void add(NodeRunner<?> r) {
        Map<String, NodeRunner<?>> more = new LinkedHashMap<>(runners);
        more.put(r.spec.name(), r);
        runners = more;
    }

    /** Removes a runner and the edges into it. */
    synchronized void remove(NodeRunner<?> r) {
        Map<String, List<Edge>> mine = edgesByConsumer.remove(r.spec.name());
        if (mine != null) {
            mine.forEach((stream, edges) ->
                    edgesByStream.getOrDefault(stream, List.of()).removeAll(edges));
        }
        Map<String, NodeRunner<?>> fewer = new LinkedHashMap<>(runners);
        fewer.remove(r.spec.name());
        runners = fewer;
    }

    /** Records the streams a node was prepared to produce, so that its consumers can be prepared. */
    void produced(List<StreamSpec> streams) {
        for (StreamSpec s : streams) {
            streamSpecs.put(s.name(), s);
        }
    }

    /** The spec of a stream once its producer is prepared; null before. */
    StreamSpec streamSpec(String stream) {
        return streamSpecs.get(stream);
    }

    /** A new edge from {@code stream} into {@code consumer}, lossless unless its type is live. */
    Edge addEdge(NodeRunner<?> consumer, String stream) {
        Delivery d = "live".equalsIgnoreCase(consumer.spec.type().delivery()) ? Delivery.LIVE : Delivery.LOSSLESS;
        Edge e = new Edge(consumer.spec.name(), d, options().queueBlocks());
        edgesByStream.computeIfAbsent(stream, k -> new CopyOnWriteArrayList<>()).add(e);
        edgesByConsumer
                .computeIfAbsent(consumer.spec.name(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(stream, k -> new CopyOnWriteArrayList<>())
                .add(e);
        consumer.addInbound(e);
        return e;
    }

    /** The stream an edge into {@code consumer} carries; "" when unknown. */
    String streamOf(NodeRunner<?> consumer, Edge e) {
        for (Map.Entry<String, List<Edge>> x :
                edgesByConsumer.getOrDefault(consumer.spec.name(), Map.of()).entrySet()) {
            if (x.getValue().contains(e)) {
                return x.getKey();
            }
        }
        return "";
    }

    /** The publisher of a running producer's stream, or null. */
    StreamPublisher publisherOf(String stream) {
        for (NodeRunner<?> r : runners.values()) {
            List<StreamSpec> out = r.outputs();
            RunnerEmitter em = r.emitter();
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).name().equals(stream) && em != null) {
                    return em.publisher(i);
                }
            }
        }
        return null;
    }

    /** The runner producing {@code stream}, or null. */
    NodeRunner<?> producerOf(String stream) {
        for (NodeRunner<?> r : runners.values()) {
            if (r.spec.outputs().contains(stream)) {
                return r;
            }
            for (StreamSpec s : r.outputs()) {
                if (s.name().equals(stream)) {
                    return r;
                }
            }
        }
        return null;
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
        return proxy == null ? null : BusProxy.INPROC_PUBLISH;
    }

    @Override
    public BusProxy proxyListeners() {
        return proxy;
    }

    @Override
    public RunOptions options() {
        return options;
    }
}
