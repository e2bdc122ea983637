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
 */
final class NodeSlot {
    private static final Logger LOG = Logger.getLogger(NodeSlot.class.getName());

    /** Prepares an incoming instance for the node's inputs; throws when it cannot serve them. */
    interface Preparer {
        void prepare(Object instance) throws Exception;

        void close(Object instance);

        /** No instance can serve the node any more; {@code why} says what went wrong. */
        void refused(String why);
    }

    final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final String node;
    private final Map<ServiceReference<?>, Object> candidates = new HashMap<>();
    private ServiceReference<?> currentRef;
    private Object current;
    private byte[] carried;
    private Preparer preparer;
    private volatile boolean dirty;
    private volatile long swaps;
    private volatile String lastSwapError;

    NodeSlot(String node) {
        this.node = node;
    }

    /** A service for this node appeared. */
    void offer(ServiceReference<?> ref, Object instance, long waitMillis) {
        synchronized (candidates) {
            candidates.put(ref, instance);
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
    void enableSwaps(Preparer p) {
        lock.lock();
        try {
            this.preparer = p;
        } finally {
            lock.unlock();
        }
    }

    /** Applies a pending swap; the caller holds {@link #lock}. Cheap when nothing changed. */
    void applyIfDirty() {
        if (dirty) {
            applyLocked();
        }
    }

    private void applyLocked() {
        dirty = false;
        ServiceReference<?> best = null;
        Object bestInstance = null;
        synchronized (candidates) {
            for (Map.Entry<ServiceReference<?>, Object> e : candidates.entrySet()) {
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
        Object old = current;
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

    /** The serving instance or null; the caller holds {@link #lock}. */
    Object current() {
        return current;
    }

    /**
     * Waits, holding the lock, until an instance serves the node.
     *
     * @return the instance, or null when {@code deadlineNanos} passed first
     */
    Object awaitCurrent(long deadlineNanos) throws InterruptedException {
        while (current == null) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            changed.awaitNanos(Math.min(left, 100_000_000L));
            applyIfDirty();
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
