package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.neurorig.api.NodeStatus;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.BusProxy;
import org.neurorig.bus.Delivery;
import org.neurorig.bus.Edge;
import org.neurorig.bus.InputPort;
import org.neurorig.bus.LatencyHistogram;
import org.neurorig.bus.SeqTracker;
import org.neurorig.bus.StreamPublisher;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.Pipeline;
import org.neurorig.config.Role;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;
import org.zeromq.ZContext;

/**
 * One run of a pipeline: its runners, their wiring and its life cycle (start in topological order,
 * stop by draining in topological order).
 */
final class Run implements RunHandle, RunContext {
    private static final Logger LOG = Logger.getLogger(Run.class.getName());
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    final String id = UUID.randomUUID().toString();
    private volatile Pipeline pipeline;
    private final RunOptions options;
    private final ZContext zmq;
    private final String proxyEndpoint;
    private final BusProxy proxy;
    /** Copy-on-write: sinks can be added and removed while other threads iterate. */
    private volatile Map<String, NodeRunner> runners = new LinkedHashMap<>();
    private final Map<String, List<Edge>> edgesByStream = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Map<String, List<Edge>>> edgesByConsumer = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, StreamSpec> streamSpecs = new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long startNanos;
    private Thread watchdog;
    private Thread durationWatcher;
    private volatile boolean stopping;
    /** Nodes not started yet (see {@link #start}); the starter thread retries them. */
    private final List<NodeRunner> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, org.osgi.service.cm.Configuration> configurations = new java.util.concurrent.ConcurrentHashMap<>();

    Run(Pipeline pipeline, RunOptions options, ZContext zmq, BusProxy proxy) {
        this.pipeline = pipeline;
        this.options = options;
        this.zmq = zmq;
        this.proxy = proxy;
        this.proxyEndpoint = proxy == null ? null : BusProxy.INPROC_PUBLISH;
        for (NodeSpec n : pipeline.nodes()) {
            NodeRunner r = switch (n.type().role()) {
                case SOURCE -> new SourceRunner(n, this);
                case PROCESSOR -> new ProcessorRunner(n, this);
                case SINK -> new SinkRunner(n, this);
            };
            runners.put(n.name(), r);
        }
    }

    /** How the run deploys a node added while it runs (RigRuntimeImpl: ConfigAdmin, the catalog). */
    interface NodeDeployer {
        org.osgi.service.cm.Configuration deploy(Run run, NodeSpec node) throws java.io.IOException;

        org.neurorig.config.NodeTypeCatalog catalog();
    }

    private NodeDeployer deployer;
    private volatile String liveRecorder;

    void deployer(NodeDeployer d) {
        this.deployer = d;
    }

    @Override
    public String startRecording(String dir) throws RigException {
        if (deployer == null) {
            throw new RigException("this run cannot add nodes");
        }
        synchronized (this) {
            if (liveRecorder != null) {
                throw new RigException("already recording (node '" + liveRecorder + "')");
            }
            NodeSpec rec;
            try {
                rec = RecorderNode.added(RecorderNode.withRecorder(pipeline, dir, deployer.catalog()));
            } catch (org.neurorig.config.PipelineException e) {
                throw new RigException("cannot add a recorder to pipeline '" + pipeline.name() + "': "
                        + e.errors().get(0), e);
            } catch (IllegalArgumentException e) {
                throw new RigException(e.getMessage(), e);
            }
            try {
                addSink(rec, () -> {
                    try {
                        return deployer.deploy(this, rec);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RigException("interrupted while starting the recorder", e);
            } catch (java.io.UncheckedIOException e) {
                throw new RigException("could not deploy the recorder: " + e.getCause().getMessage(), e);
            }
            liveRecorder = rec.name();
            return rec.name();
        }
    }

    @Override
    public synchronized boolean applyLive(Pipeline next) throws RigException {
        if (ended() || stopping || deployer == null) {
            return false;
        }
        PipelineDiff diff = PipelineDiff.of(pipeline, next);
        if (!diff.live()) {
            return false;
        }
        // Check every changed key before changing anything: a bad value must not leave a half-change.
        for (PipelineDiff.KeyChange k : diff.keyChanges()) {
            NodeReconfigurer.check(runners.get(k.node()).spec, k.key(), k.value());
        }
        List<String> added = new ArrayList<>();
        List<String> gone = new ArrayList<>(diff.removedSinks());
        try {
            // A sink that is re-wired or retyped keeps its name: the old one must leave first.
            for (NodeSpec n : diff.addedSinks()) {
                if (gone.remove(n.name())) {
                    removeSink(n.name());
                }
            }
            for (NodeSpec n : diff.addedSinks()) {
                addSink(n, () -> {
                    try {
                        return deployer.deploy(this, n);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                added.add(n.name());
            }
        } catch (RigException | InterruptedException | RuntimeException e) {
            for (String name : added) {
                try {
                    removeSink(name);
                } catch (RigException | InterruptedException again) {
                    LOG.warning("could not undo adding " + name + ": " + again.getMessage());
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new RigException("could not add a node live: " + e.getMessage(), e);
        }
        for (PipelineDiff.KeyChange k : diff.keyChanges()) {
            reconfigure(k.node(), k.key(), k.value());
        }
        for (String name : gone) {
            try {
                removeSink(name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RigException("interrupted while removing " + name, e);
            }
        }
        pipeline = next;
        return true;
    }

    @Override
    public synchronized void stopRecording() throws RigException {
        String name = liveRecorder;
        if (name == null) {
            throw new RigException("not recording (no recorder was started on the running pipeline)");
        }
        try {
            removeSink(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RigException("interrupted while stopping the recorder", e);
        } finally {
            liveRecorder = null;
        }
    }

    @Override
    public java.util.Optional<String> liveRecorder() {
        return java.util.Optional.ofNullable(liveRecorder);
    }

    void configurationOf(String node, org.osgi.service.cm.Configuration cfg) {
        configurations.put(node, cfg);
    }

    @Override
    public void reconfigure(String node, String key, String value) throws RigException {
        NodeRunner r = runners.get(node);
        org.osgi.service.cm.Configuration cfg = configurations.get(node);
        if (r == null || cfg == null) {
            throw new RigException("no node '" + node + "' in pipeline '" + pipeline.name() + "'; nodes: " + runners.keySet());
        }
        if (ended()) {
            throw new RigException("pipeline '" + pipeline.name() + "' has ended");
        }
        NodeReconfigurer.apply(r.spec, cfg, key, value, r.inputs);
    }

    @Override
    public Map<String, Object> configuration(String node) {
        org.osgi.service.cm.Configuration cfg = configurations.get(node);
        return cfg == null ? Map.of() : NodeReconfigurer.view(cfg);
    }

    NodeRunner runner(String node) {
        return runners.get(node);
    }

    /**
     * Waits for every node's component, prepares them in topological order, wires the streams and
     * starts acquisition. A node that cannot start (its component failed to activate or is missing,
     * its open or prepare throws, or a producer of its input could not start) fails the start when
     * the run is strict; otherwise it is shown OFFLINE, FAILED or STARTING with the reason, the rest
     * starts, and it is retried with back-off until it starts or the run stops.
     */
    void start() throws RigException, InterruptedException {
        long deadline = System.nanoTime() + options.startMillis() * 1_000_000L;
        List<NodeRunner> batch = new ArrayList<>();
        for (NodeRunner r : runners.values()) {
            String why = prepareNode(r, deadline);
            if (why == null) {
                batch.add(r);
            } else if (options.strict()) {
                throw new RigException(why);
            } else {
                waiting.add(r);
            }
        }
        startNanos = System.nanoTime();
        startBatch(batch, true);
        watchdog = new Thread(this::watch, "neurorig-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        // The run ends by itself once every source is done (duration reached, or files played out).
        durationWatcher = new Thread(this::endWhenSourcesDone, "neurorig-sources-done");
        durationWatcher.setDaemon(true);
        durationWatcher.start();
        if (!waiting.isEmpty()) {
            Thread starter = new Thread(this::retryWaiting, "neurorig-starter");
            starter.setDaemon(true);
            starter.start();
        }
    }

    /**
     * Starts prepared nodes together: their input queues are bound first, then their outputs connect
     * and send descriptors, and producers already running add them as consumers from their next block
     * on; only then does any of them run, so no block is published before its consumers listen.
     *
     * @param first the run's first batch: a node that cannot connect fails the whole start
     */
    private void startBatch(List<NodeRunner> batch, boolean first) throws RigException, InterruptedException {
        List<Edge> late = new ArrayList<>();
        List<String> lateStreams = new ArrayList<>();
        for (NodeRunner consumer : batch) {
            for (String stream : consumer.spec.inputs()) {
                Edge e = addEdge(consumer, stream);
                NodeRunner producer = producerOf(stream);
                if (producer != null && producer.started) {
                    late.add(e);
                    lateStreams.add(stream);
                }
            }
        }
        CountDownLatch allBound = new CountDownLatch(batch.size());
        CountDownLatch go = new CountDownLatch(1);
        for (NodeRunner r : batch) {
            r.start(allBound, go);
        }
        for (NodeRunner r : batch) {
            r.ready.await();
            if (r.startFailure == null) {
                continue;
            }
            String why = "node '" + r.spec.name() + "': could not connect its streams: " + r.startFailure.getMessage();
            if (first) {
                go.countDown();
                stopNow();
                throw new RigException(why, r.startFailure);
            }
            r.setStatus(NodeStatus.FAILED, why);
            for (Edge e : r.inbound) {
                e.setShedding(true); // nobody listens there: never let a producer wait for it
            }
        }
        for (int i = 0; i < late.size(); i++) {
            StreamPublisher p = publisherOf(lateStreams.get(i));
            if (p != null) {
                p.addEdge(late.get(i)); // applied by the producer before its next block
            }
        }
        for (NodeRunner r : batch) {
            r.started = r.startFailure == null;
        }
        go.countDown();
    }

    /** The runner producing {@code stream}, or null. */
    private NodeRunner producerOf(String stream) {
        for (NodeRunner r : runners.values()) {
            if (r.spec.outputs().contains(stream)) {
                return r;
            }
            for (StreamSpec s : r.outputs) {
                if (s.name().equals(stream)) {
                    return r;
                }
            }
        }
        return null;
    }

    /**
     * Retries the nodes that could not start, in topological order, each failing one with back-off
     * (10 ms doubling to 1 s, as a restart): a device that appears starts its streams, and every node
     * waiting for them starts with it.
     */
    private void retryWaiting() {
        Map<NodeRunner, long[]> retry = new HashMap<>(); // {next attempt at, back-off}
        try {
            while (!stopping && !waiting.isEmpty()) {
                Thread.sleep(10);
                long now = System.nanoTime();
                List<NodeRunner> batch = new ArrayList<>();
                for (NodeRunner r : runners.values()) {
                    if (!waiting.contains(r)) {
                        continue;
                    }
                    long[] t = retry.computeIfAbsent(r, k -> new long[] {0, NodeRunner.FIRST_BACKOFF_NANOS});
                    if (now < t[0] || !inputsKnown(r)) {
                        continue;
                    }
                    if (prepareNode(r, now) == null) {
                        batch.add(r);
                    } else {
                        t[0] = System.nanoTime() + t[1];
                        t[1] = Math.min(NodeRunner.MAX_BACKOFF_NANOS, 2 * t[1]);
                    }
                }
                if (batch.isEmpty()) {
                    continue;
                }
                synchronized (this) {
                    if (stopping) {
                        for (NodeRunner r : batch) {
                            closePrepared(r);
                        }
                        return;
                    }
                    try {
                        startBatch(batch, false);
                    } catch (RigException e) {
                        LOG.warning(e.getMessage()); // not thrown for a later batch
                    }
                    waiting.removeAll(batch);
                }
                for (NodeRunner r : batch) {
                    LOG.info(r.spec.name() + ": started" + (retry.containsKey(r) ? " after retrying" : ""));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean inputsKnown(NodeRunner r) {
        for (String s : r.spec.inputs()) {
            if (!streamSpecs.containsKey(s)) {
                return false;
            }
        }
        return true;
    }

    /** Closes an instance that was prepared but never started (the run stopped in between). */
    private static void closePrepared(NodeRunner r) {
        r.slot.lock.lock();
        try {
            Object inst = r.slot.current();
            if (inst != null) {
                r.closeInstance(inst);
            }
        } finally {
            r.slot.lock.unlock();
        }
    }

    /**
     * Waits (until {@code deadlineNanos}, or less once SCR reported the component's activation
     * failed) for the node's component instance, prepares it with its input specs, and lets its slot
     * prepare later instances on hot-swap.
     *
     * @return null when prepared; else why not (also the node's status message)
     */
    private String prepareNode(NodeRunner r, long deadlineNanos) throws InterruptedException {
        NodeSpec n = r.spec;
        List<StreamSpec> in = new ArrayList<>();
        for (String s : n.inputs()) {
            StreamSpec spec = streamSpecs.get(s);
            if (spec == null) {
                NodeRunner p = producerOf(s);
                return notStarted(r, NodeStatus.STARTING, "waiting for its input '" + s + "'"
                        + (p == null ? ", which no node of pipeline '" + pipeline.name() + "' produces"
                                : " (node '" + p.spec.name() + "' is " + p.currentStatus() + ")"));
            }
            in.add(spec);
        }
        r.inputs = List.copyOf(in);
        r.slot.lock.lock();
        try {
            r.slot.applyIfDirty();
            Object inst = r.slot.awaitCurrent(Math.min(deadlineNanos, System.nanoTime() + 50_000_000L));
            while (inst == null && r.activationFailure == null && System.nanoTime() < deadlineNanos) {
                inst = r.slot.awaitCurrent(Math.min(deadlineNanos, System.nanoTime() + 50_000_000L));
            }
            if (inst == null) {
                String failure = r.activationFailure;
                return notStarted(r, NodeStatus.FAILED, failure != null ? "its component failed to activate: " + failure
                        : "no component instance after " + options.startMillis()
                                + " ms; is its bundle installed and active? (neurorig bundles)");
            }
            List<StreamSpec> out;
            try {
                out = prepareFirst(r, inst);
            } catch (RigException e) {
                // A source whose device (or file) is absent is OFFLINE; anything else FAILED.
                return notStarted(r, n.type().role() == Role.SOURCE ? NodeStatus.OFFLINE : NodeStatus.FAILED,
                        e.getMessage());
            }
            r.outputs = out;
            r.emitter = new RunnerEmitter(out, r.spec.type().role() == Role.SOURCE ? options.durationSeconds() : 0);
            for (StreamSpec s : out) {
                streamSpecs.put(s.name(), s);
            }
            r.slot.enableSwaps(new NodeSlot.Preparer() {
                @Override
                public void prepare(Object instance) throws Exception {
                    List<StreamSpec> again = qualify(r, r.prepareInstance(instance));
                    if (!sameShapes(again, r.outputs)) {
                        throw new IllegalStateException("the new instance changes the outputs from " + r.outputs
                                + " to " + again + "; restart the pipeline to apply that");
                    }
                }

                @Override
                public void close(Object instance) {
                    r.closeInstance(instance);
                }

                @Override
                public void refused(String why) {
                    r.setStatus(NodeStatus.FAILED, why);
                }
            });
            return null;
        } finally {
            r.slot.lock.unlock();
        }
    }

    /**
     * Adds a sink to the running pipeline without stopping anything: its component is deployed by
     * {@code deploy} (a ConfigAdmin configuration), prepared, given its own input queue, and each
     * producer starts sending to it from its next block. Blocks published before are not replayed.
     */
    synchronized NodeRunner addSink(NodeSpec n, java.util.function.Supplier<org.osgi.service.cm.Configuration> deploy)
            throws RigException, InterruptedException {
        if (ended() || stopping) {
            throw new RigException("pipeline '" + pipeline.name() + "' is not running");
        }
        if (n.type().role() != Role.SINK) {
            throw new RigException("only sinks can be added to a running pipeline; '" + n.name() + "' is a "
                    + n.type().role().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (runners.containsKey(n.name())) {
            throw new RigException("pipeline '" + pipeline.name() + "' already has a node '" + n.name() + "'");
        }
        SinkRunner r = new SinkRunner(n, this);
        Map<String, NodeRunner> more = new LinkedHashMap<>(runners);
        more.put(n.name(), r);
        runners = more;
        org.osgi.service.cm.Configuration cfg = null;
        try {
            cfg = deploy.get();
            configurations.put(n.name(), cfg);
            String why = prepareNode(r, System.nanoTime() + options.startMillis() * 1_000_000L);
            if (why != null) {
                throw new RigException(why);
            }
            List<Edge> edges = new ArrayList<>();
            for (String stream : n.inputs()) {
                edges.add(addEdge(r, stream));
            }
            r.start(new CountDownLatch(1), new CountDownLatch(0));
            r.ready.await();
            r.started = r.startFailure == null;
            if (r.startFailure != null) {
                throw new RigException("node '" + n.name() + "': could not open its input: " + r.startFailure.getMessage(),
                        r.startFailure);
            }
            for (int i = 0; i < edges.size(); i++) {
                StreamPublisher p = publisherOf(n.inputs().get(i));
                if (p != null) {
                    awaitQuietly(p.addEdge(edges.get(i)));
                }
            }
            return r;
        } catch (RigException | InterruptedException | RuntimeException e) {
            detach(r);
            if (cfg != null) {
                deleteQuietly(cfg);
            }
            throw e;
        }
    }

    /**
     * Removes a sink from the running pipeline: producers stop sending to it, it receives what was
     * already queued for it, then it is closed (a recorder flushes) and its configuration deleted.
     */
    synchronized void removeSink(String name) throws RigException, InterruptedException {
        NodeRunner r = runners.get(name);
        if (r == null || r.spec.type().role() != Role.SINK) {
            throw new RigException("no sink '" + name + "' in pipeline '" + pipeline.name() + "'");
        }
        for (Edge e : r.inbound) {
            StreamPublisher p = publisherOf(edgeStream(r, e));
            if (p == null || !awaitQuietly(p.removeEdge(e))) {
                e.setShedding(true); // its producer is idle or gone: never let it wait for this sink
            }
        }
        awaitDrained(r);
        r.requestStop();
        stopJoin(r);
        detach(r);
        org.osgi.service.cm.Configuration cfg = configurations.remove(name);
        if (cfg != null) {
            deleteQuietly(cfg);
        }
    }

    private Edge addEdge(NodeRunner consumer, String stream) {
        Delivery d = "live".equalsIgnoreCase(consumer.spec.type().delivery()) ? Delivery.LIVE : Delivery.LOSSLESS;
        Edge e = new Edge(consumer.spec.name(), endpointOf(consumer.spec.name()), d);
        edgesByStream.computeIfAbsent(stream, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(e);
        edgesByConsumer.computeIfAbsent(consumer.spec.name(), k -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(stream, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(e);
        consumer.inbound.add(e);
        return e;
    }

    private String edgeStream(NodeRunner consumer, Edge e) {
        for (Map.Entry<String, List<Edge>> x : edgesByConsumer.getOrDefault(consumer.spec.name(), Map.of()).entrySet()) {
            if (x.getValue().contains(e)) {
                return x.getKey();
            }
        }
        return "";
    }

    private void detach(NodeRunner r) {
        Map<String, List<Edge>> mine = edgesByConsumer.remove(r.spec.name());
        if (mine != null) {
            mine.forEach((stream, edges) -> edgesByStream.getOrDefault(stream, List.of()).removeAll(edges));
        }
        Map<String, NodeRunner> fewer = new LinkedHashMap<>(runners);
        fewer.remove(r.spec.name());
        runners = fewer;
    }

    private StreamPublisher publisherOf(String stream) {
        for (NodeRunner r : runners.values()) {
            for (int i = 0; i < r.outputs.size(); i++) {
                if (r.outputs.get(i).name().equals(stream) && r.emitter != null) {
                    return r.emitter.publisher(i);
                }
            }
        }
        return null;
    }

    /** Waits up to 5 s for a producer to apply an edge change; false when it did not (idle or gone). */
    private static boolean awaitQuietly(java.util.concurrent.CompletableFuture<Void> f) throws InterruptedException {
        try {
            f.get(5, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static void deleteQuietly(org.osgi.service.cm.Configuration cfg) {
        try {
            cfg.delete();
        } catch (java.io.IOException | IllegalStateException e) {
            LOG.fine("configuration already gone: " + e);
        }
    }

    /**
     * Shows why a node did not start (unless the run is strict: then the start fails with it).
     *
     * @return the reason, prefixed with the node's name and type
     */
    private String notStarted(NodeRunner r, NodeStatus status, String why) {
        if (!options.strict()) {
            // Only a failing open or prepare is retried; SCR re-creates a component when its
            // bundle or configuration changes, which the node's slot picks up by itself.
            boolean retried = status != NodeStatus.STARTING && r.slot.current() != null;
            r.setStatus(status, retried ? why + "; retrying" : why);
        }
        return "node '" + r.spec.name() + "' (" + r.spec.type().name() + "): " + why;
    }

    private List<StreamSpec> prepareFirst(NodeRunner r, Object inst) throws RigException {
        try {
            List<StreamSpec> out = qualify(r, r.prepareInstance(inst));
            List<String> declared = r.spec.outputs();
            if (r.spec.type().role() != Role.SINK && !declared.isEmpty()) {
                List<String> names = out.stream().map(StreamSpec::name).toList();
                if (!names.equals(declared)) {
                    throw new RigException("produced streams " + names + " but its type declares " + declared);
                }
            }
            return out;
        } catch (RigException e) {
            throw e;
        } catch (Exception e) {
            String what = r.spec.type().role() == Role.SOURCE ? "open" : "prepare";
            throw new RigException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static List<StreamSpec> qualify(NodeRunner r, List<StreamSpec> ports) {
        List<StreamSpec> out = new ArrayList<>();
        for (StreamSpec s : ports) {
            out.add(s.toBuilder().name(r.spec.name() + "." + s.name()).source(r.spec.name()).build());
        }
        return List.copyOf(out);
    }

    private static boolean sameShapes(List<StreamSpec> a, List<StreamSpec> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            StreamSpec x = a.get(i);
            StreamSpec y = b.get(i);
            if (!x.name().equals(y.name()) || x.kind() != y.kind() || x.channelCount() != y.channelCount()
                    || Double.compare(x.sampleRate(), y.sampleRate()) != 0 || x.blockSamples() > y.blockSamples()
                    || x.waveformLength() != y.waveformLength()) {
                return false;
            }
        }
        return true;
    }

    private void watch() {
        while (!stopping || ended.getCount() > 0) {
            long now = System.nanoTime();
            for (NodeRunner r : runners.values()) {
                r.checkHang(now);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            if (ended.getCount() == 0) {
                return;
            }
        }
    }

    /**
     * Ends the run once every source is done: it reached the duration's samples or sent
     * END_OF_STREAM; or, once the run has lasted its duration, it never started or has produced
     * nothing for a while (offline, failing or hung): a source that is not there must not keep the
     * run up forever, while one that still streams, or waits for a consumer, finishes its samples.
     */
    private void endWhenSourcesDone() {
        Map<NodeRunner, long[]> progress = new HashMap<>(); // {blocks out, when they last changed}
        try {
            while (!stopping && !sourcesDone(progress)) {
                Thread.sleep(20);
            }
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean sourcesDone(Map<NodeRunner, long[]> progress) {
        long now = System.nanoTime();
        double duration = options.durationSeconds();
        boolean pastDuration = duration > 0 && now - startNanos > duration * 1e9;
        for (NodeRunner r : runners.values()) {
            if (r.spec.type().role() != Role.SOURCE) {
                continue;
            }
            if (!r.started) {
                if (!pastDuration) {
                    return false;
                }
                continue;
            }
            if (!r.alive()) {
                continue;
            }
            long out = r.emitter.blocksOut();
            long[] p = progress.computeIfAbsent(r, k -> new long[] {out, now});
            if (out != p[0] || r.publishing) {
                p[0] = out;
                p[1] = now;
            }
            if (!pastDuration || now - p[1] < idleLimitNanos(r)) {
                return false;
            }
            LOG.warning(r.spec.name() + ": " + r.currentStatus() + ", nothing produced for "
                    + (now - p[1]) / 1_000_000 + " ms after the run's duration; stopping it");
        }
        return true;
    }

    /** How long a source may produce nothing before it counts as gone: 2 s, or 3 blocks if longer. */
    private static long idleLimitNanos(NodeRunner r) {
        double blockSeconds = 0;
        for (StreamSpec s : r.outputs) {
            if (s.sampleRate() > 0) {
                blockSeconds = Math.max(blockSeconds, s.blockSamples() / s.sampleRate());
            }
        }
        return (long) (Math.max(2.0, 3 * blockSeconds) * 1e9);
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (ended.getCount() == 0) {
            return;
        }
        stopping = true;
        for (NodeRunner r : runners.values()) {
            if (r.spec.type().role() == Role.SOURCE) {
                r.requestStop();
                stopJoin(r);
            } else {
                // Wait while the node works through its queue (a model may fit for a while); give up
                // only when it makes no progress for DRAIN_TIMEOUT, or is shed (hung) anyway.
                awaitDrained(r);
                r.requestStop();
                stopJoin(r);
                long lost = r.countLostAtStop();
                if (lost > 0) {
                    LOG.warning(r.spec.name() + ": " + r.currentStatus() + ", stopped with " + lost
                            + " blocks of its input unprocessed (counted as drops)");
                }
            }
        }
        ended.countDown();
    }

    private static void awaitDrained(NodeRunner r) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long lastIn = r.blocksIn;
        while (!r.drained() && !r.shedding()) {
            long in = r.blocksIn;
            if (in != lastIn || r.callStartNanos != 0) {
                lastIn = in;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > DRAIN_TIMEOUT_NANOS) {
                break;
            }
            Thread.sleep(2);
        }
    }

    private void stopJoin(NodeRunner r) throws InterruptedException {
        if (!r.join(2000)) {
            r.interrupt();
            if (!r.join(2000)) {
                LOG.warning(r.spec.name() + ": thread did not end; abandoning it");
            }
        }
    }

    private void stopNow() {
        stopping = true;
        for (NodeRunner r : runners.values()) {
            r.requestStop();
            r.interrupt();
        }
        ended.countDown();
    }

    @Override
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    @Override
    public boolean ended() {
        return ended.getCount() == 0;
    }

    @Override
    public Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public RunSnapshot snapshot() {
        List<NodeMetrics> nodes = new ArrayList<>();
        List<StreamMetrics> streams = new ArrayList<>();
        for (NodeRunner r : runners.values()) {
            nodes.add(r.metrics());
            RunnerEmitter em = r.emitter;
            for (int i = 0; em != null && i < em.ports(); i++) {
                StreamPublisher p = em.publisher(i);
                StreamSpec s = r.outputs.get(i);
                long blocks = p == null ? 0 : p.published();
                long samples = p == null ? 0 : p.samples();
                long gaps = 0;
                long drops = 0;
                double p50 = 0;
                double p99 = 0;
                double age50 = 0;
                double age99 = 0;
                double recent50 = 0;
                double recent99 = 0;
                for (Edge e : edgesOf(s.name())) {
                    drops += e.dropped();
                    NodeRunner c = runners.get(e.consumer());
                    InputPort port = c == null ? null : c.port;
                    if (port != null) {
                        int idx = c.inputs.indexOf(s);
                        long[] lost = c.lostAtStop;
                        if (lost != null && idx >= 0) {
                            drops += lost[idx];
                        }
                        if (idx >= 0) {
                            SeqTracker t = port.tracker(idx);
                            gaps += t.missingBlocks() + t.sampleGaps();
                            LatencyHistogram h = port.hopLatency(idx);
                            p50 = Math.max(p50, h.quantileNanos(0.5) / 1e3);
                            p99 = Math.max(p99, h.quantileNanos(0.99) / 1e3);
                            recent50 = Math.max(recent50, h.recentQuantileNanos(0.5) / 1e3);
                            recent99 = Math.max(recent99, h.recentQuantileNanos(0.99) / 1e3);
                            LatencyHistogram a = port.acquisitionLatency(idx);
                            age50 = Math.max(age50, a.quantileNanos(0.5) / 1e3);
                            age99 = Math.max(age99, a.quantileNanos(0.99) / 1e3);
                        }
                    }
                }
                streams.add(new StreamMetrics(s.name(), s.kind(), s.sampleRate(), blocks, samples, gaps, drops, p50, p99,
                        age50, age99, recent50, recent99));
            }
        }
        long t = startNanos == 0 ? 0 : System.nanoTime() - startNanos;
        return new RunSnapshot(t, List.copyOf(nodes), List.copyOf(streams), proxy == null ? 0 : proxy.forwarded(),
                proxy == null ? Map.of() : Map.copyOf(proxy.malformedByReason()));
    }

    @Override
    public ZContext zmq() {
        return zmq;
    }

    @Override
    public String endpointOf(String node) {
        return "inproc://neurorig.node." + id + "." + node;
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
        return proxyEndpoint;
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
