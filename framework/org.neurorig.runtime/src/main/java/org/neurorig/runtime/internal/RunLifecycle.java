package org.neurorig.runtime.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.Role;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RunOptions;

/**
 * A run's life: it starts (nodes prepared in topological order and started together, the watchdog,
 * the retries of nodes that could not start), it ends by itself once every source is done, and it
 * stops by draining: sources first, then each node once it has worked through its queue.
 */
final class RunLifecycle {
    private static final Logger LOG = Logger.getLogger(RunLifecycle.class.getName());
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RunWiring wiring;
    private final NodeStarter starter;
    private final RunOptions options;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long startNanos;
    private volatile boolean stopping;

    RunLifecycle(RunWiring wiring, NodeStarter starter) {
        this.wiring = wiring;
        this.starter = starter;
        this.options = wiring.options();
    }

    /**
     * Waits for every node's component, prepares them in topological order, wires the streams and
     * starts acquisition. A node that cannot start (its component failed to activate or is missing,
     * its open or prepare throws, or a producer of its input could not start) fails the start when
     * the run is strict; otherwise it is shown OFFLINE, FAILED or STARTING with the reason, the rest
     * starts, and it is retried with back-off until it starts or the run stops.
     */
    void start() throws RigException, InterruptedException {
        List<NodeRunner<?>> batch = starter.prepareAll();
        startNanos = System.nanoTime();
        try {
            starter.startBatch(batch, true);
        } catch (RigException e) {
            stopNow();
            throw e;
        }
        Watchdog.start(wiring, this::ended);
        // The run ends by itself once every source is done (duration reached, or files played out).
        daemon("neurorig-sources-done", this::endWhenSourcesDone);
        if (starter.anyWaiting()) {
            daemon("neurorig-starter", () -> starter.retryWaiting(() -> stopping));
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** When the first batch started (System.nanoTime), or 0 before. */
    long startNanos() {
        return startNanos;
    }

    boolean stopping() {
        return stopping;
    }

    boolean ended() {
        return ended.getCount() == 0;
    }

    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /**
     * Ends the run once every source is done: it reached the duration's samples or sent
     * END_OF_STREAM; or, once the run has lasted its duration, it never started or has produced
     * nothing for a while (offline, failing or hung): a source that is not there must not keep the
     * run up forever, while one that still streams, or waits for a consumer, finishes its samples.
     */
    private void endWhenSourcesDone() {
        Map<NodeRunner<?>, long[]> progress = new HashMap<>(); // {blocks out, when they last changed}
        try {
            while (!stopping && !sourcesDone(progress)) {
                Thread.sleep(20);
            }
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean sourcesDone(Map<NodeRunner<?>, long[]> progress) {
        long now = System.nanoTime();
        double duration = options.durationSeconds();
        boolean pastDuration = duration > 0 && now - startNanos > duration * 1e9;
        for (NodeRunner<?> r : wiring.runners()) {
            if (r.spec.type().role() != Role.SOURCE) {
                continue;
            }
            if (!r.started()) {
                if (!pastDuration) {
                    return false;
                }
                continue;
            }
            if (!r.alive()) {
                continue;
            }
            long out = r.emitter().blocksOut();
            long[] p = progress.computeIfAbsent(r, k -> new long[] {out, now});
            if (out != p[0] || r.health().inPublish()) {
                p[0] = out;
                p[1] = now;
            }
            if (!pastDuration || now - p[1] < idleLimitNanos(r)) {
                return false;
            }
            LOG.warning(r.spec.name() + ": " + r.health().status() + ", nothing produced for "
                    + (now - p[1]) / 1_000_000 + " ms after the run's duration; stopping it");
        }
        return true;
    }

    /** How long a source may produce nothing before it counts as gone: 2 s, or 3 blocks if longer. */
    private static long idleLimitNanos(NodeRunner<?> r) {
        double blockSeconds = 0;
        for (StreamSpec s : r.outputs()) {
            if (s.sampleRate() > 0) {
                blockSeconds = Math.max(blockSeconds, s.blockSamples() / s.sampleRate());
            }
        }
        return (long) (Math.max(2.0, 3 * blockSeconds) * 1e9);
    }

    /**
     * Stops the sources, then every other node in topological order once it has worked through its
     * queue. Idempotent.
     */
    void stop() throws InterruptedException {
        synchronized (wiring) {
            if (ended()) {
                return;
            }
            stopping = true;
            for (NodeRunner<?> r : wiring.runners()) {
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
                        LOG.warning(r.spec.name() + ": " + r.health().status() + ", stopped with " + lost
                                + " blocks of its input unprocessed (counted as drops)");
                    }
                }
            }
            ended.countDown();
        }
    }

    /** Stops every node at once, without draining (a start that failed). */
    private void stopNow() {
        stopping = true;
        for (NodeRunner<?> r : wiring.runners()) {
            r.requestStop();
            r.interrupt();
        }
        ended.countDown();
    }

    /** Waits while a node works through its queue; gives up after DRAIN_TIMEOUT without progress. */
    static void awaitDrained(NodeRunner<?> r) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long lastIn = r.blocksIn();
        while (!r.drained() && !r.health().shedding()) {
            long in = r.blocksIn();
            if (in != lastIn || r.health().inCall()) {
                lastIn = in;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > DRAIN_TIMEOUT_NANOS) {
                break;
            }
            Thread.sleep(2);
        }
    }

    /** Joins a stopping node's thread; interrupts it after 2 s, abandons it after 4 s. */
    static void stopJoin(NodeRunner<?> r) throws InterruptedException {
        if (!r.join(2000)) {
            r.interrupt();
            if (!r.join(2000)) {
                LOG.warning(r.spec.name() + ": thread did not end; abandoning it");
            }
        }
    }
}
