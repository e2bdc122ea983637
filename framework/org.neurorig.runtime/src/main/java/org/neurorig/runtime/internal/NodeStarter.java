package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.Edge;
import org.neurorig.bus.StreamPublisher;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RunOptions;

/**
 * Starting nodes: each is prepared once its inputs' streams are known, prepared nodes start together
 * in batches, and a node that cannot start yet (its device is absent, its component failed, a
 * producer of its input is not running) is retried with back-off while the rest runs.
 */
final class NodeStarter {
    private static final Logger LOG = Logger.getLogger(NodeStarter.class.getName());

    private final RunWiring wiring;
    private final RunOptions options;
    /** Nodes not started yet; the retry loop starts them. */
    private final List<NodeRunner<?>> waiting = new CopyOnWriteArrayList<>();

    NodeStarter(RunWiring wiring) {
        this.wiring = wiring;
        this.options = wiring.options();
    }

    /**
     * Prepares every node in topological order.
     *
     * @return the nodes prepared, to be started as the first batch; the others wait for a retry
     * @throws RigException for the first node that could not be prepared, when the run is strict
     */
    List<NodeRunner<?>> prepareAll() throws RigException, InterruptedException {
        long deadline = System.nanoTime() + options.startMillis() * 1_000_000L;
        List<NodeRunner<?>> batch = new ArrayList<>();
        for (NodeRunner<?> r : wiring.runners()) {
            String why = prepare(r, deadline);
            if (why == null) {
                batch.add(r);
            } else if (options.strict()) {
                throw new RigException(why);
            } else {
                waiting.add(r);
            }
        }
        return batch;
    }

    boolean anyWaiting() {
        return !waiting.isEmpty();
    }

    /**
     * Gives a node its inputs' specs and lets it prepare (until {@code deadlineNanos}); shows why
     * when it cannot (unless the run is strict: then the start fails with it).
     *
     * @return null when prepared; else the reason, prefixed with the node's name and type
     */
    String prepare(NodeRunner<?> r, long deadlineNanos) throws InterruptedException {
        List<StreamSpec> in = new ArrayList<>();
        for (String s : r.spec.inputs()) {
            StreamSpec spec = wiring.streamSpec(s);
            if (spec == null) {
                NodeRunner<?> p = wiring.producerOf(s);
                return notStarted(
                        r,
                        NodeStatus.STARTING,
                        "waiting for its input '" + s + "'"
                                + (p == null
                                        ? ", which no node of pipeline '"
                                                + wiring.pipeline().name() + "' produces"
                                        : " (node '" + p.spec.name() + "' is "
                                                + p.health().status() + ")"));
            }
            in.add(spec);
        }
        try {
            wiring.produced(r.prepare(in, deadlineNanos));
            return null;
        } catch (NotStarted e) {
            return notStarted(r, e.status(), e.getMessage());
        }
    }

    private String notStarted(NodeRunner<?> r, NodeStatus status, String why) {
        if (!options.strict()) {
            // Only a failing open or prepare is retried; SCR re-creates a component when its
            // bundle or configuration changes, which the node's slot picks up by itself.
            boolean retried = status != NodeStatus.STARTING && r.hasInstance();
            r.health().set(status, retried ? why + "; retrying" : why);
        }
        return "node '" + r.spec.name() + "' (" + r.spec.type().name() + "): " + why;
    }

    /**
     * Starts prepared nodes together: their input queues are bound first, then their outputs connect
     * and send descriptors, and producers already running add them as consumers from their next block
     * on; only then does any of them run, so no block is published before its consumers listen.
     *
     * @param first the run's first batch: a node that cannot connect fails the whole start (the
     *              caller stops the run)
     */
    void startBatch(List<NodeRunner<?>> batch, boolean first) throws RigException, InterruptedException {
        List<Edge> late = new ArrayList<>();
        List<String> lateStreams = new ArrayList<>();
        for (NodeRunner<?> consumer : batch) {
            for (String stream : consumer.spec.inputs()) {
                Edge e = wiring.addEdge(consumer, stream);
                NodeRunner<?> producer = wiring.producerOf(stream);
                if (producer != null && producer.started()) {
                    late.add(e);
                    lateStreams.add(stream);
                }
            }
        }
        CountDownLatch allBound = new CountDownLatch(batch.size());
        CountDownLatch go = new CountDownLatch(1);
        for (NodeRunner<?> r : batch) {
            r.start(allBound, go);
        }
        for (NodeRunner<?> r : batch) {
            Throwable failure = r.awaitReady();
            if (failure == null) {
                continue;
            }
            String why = "node '" + r.spec.name() + "': could not connect its streams: " + failure.getMessage();
            if (first) {
                go.countDown();
                throw new RigException(why, failure);
            }
            r.health().shedForGood(why); // nobody listens there: never let a producer wait for it
        }
        for (int i = 0; i < late.size(); i++) {
            StreamPublisher p = wiring.publisherOf(lateStreams.get(i));
            if (p != null) {
                p.addEdge(late.get(i)); // applied by the producer before its next block
            }
        }
        go.countDown();
    }

    /**
     * Retries the nodes that could not start, in topological order, each failing one with back-off
     * (10 ms doubling to 1 s, as a restart): a device that appears starts its streams, and every node
     * waiting for them starts with it. Runs until all started or {@code stopping} says so.
     */
    void retryWaiting(BooleanSupplier stopping) {
        Map<NodeRunner<?>, long[]> retry = new HashMap<>(); // {next attempt at, back-off}
        try {
            while (!stopping.getAsBoolean() && !waiting.isEmpty()) {
                Thread.sleep(10);
                long now = System.nanoTime();
                List<NodeRunner<?>> batch = new ArrayList<>();
                for (NodeRunner<?> r : wiring.runners()) {
                    if (!waiting.contains(r)) {
                        continue;
                    }
                    long[] t = retry.computeIfAbsent(r, k -> new long[] {0, NodeHealth.FIRST_BACKOFF_NANOS});
                    if (now < t[0] || !inputsKnown(r)) {
                        continue;
                    }
                    if (prepare(r, now) == null) {
                        batch.add(r);
                    } else {
                        t[0] = System.nanoTime() + t[1];
                        t[1] = Math.min(NodeHealth.MAX_BACKOFF_NANOS, 2 * t[1]);
                    }
                }
                if (batch.isEmpty()) {
                    continue;
                }
                synchronized (wiring) {
                    if (stopping.getAsBoolean()) {
                        batch.forEach(NodeRunner::closePrepared);
                        return;
                    }
                    try {
                        startBatch(batch, false);
                    } catch (RigException e) {
                        LOG.warning(e.getMessage()); // not thrown for a later batch
                    }
                    waiting.removeAll(batch);
                }
                for (NodeRunner<?> r : batch) {
                    LOG.info(r.spec.name() + ": started" + (retry.containsKey(r) ? " after retrying" : ""));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean inputsKnown(NodeRunner<?> r) {
        for (String s : r.spec.inputs()) {
            if (wiring.streamSpec(s) == null) {
                return false;
            }
        }
        return true;
    }
}
