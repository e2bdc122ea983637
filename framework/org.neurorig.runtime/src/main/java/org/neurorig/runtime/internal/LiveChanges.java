package org.neurorig.runtime.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.neurorig.bus.Edge;
import org.neurorig.bus.StreamPublisher;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.Role;
import org.neurorig.runtime.RigException;
import org.osgi.service.cm.Configuration;

/**
 * Changes to a running pipeline: a configuration key of a node, a sink added or removed (a live
 * recorder is a sink added through the pipeline's model), or a new version of the pipeline applied
 * without stopping what it does not touch. Each change is checked before anything changes.
 */
final class LiveChanges {
    private static final Logger LOG = Logger.getLogger(LiveChanges.class.getName());

    private final RunWiring wiring;
    private final NodeStarter starter;
    private final RunLifecycle lifecycle;
    private final NodeDeployer deployer;
    private final NodeTypeCatalog catalog;
    /** Each node's ConfigAdmin configuration, through which its keys change. */
    private final Map<String, Configuration> configurations = new ConcurrentHashMap<>();

    private volatile String liveRecorder;

    /** How the run deploys a node: a ConfigAdmin configuration, marked with the run, that SCR turns into its component. */
    @FunctionalInterface
    interface NodeDeployer {
        Configuration deploy(String runId, NodeSpec node) throws IOException;
    }

    LiveChanges(
            RunWiring wiring,
            NodeStarter starter,
            RunLifecycle lifecycle,
            NodeDeployer deployer,
            NodeTypeCatalog catalog) {
        this.wiring = wiring;
        this.starter = starter;
        this.lifecycle = lifecycle;
        this.deployer = deployer;
        this.catalog = catalog;
    }

    /** The configuration a node of the pipeline was deployed with. */
    void configurationOf(String node, Configuration cfg) {
        configurations.put(node, cfg);
    }

    String startRecording(String dir) throws RigException {
        synchronized (wiring) {
            if (liveRecorder != null) {
                throw new RigException("already recording (node '" + liveRecorder + "')");
            }
            NodeSpec rec;
            try {
                rec = RecorderNode.added(wiring.pipeline(), dir, catalog).node();
            } catch (PipelineException e) {
                throw new RigException(
                        "cannot add a recorder to pipeline '"
                                + wiring.pipeline().name() + "': " + e.errors().get(0),
                        e);
            } catch (IllegalArgumentException e) {
                throw new RigException(e.getMessage(), e);
            }
            try {
                addSink(rec);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RigException("interrupted while starting the recorder", e);
            }
            liveRecorder = rec.name();
            return rec.name();
        }
    }

    void stopRecording() throws RigException {
        synchronized (wiring) {
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
    }

    Optional<String> liveRecorder() {
        return Optional.ofNullable(liveRecorder);
    }

    boolean applyLive(Pipeline next) throws RigException {
        synchronized (wiring) {
            if (lifecycle.ended() || lifecycle.stopping()) {
                return false;
            }
            PipelineDiff diff = PipelineDiff.of(wiring.pipeline(), next);
            if (!diff.live()) {
                return false;
            }
            // Check every changed key before changing anything: a bad value must not leave a half-change.
            for (PipelineDiff.KeyChange k : diff.keyChanges()) {
                NodeReconfigurer.check(wiring.runner(k.node()).spec, k.key(), k.value());
            }
            List<String> gone = new ArrayList<>(diff.removedSinks());
            addAll(diff.addedSinks(), gone);
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
            wiring.pipeline(next);
            return true;
        }
    }

    /** Adds the sinks, each replacing one of {@code gone} by its name first; all or none. */
    private void addAll(List<NodeSpec> sinks, List<String> gone) throws RigException {
        List<String> added = new ArrayList<>();
        try {
            // A sink that is re-wired or retyped keeps its name: the old one must leave first.
            for (NodeSpec n : sinks) {
                if (gone.remove(n.name())) {
                    removeSink(n.name());
                }
            }
            for (NodeSpec n : sinks) {
                addSink(n);
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
    }

    void reconfigure(String node, String key, String value) throws RigException {
        NodeRunner<?> r = wiring.runner(node);
        Configuration cfg = configurations.get(node);
        if (r == null || cfg == null) {
            throw new RigException(
                    "no node '" + node + "' in pipeline '" + wiring.pipeline().name() + "'; nodes: " + wiring.names());
        }
        if (lifecycle.ended()) {
            throw new RigException("pipeline '" + wiring.pipeline().name() + "' has ended");
        }
        NodeReconfigurer.apply(r.spec, cfg, key, value, r.inputs());
    }

    Map<String, Object> configuration(String node) {
        Configuration cfg = configurations.get(node);
        return cfg == null ? Map.of() : NodeReconfigurer.view(cfg);
    }

    /**
     * Adds a sink to the running pipeline without stopping anything: its component is deployed (a
     * ConfigAdmin configuration), prepared, given its own input queue, and each producer starts
     * sending to it from its next block. Blocks published before are not replayed.
     */
    private void addSink(NodeSpec n) throws RigException, InterruptedException {
        synchronized (wiring) {
            if (lifecycle.ended() || lifecycle.stopping()) {
                throw new RigException("pipeline '" + wiring.pipeline().name() + "' is not running");
            }
            if (n.type().role() != Role.SINK) {
                throw new RigException("only sinks can be added to a running pipeline; '" + n.name() + "' is a "
                        + n.type().role().name().toLowerCase(Locale.ROOT));
            }
            if (wiring.runner(n.name()) != null) {
                throw new RigException(
                        "pipeline '" + wiring.pipeline().name() + "' already has a node '" + n.name() + "'");
            }
            NodeRunner<?> r = wiring.runnerFor(n);
            wiring.add(r);
            Configuration cfg = null;
            try {
                try {
                    cfg = deployer.deploy(wiring.id(), n);
                } catch (IOException e) {
                    throw new RigException("could not deploy node '" + n.name() + "': " + e.getMessage(), e);
                }
                configurations.put(n.name(), cfg);
                String why =
                        starter.prepare(r, System.nanoTime() + wiring.options().startMillis() * 1_000_000L);
                if (why != null) {
                    throw new RigException(why);
                }
                List<Edge> edges = new ArrayList<>();
                for (String stream : n.inputs()) {
                    edges.add(wiring.addEdge(r, stream));
                }
                r.start(new CountDownLatch(1), new CountDownLatch(0));
                Throwable failure = r.awaitReady();
                if (failure != null) {
                    throw new RigException(
                            "node '" + n.name() + "': could not open its input: " + failure.getMessage(), failure);
                }
                for (int i = 0; i < edges.size(); i++) {
                    StreamPublisher p = wiring.publisherOf(n.inputs().get(i));
                    if (p != null) {
                        awaitQuietly(p.addEdge(edges.get(i)));
                    }
                }
            } catch (RigException | InterruptedException | RuntimeException e) {
                wiring.remove(r);
                configurations.remove(n.name());
                if (cfg != null) {
                    deleteQuietly(cfg);
                }
                throw e;
            }
        }
    }

    /**
     * Removes a sink from the running pipeline: producers stop sending to it, it receives what was
     * already queued for it, then it is closed (a recorder flushes) and its configuration deleted.
     */
    private void removeSink(String name) throws RigException, InterruptedException {
        synchronized (wiring) {
            NodeRunner<?> r = wiring.runner(name);
            if (r == null || r.spec.type().role() != Role.SINK) {
                throw new RigException("no sink '" + name + "' in pipeline '"
                        + wiring.pipeline().name() + "'");
            }
            for (Edge e : r.inbound()) {
                StreamPublisher p = wiring.publisherOf(wiring.streamOf(r, e));
                if (p == null || !awaitQuietly(p.removeEdge(e))) {
                    e.setShedding(true); // its producer is idle or gone: never let it wait for this sink
                }
            }
            RunLifecycle.awaitDrained(r);
            r.requestStop();
            RunLifecycle.stopJoin(r);
            wiring.remove(r);
            Configuration cfg = configurations.remove(name);
            if (cfg != null) {
                deleteQuietly(cfg);
            }
        }
    }

    /** Waits up to 5 s for a producer to apply an edge change; false when it did not (idle or gone). */
    private static boolean awaitQuietly(CompletableFuture<Void> f) throws InterruptedException {
        try {
            f.get(5, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static void deleteQuietly(Configuration cfg) {
        try {
            cfg.delete();
        } catch (IOException | IllegalStateException e) {
            LOG.fine("configuration already gone: " + e);
        }
    }
}
