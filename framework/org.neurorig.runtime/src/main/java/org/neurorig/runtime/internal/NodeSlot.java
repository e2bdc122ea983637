package org.neurorig.runtime.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neurorig.api.Stateful;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The component instance currently serving one node, and the hot-swap between instances.
 *
 * <p>Candidates are the services registered for the node (an old and a new bundle version may serve
 * it side by side for a while). The newest candidate wins. A swap happens between two calls, under
 * the lock the runner holds while it calls the node: the outgoing instance's state is snapshotted,
 * the incoming one is prepared for the same inputs and the state restored into it. While no
 * instance is available (an in-place bundle update) the runner waits and the node's input keeps
 * queueing, so downstream sees no gap.
 *
 * <p>The lock is the slot's own: code that uses the instance runs inside {@link #serve} or
 * {@link #withCurrent}, so no caller can leave it locked or swap under a running call.
 *
 * @param <T> what the node's component provides: {@code Source}, {@code Processor} or {@code Sink}
 */
final class NodeSlot<T> {
    private static final Logger LOG = Logger.getLogger(NodeSlot.class.getName());

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final String node;
    private final Class<T> type;
    private final Map<ServiceReference<?>, T> candidates = new HashMap<>();
    private ServiceReference<?> currentRef;
    /** Written under the lock; volatile so that status can ask whether there is one without it. */
    private volatile T current;

    private byte[] carried;
    private Preparer<T> preparer;
    private volatile boolean dirty;
    private volatile long swaps;
    private volatile String lastSwapError;

    /** Prepares an incoming instance for the node's inputs; throws when it cannot serve them. */
    interface Preparer<T> {
        void prepare(T instance) throws Exception;

        void close(T instance);

        /** No instance can serve the node any more; {@code why} says what went wrong. */
        void refused(String why);
    }

    /** Code run with the serving instance while the slot is locked. */
    @FunctionalInterface
    interface Use<T> {
        void use(T instance) throws Exception;
    }

    NodeSlot(String node, Class<T> type) {
        this.node = node;
        this.type = type;
    }

    /** A service for this node appeared; one that is not a {@code T} is named and ignored. */
    void offer(ServiceReference<?> ref, Object service, long waitMillis) {
        if (!type.isInstance(service)) {
            LOG.warning(node + ": ignoring a service of " + service.getClass().getName() + ", which is not a "
                    + type.getSimpleName());
            return;
        }
        synchronized (candidates) {
            candidates.put(ref, type.cast(service));
        }
        requestApply(waitMillis);
    }

    /** A service for this node is going away (its bundle stops, updates or uninstalls). */
    void withdraw(ServiceReference<?> ref, long waitMillis) {
        synchronized (candidates) {
            candidates.remove(ref);
        }
        requestApply(waitMillis);
    }

    private void requestApply(long waitMillis) {
        dirty = true;
        try {
            if (lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                try {
                    applyLocked();
                } finally {
                    lock.unlock();
                }
            } else {
                // The runner is inside a call that does not return; it applies the swap when it does.
                LOG.warning(node + ": busy for " + waitMillis + " ms, hot-swap deferred to its next call");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts preparing instances on swap; until then instances are only recorded. */
    void enableSwaps(Preparer<T> p) {
        lock.lock();
        try {
            this.preparer = p;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies a pending swap, waits until {@code deadlineNanos} for an instance and runs {@code use}
     * with it, all under the lock: a swap waits until {@code use} returns. Allocates nothing.
     *
     * @return false when no instance served the node by the deadline ({@code use} did not run)
     * @throws Exception what {@code use} threw, after the lock is released
     */
    boolean serve(long deadlineNanos, Use<? super T> use) throws Exception {
        lock.lock();
        try {
            if (dirty) {
                applyLocked();
            }
            T instance = awaitCurrent(deadlineNanos);
            if (instance == null) {
                return false;
            }
            use.use(instance);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code use} with the serving instance, if there is one, under the lock; never waits for one.
     *
     * @return false when no instance serves the node
     */
    boolean withCurrent(Use<? super T> use) throws Exception {
        return serve(System.nanoTime(), use);
    }

    /** True while an instance serves the node (a hint: it may change at once). */
    boolean hasInstance() {
        return current != null;
    }

    private void applyLocked() {
        dirty = false;
        ServiceReference<?> best = null;
        T bestInstance = null;
        synchronized (candidates) {
            for (Map.Entry<ServiceReference<?>, T> e : candidates.entrySet()) {
                if (best == null || newer(e.getKey(), best)) {
                    best = e.getKey();
                    bestInstance = e.getValue();
                }
            }
        }
        if (best == currentRef) {
            synchronized (candidates) {
                if (candidates.size() <= 1) {
                    lastSwapError = null; // a refused candidate went away: nothing left to report
                }
            }
            return;
        }
        T old = current;
        if (old instanceof Stateful s && preparer != null) {
            try {
                carried = s.snapshot();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, node + ": snapshot failed, the new instance starts fresh", e);
                carried = null;
            }
        }
        if (bestInstance != null && preparer != null) {
            try {
                preparer.prepare(bestInstance);
                if (carried != null && bestInstance instanceof Stateful s) {
                    s.restore(carried);
                }
                carried = null;
                swaps++;
                lastSwapError = null;
            } catch (Exception e) {
                lastSwapError = "new instance of " + node + " could not be prepared: " + e.getMessage();
                LOG.log(Level.WARNING, lastSwapError, e);
                boolean oldStillOffered;
                synchronized (candidates) {
                    oldStillOffered = currentRef != null && candidates.containsKey(currentRef);
                }
                if (oldStillOffered) {
                    return; // side by side: keep serving with the old version, state untouched
                }
                bestInstance = null;
                best = null;
            }
        }
        if (old != null && preparer != null && old != bestInstance) {
            preparer.close(old);
        }
        currentRef = best;
        current = bestInstance;
        if (current == null && preparer != null && lastSwapError != null) {
            preparer.refused(lastSwapError + "; its input is queueing until a version that fits is installed");
        }
        changed.signalAll();
    }

    private static boolean newer(ServiceReference<?> a, ServiceReference<?> b) {
        int ra = ranking(a);
        int rb = ranking(b);
        if (ra != rb) {
            return ra > rb;
        }
        return (Long) a.getProperty(Constants.SERVICE_ID) > (Long) b.getProperty(Constants.SERVICE_ID);
    }

    private static int ranking(ServiceReference<?> r) {
        return r.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    /** Waits, holding the lock, until an instance serves the node; null when the deadline passed first. */
    private T awaitCurrent(long deadlineNanos) throws InterruptedException {
        while (current == null) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            changed.awaitNanos(Math.min(left, 100_000_000L));
            if (dirty) {
                applyLocked();
            }
        }
        return current;
    }

    long swaps() {
        return swaps;
    }

    String lastSwapError() {
        return lastSwapError;
    }

    /** The services for this node that are registered now (tests and status). */
    int candidateCount() {
        synchronized (candidates) {
            return candidates.size();
        }
    }
}
