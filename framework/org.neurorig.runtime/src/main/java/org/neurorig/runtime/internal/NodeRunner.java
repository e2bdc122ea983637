package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.Edge;
import org.neurorig.bus.InputPort;
import org.neurorig.bus.StreamPublisher;
import org.neurorig.config.NodeSpec;
import org.neurorig.runtime.NodeMetrics;

/**
 * Runs one node on its own thread. The runner, not the plugin, owns the node's input queue, output
 * publishers and blocks, so that the plugin instance can be replaced while data keeps flowing, and so
 * that a plugin that throws or hangs is contained: it is marked FAILED or STALLED, restarted with
 * back-off, and the queues feeding it stop waiting for it.
 */
abstract class NodeRunner implements NodeContext {
    private static final Logger LOG = Logger.getLogger(NodeRunner.class.getName());
    static final long MAX_BACKOFF_NANOS = 1_000_000_000L;
    static final long FIRST_BACKOFF_NANOS = 10_000_000L;
    /**
     * Failed calls in a row after which a node's restarts are exhausted: it leaves the lossless set
     * (producers drop for it, counted) so that it cannot hold up its producer or its siblings. Five
     * take about 150 ms of back-off, far less than a queue of 4,000 blocks lasts.
     */
    static final int FAILURES_BEFORE_SHEDDING = 5;
    /** A wait with no practical deadline that still cannot overflow nanoTime arithmetic. */
    static final long FOREVER_NANOS = TimeUnit.DAYS.toNanos(365);

    final NodeSpec spec;
    final RunContext run;
    final NodeSlot slot;
    List<StreamSpec> inputs = List.of();
    List<StreamSpec> outputs = List.of();
    final List<Edge> inbound = new ArrayList<>();
    RunnerEmitter emitter;
    InputPort port;
    private Thread thread;
    final CountDownLatch ready = new CountDownLatch(1);
    volatile Throwable startFailure;
    volatile boolean stopRequested;

    private volatile NodeStatus status = NodeStatus.STARTING;
    private volatile String message = "";
    private volatile boolean pluginReported;
    volatile long callStartNanos;
    /** Start of the call interrupted by a publish; its wait is left out of the call's duration. */
    private long pausedCallStart;
    volatile long blocksIn;
    private volatile long errors;
    private volatile long restarts;
    private volatile long overruns;
    private volatile long calls;
    private volatile long callNanos;
    private volatile boolean shedding;
    /** Shedding because its restarts are exhausted (not because it is slow or hung). */
    private volatile boolean gaveUp;
    /** Inside a publish, possibly held by a lossless consumer: not idle, even if nothing goes out. */
    volatile boolean publishing;
    /** Blocks sent to input i that the node never received, because it was abandoned at stop. */
    volatile long[] lostAtStop;
    /** Why the node's component could not be created (SCR's FAILED_ACTIVATION), or null. */
    volatile String activationFailure;
    /** True once the node's thread runs (it was prepared and wired); false while it waits to start. */
    volatile boolean started;
    private volatile long hangMillis;
    private int consecutiveOverruns;
    private int consecutiveFailures;

    NodeRunner(NodeSpec spec, RunContext run) {
        this.spec = spec;
        this.run = run;
        this.slot = new NodeSlot(spec.name());
    }

    /** Prepares an instance for this node's inputs and returns its output specs (port names). */
    abstract List<StreamSpec> prepareInstance(Object instance) throws Exception;

    /** Closes an instance that no longer serves the node. */
    abstract void closeInstance(Object instance);

    /** One unit of work: poll the input or read the source. Returns false when the node is done. */
    abstract boolean step() throws InterruptedException;

    @Override
    public String nodeName() {
        return spec.name();
    }

    @Override
    public void status(NodeStatus s, String msg) {
        pluginReported = s != NodeStatus.OK;
        setStatus(s, msg);
    }

    void setStatus(NodeStatus s, String msg) {
        if (s != status) { // transitions only: a node failing every block must not flood the log
            LOG.log(s == NodeStatus.OK || s == NodeStatus.STOPPED ? Level.FINE : Level.WARNING,
                    "{0}: {1} {2}", new Object[] {spec.name(), s, msg == null ? "" : msg});
        }
        status = s;
        message = msg == null ? "" : msg;
    }

    NodeStatus currentStatus() {
        return status;
    }

    /** Starts the thread: bind input, wait for every input to be bound, connect outputs, signal ready. */
    void start(CountDownLatch allBound, CountDownLatch go) {
        thread = new Thread(() -> threadMain(allBound, go), "node-" + spec.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void threadMain(CountDownLatch allBound, CountDownLatch go) {
        try {
            if (!inputs.isEmpty()) {
                port = new InputPort(run.zmq(), run.endpointOf(spec.name()), inputs, run.options().queueBlocks(),
                        100);
            }
            allBound.countDown();
            allBound.await();
            for (int i = 0; i < outputs.size(); i++) {
                StreamPublisher p = new StreamPublisher(run.zmq(), outputs.get(i), run.edgesOf(outputs.get(i).name()),
                        run.proxyEndpoint(), run.options().queueBlocks(), run.proxyListeners());
                p.sendDescriptor();
                emitter.attach(i, p);
            }
            if (emitter != null) {
                emitter.onPublish(new RunnerEmitter.PublishListener() {
                    @Override
                    public void publishing() {
                        publishing = true;
                        pausedCallStart = callStartNanos;
                        callStartNanos = 0; // waiting downstream: not running, not hung
                    }

                    @Override
                    public void published(long nanos) {
                        publishing = false;
                        if (pausedCallStart != 0) {
                            callStartNanos = pausedCallStart + nanos;
                        }
                    }
                });
            }
        } catch (Throwable t) {
            startFailure = t;
            allBound.countDown();
            ready.countDown();
            return;
        }
        ready.countDown();
        try {
            go.await();
            setStatus(NodeStatus.OK, "");
            while (!stopRequested) {
                if (!step()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeAll();
        }
    }

    private void closeAll() {
        slot.lock.lock();
        try {
            Object inst = slot.current();
            if (inst != null) {
                closeInstance(inst);
            }
        } finally {
            slot.lock.unlock();
        }
        if (emitter != null) {
            emitter.close();
        }
        if (port != null) {
            port.close();
        }
        if (status == NodeStatus.OK || status == NodeStatus.STARTING) {
            setStatus(NodeStatus.STOPPED, message);
        } // else keep FAILED/STALLED/OFFLINE: the summary should say how the node ended
    }

    /** Marks the start of a call to the plugin (the watchdog reads it). */
    final void callStarted() {
        callStartNanos = System.nanoTime();
    }

    /** Marks the end of a successful call and accounts its duration against the budget. */
    final void callSucceeded() {
        long d = System.nanoTime() - callStartNanos;
        callStartNanos = 0;
        calls++;
        callNanos += d;
        consecutiveFailures = 0;
        if (d > run.options().budgetMillis() * 1_000_000L) {
            overruns++;
            if (++consecutiveOverruns >= 3 && status != NodeStatus.STALLED) {
                String why = String.format(Locale.ROOT, "%d calls in a row over the %d ms budget (last %.1f ms)",
                        consecutiveOverruns, run.options().budgetMillis(), d / 1e6);
                if (lossless()) {
                    // Slow but alive: a lossless consumer (a recorder) keeps its back-pressure and
                    // loses nothing; the status warns that acquisition is being held up.
                    setStatus(NodeStatus.STALLED, why + "; producers wait for it (lossless)");
                } else {
                    markStalled(why);
                }
            }
        } else {
            consecutiveOverruns = 0;
            if (status == NodeStatus.STALLED || (status == NodeStatus.FAILED && !pluginReported)) {
                recover();
            }
        }
    }

    /** Marks a failed call: FAILED with the message, back-off, re-prepare. */
    final void callFailed(Throwable t) throws InterruptedException {
        callStartNanos = 0;
        errors++;
        consecutiveFailures++;
        String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (consecutiveFailures >= FAILURES_BEFORE_SHEDDING && !inbound.isEmpty()) {
            // Restarts exhausted: it must not hold up its producer; it is still retried (1 s apart)
            // and rejoins the lossless set after a call that succeeds.
            if (!gaveUp) {
                gaveUp = true;
                shedding = true;
                for (Edge e : inbound) {
                    e.setShedding(true);
                }
            }
            msg += "; " + consecutiveFailures + " failures in a row: its input is dropped (counted) until a call succeeds";
        }
        setStatus(NodeStatus.FAILED, msg);
        if (errors <= 3 || Long.bitCount(errors) == 1) {
            LOG.log(Level.WARNING, spec.name() + " failed (error #" + errors + "), restarting", t);
        }
        if (emitter != null) {
            emitter.resetAfterFailure();
        }
        long backoff = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(20, consecutiveFailures - 1));
        slot.lock.unlock();
        try {
            TimeUnit.NANOSECONDS.sleep(backoff);
        } finally {
            slot.lock.lock();
        }
        Object inst = slot.current();
        if (inst != null) {
            try {
                prepareInstance(inst);
                restarts++;
            } catch (Exception e) {
                setStatus(NodeStatus.FAILED, "restart failed: " + e.getMessage());
            }
        }
    }

    private boolean lossless() {
        return !"live".equalsIgnoreCase(spec.type().delivery());
    }

    /** True while producers drop for this node instead of waiting (it is hung, or a slow live one). */
    boolean shedding() {
        return shedding;
    }

    void markStalled(String why) {
        shedding = true;
        setStatus(NodeStatus.STALLED, why);
        for (Edge e : inbound) {
            e.setShedding(true);
        }
    }

    private void recover() {
        shedding = false;
        gaveUp = false;
        for (Edge e : inbound) {
            e.setShedding(false);
        }
        setStatus(NodeStatus.OK, "recovered; last problem: " + message);
    }

    /** The node type's own hang limit (component property {@code neurorig.hangMillis}), if it has one. */
    void hangMillis(Object value) {
        try {
            long v = value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).trim());
            if (v > 0) {
                hangMillis = v;
            }
        } catch (NumberFormatException e) {
            LOG.warning(spec.name() + ": ignoring neurorig.hangMillis '" + value + "' (not a number)");
        }
    }

    /** Called by the watchdog: a call that has been running longer than the hang limit. */
    void checkHang(long nowNanos) {
        long start = callStartNanos;
        long limit = hangMillis > 0 ? hangMillis : run.options().hangMillis();
        if (start != 0 && !shedding && nowNanos - start > limit * 1_000_000L) {
            markStalled(String.format(Locale.ROOT, "a call has not returned for %.1f s; its input is shed", (nowNanos - start) / 1e9));
        }
    }

    void requestStop() {
        stopRequested = true;
    }

    /** Interrupts a node that does not stop by itself (hung in a call). */
    void interrupt() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** True while the node's thread runs. */
    boolean alive() {
        return thread != null && thread.isAlive();
    }

    /**
     * After the node stopped: what was sent to it and never received (it was abandoned, failed or
     * hung) is counted as dropped on its input edges, so that no loss goes unreported.
     *
     * @return the blocks lost
     */
    long countLostAtStop() {
        if (port == null) {
            return 0;
        }
        long[] lost = new long[inputs.size()];
        long total = 0;
        for (int i = 0; i < lost.length; i++) {
            long sent = 0;
            for (Edge e : run.edgesInto(spec.name(), inputs.get(i).name())) {
                sent += e.sent();
            }
            lost[i] = Math.max(0, sent - port.received(i));
            total += lost[i];
        }
        lostAtStop = lost;
        return total;
    }

    boolean join(long millis) throws InterruptedException {
        if (thread == null) {
            return true;
        }
        thread.join(millis);
        return !thread.isAlive();
    }

    /** True when every block sent to this node has been received from its queue. */
    boolean drained() {
        if (port == null) {
            return true;
        }
        for (int i = 0; i < inputs.size(); i++) {
            long sent = 0;
            for (Edge e : run.edgesInto(spec.name(), inputs.get(i).name())) {
                sent += e.sent();
            }
            if (port.received(i) < sent) {
                return false;
            }
        }
        return true;
    }

    NodeMetrics metrics() {
        long c = calls;
        String msg = message;
        String swapError = slot.lastSwapError();
        if (swapError != null) {
            msg = msg.isEmpty() ? swapError : msg + "; " + swapError;
        }
        return new NodeMetrics(spec.name(), spec.type().name(), status, msg, blocksIn, errors, restarts, overruns,
                slot.swaps(), c == 0 ? 0 : callNanos / 1e3 / c, port == null ? 0 : port.malformed());
    }
}
