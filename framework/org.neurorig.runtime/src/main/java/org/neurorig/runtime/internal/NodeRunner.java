package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.neurorig.config.Role;
import org.neurorig.runtime.NodeMetrics;
import org.osgi.framework.ServiceReference;

/**
 * Runs one node on its own thread. The runner, not the plugin, owns the node's input queue, output
 * publishers and blocks, so that the plugin instance can be replaced while data keeps flowing, and so
 * that a plugin that throws or hangs is contained: it is marked FAILED or STALLED, restarted with
 * back-off, and the queues feeding it stop waiting for it. The runner prepares its node itself
 * ({@link #prepare}); the run only gives it its inputs, edges and the signal to go.
 *
 * <p>Over 300 lines because it is where one node's thread, instance slot, ports and failure
 * handling meet; its status and call accounting ({@link NodeHealth}), what its instances must
 * produce ({@link OutputContract}) and its input side ({@link InputRunner}) are apart already.
 *
 * @param <T> what the node's component provides: {@code Source}, {@code Processor} or {@code Sink}
 */
abstract class NodeRunner<T> implements NodeContext {
    private static final Logger LOG = Logger.getLogger(NodeRunner.class.getName());
    /** A wait with no practical deadline that still cannot overflow nanoTime arithmetic. */
    static final long FOREVER_NANOS = TimeUnit.DAYS.toNanos(365);

    final NodeSpec spec;
    final RunContext run;
    private final NodeSlot<T> slot;
    private final NodeHealth health;
    private final List<Edge> inbound = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final NodeSlot.Use<T> closeInstance = this::closeInstance;
    private final NodeSlot.Use<T> restart = this::restart;
    /** What its instances must produce; prepares hot-swapped ones. */
    private final OutputContract<T> contract;

    private volatile List<StreamSpec> inputs = List.of();
    private volatile List<StreamSpec> outputs = List.of();
    private volatile RunnerEmitter emitter;
    private Thread thread;
    private volatile Throwable startFailure;
    private volatile boolean stopRequested;
    /** True once the node's thread runs (it was prepared and wired); false while it waits to start. */
    private volatile boolean started;

    private volatile long blocksIn;
    /** Why the node's component could not be created (SCR's FAILED_ACTIVATION), or null. */
    private volatile String activationFailure;

    NodeRunner(NodeSpec spec, RunContext run, Class<T> type) {
        this.spec = spec;
        this.run = run;
        this.slot = new NodeSlot<>(spec.name(), type);
        this.health =
                new NodeHealth(spec.name(), !"live".equalsIgnoreCase(spec.type().delivery()), run.options(), inbound);
        this.contract = new OutputContract<>(spec, this::prepareInstance, this::closeInstance, health);
    }

    /** Prepares an instance for this node's inputs and returns its output specs (port names). */
    abstract List<StreamSpec> prepareInstance(T instance) throws Exception;

    /** Closes an instance that no longer serves the node. */
    abstract void closeInstance(T instance);

    /** One unit of work: poll the input or read the source. Returns false when the node is done. */
    abstract boolean step() throws InterruptedException;

    @Override
    public String nodeName() {
        return spec.name();
    }

    @Override
    public void status(NodeStatus s, String msg) {
        health.reported(s, msg);
    }

    /** A component instance for this node was registered (SCR created it). */
    void offer(ServiceReference<?> ref, Object service, long waitMillis) {
        activationFailure = null;
        slot.offer(ref, service, waitMillis);
    }

    void withdraw(ServiceReference<?> ref, long waitMillis) {
        slot.withdraw(ref, waitMillis);
    }

    /** SCR could not create the node's component: its prepare stops waiting and says why. */
    void activationFailed(String why) {
        activationFailure = why;
    }

    /**
     * Waits (until {@code deadlineNanos}, or less once SCR reported the component's activation
     * failed) for the node's component instance, prepares it for {@code in}, checks that it produces
     * the streams its type declares, and lets its slot prepare later instances on hot-swap.
     *
     * @return the node's output streams, named {@code <node>.<port>}
     * @throws NotStarted why not, with the status to show
     */
    List<StreamSpec> prepare(List<StreamSpec> in, long deadlineNanos) throws NotStarted, InterruptedException {
        inputs = List.copyOf(in);
        List<List<StreamSpec>> prepared = new ArrayList<>(1);
        try {
            boolean served;
            do { // in short waits, so that an activation failure ends the wait at once
                served = slot.serve(Math.min(deadlineNanos, System.nanoTime() + 50_000_000L), instance -> {
                    prepared.add(contract.first(instance));
                    slot.enableSwaps(contract);
                });
            } while (!served && activationFailure == null && System.nanoTime() < deadlineNanos);
            if (!served) {
                String failure = activationFailure;
                throw new NotStarted(
                        NodeStatus.FAILED,
                        failure != null
                                ? "its component failed to activate: " + failure
                                : "no component instance after " + run.options().startMillis()
                                        + " ms; is its bundle installed and active? (neurorig bundles)");
            }
        } catch (NotStarted | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new NotStarted(
                    OutputContract.unprepared(spec),
                    (spec.type().role() == Role.SOURCE ? "open" : "prepare") + " failed: " + e.getMessage());
        }
        outputs = prepared.get(0);
        contract.prepared(outputs);
        emitter = new RunnerEmitter(
                outputs, spec.type().role() == Role.SOURCE ? run.options().durationSeconds() : 0);
        return outputs;
    }

    /** An edge from a producer into this node (wired before the node starts, or while it runs). */
    void addInbound(Edge e) {
        inbound.add(e);
    }

    List<Edge> inbound() {
        return inbound;
    }

    /**
     * Starts the thread: bind input, wait for every input of the batch to be bound, connect outputs
     * (descriptors sent), then wait for {@code go}. {@link #awaitReady} tells how that went.
     */
    void start(CountDownLatch allBound, CountDownLatch go) {
        thread = new Thread(() -> threadMain(allBound, go), "node-" + spec.name());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until the node's streams are connected or failed to.
     *
     * @return why they could not be connected, or null
     */
    Throwable awaitReady() throws InterruptedException {
        ready.await();
        return startFailure;
    }

    private void threadMain(CountDownLatch allBound, CountDownLatch go) {
        try {
            bindInput();
            allBound.countDown();
            allBound.await();
            for (int i = 0; i < outputs.size(); i++) {
                StreamPublisher p = new StreamPublisher(
                        run.zmq(),
                        outputs.get(i),
                        run.edgesOf(outputs.get(i).name()),
                        run.proxyEndpoint(),
                        run.options().queueBlocks(),
                        run.proxyListeners());
                p.sendDescriptor();
                emitter.attach(i, p);
            }
            if (emitter != null) {
                emitter.onPublish(health);
            }
        } catch (Throwable t) {
            startFailure = t;
            allBound.countDown();
            ready.countDown();
            return;
        }
        started = true;
        ready.countDown();
        try {
            go.await();
            health.set(NodeStatus.OK, "");
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
        closePrepared();
        if (emitter != null) {
            emitter.close();
        }
        closeInput();
        NodeStatus s = health.status();
        if (s == NodeStatus.OK || s == NodeStatus.STARTING) {
            health.set(NodeStatus.STOPPED, health.message());
        } // else keep FAILED/STALLED/OFFLINE: the summary should say how the node ended
    }

    /** Binds the node's input queue, if it has one, before any producer connects to it. */
    void bindInput() {}

    void closeInput() {}

    /** Closes the serving instance; also for a node prepared but never started (the run stopped first). */
    void closePrepared() {
        try {
            slot.withCurrent(closeInstance);
        } catch (Exception e) {
            LOG.log(Level.WARNING, spec.name() + ": close failed", e);
        }
    }

    /**
     * Runs {@code use} with the serving instance under the slot's lock (a hot-swap waits for it),
     * after waiting until {@code deadlineNanos} for one.
     *
     * @return false when no instance served the node by then
     */
    final boolean serve(long deadlineNanos, NodeSlot.Use<T> use) throws Exception {
        return slot.serve(deadlineNanos, use);
    }

    /** Counts a block read or received. */
    final void countIn() {
        blocksIn++;
    }

    long blocksIn() {
        return blocksIn;
    }

    /** Its status and call accounting (the watchdog checks it for hangs). */
    NodeHealth health() {
        return health;
    }

    /**
     * After a failed call, outside the slot's lock (a hot-swap may happen meanwhile): FAILED with the
     * message, the half-filled output dropped, back-off, then the serving instance prepared again.
     */
    final void callFailed(Throwable t) throws InterruptedException {
        long backoff = health.callFailed(t);
        if (emitter != null) {
            emitter.resetAfterFailure();
        }
        TimeUnit.NANOSECONDS.sleep(backoff);
        try {
            slot.withCurrent(restart);
        } catch (Exception e) {
            health.set(NodeStatus.FAILED, "restart failed: " + e.getMessage());
        }
    }

    private void restart(T instance) throws Exception {
        prepareInstance(instance);
        health.restarted();
    }

    void requestStop() {
        stopRequested = true;
        InputPort p = port();
        if (p != null) {
            p.cancelPoll(); // it sees the request now, not when its wait for input times out
        }
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

    boolean started() {
        return started;
    }

    boolean join(long millis) throws InterruptedException {
        if (thread == null) {
            return true;
        }
        thread.join(millis);
        return !thread.isAlive();
    }

    /** The input streams it was prepared for; empty for a source or before prepare. */
    List<StreamSpec> inputs() {
        return inputs;
    }

    /** Its output streams once prepared; empty before. */
    List<StreamSpec> outputs() {
        return outputs;
    }

    /** Its output side once prepared; null before. */
    RunnerEmitter emitter() {
        return emitter;
    }

    /** True when the serving instance exists (so a failed open or prepare can be retried on it). */
    boolean hasInstance() {
        return slot.hasInstance();
    }

    /** True when every block sent to this node has been received from its queue (a source: always). */
    boolean drained() {
        return true;
    }

    /**
     * After the node stopped: counts what was sent to it and never received as dropped.
     *
     * @return the blocks lost
     */
    long countLostAtStop() {
        return 0;
    }

    /** Blocks sent to input {@code i} that it never received (counted at stop); 0 before. */
    long lostAtStop(int i) {
        return 0;
    }

    /** Its input queue once started; null for a source or before. */
    InputPort port() {
        return null;
    }

    NodeMetrics metrics() {
        return health.metrics(spec.type().name(), blocksIn, slot.swaps(), slot.lastSwapError(), 0);
    }
}
