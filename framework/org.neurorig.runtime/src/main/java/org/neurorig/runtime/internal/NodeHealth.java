package org.neurorig.runtime.internal;

import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neurorig.api.NodeStatus;
import org.neurorig.bus.Edge;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RunOptions;

/**
 * One node's status and the accounting of its calls: how long they take against the budget and the
 * hang limit, how often they fail, and from that whether the node is OK, FAILED or STALLED and
 * whether its producers wait for it or drop for it (shedding). Owned by the node's runner; the
 * watchdog only calls {@link #checkHang}.
 */
final class NodeHealth implements RunnerEmitter.PublishListener {
    private static final Logger LOG = Logger.getLogger(NodeHealth.class.getName());
    static final long MAX_BACKOFF_NANOS = 1_000_000_000L;
    static final long FIRST_BACKOFF_NANOS = 10_000_000L;
    /**
     * Failed calls in a row after which a node's restarts are exhausted: it leaves the lossless set
     * (producers drop for it, counted) so that it cannot hold up its producer or its siblings. Five
     * take about 150 ms of back-off, far less than a queue of 4,000 blocks lasts.
     */
    static final int FAILURES_BEFORE_SHEDDING = 5;

    private final String node;
    private final boolean lossless;
    private final RunOptions options;
    /** The edges into the node, whose producers wait for it unless it sheds. */
    private final List<Edge> inbound;

    private volatile NodeStatus status = NodeStatus.STARTING;
    private volatile String message = "";
    private volatile boolean pluginReported;
    private volatile long callStartNanos;
    /** Start of the call interrupted by a publish; its wait is left out of the call's duration. */
    private long pausedCallStart;
    /** Inside a publish, possibly held by a lossless consumer: not idle, even if nothing goes out. */
    private volatile boolean publishing;

    private volatile long errors;
    private volatile long restarts;
    private volatile long overruns;
    private volatile long calls;
    private volatile long callNanos;
    private volatile boolean shedding;
    /** Shedding because its restarts are exhausted (not because it is slow or hung). */
    private volatile boolean gaveUp;

    private volatile long hangMillis;
    private int consecutiveOverruns;
    private int consecutiveFailures;

    NodeHealth(String node, boolean lossless, RunOptions options, List<Edge> inbound) {
        this.node = node;
        this.lossless = lossless;
        this.options = options;
        this.inbound = inbound;
    }

    /** A status the plugin reported itself; FAILED that way is not cleared by a call that succeeds. */
    void reported(NodeStatus s, String msg) {
        pluginReported = s != NodeStatus.OK;
        set(s, msg);
    }

    void set(NodeStatus s, String msg) {
        if (s != status) { // transitions only: a node failing every block must not flood the log
            LOG.log(
                    s == NodeStatus.OK || s == NodeStatus.STOPPED ? Level.FINE : Level.WARNING,
                    "{0}: {1} {2}",
                    new Object[] {node, s, msg == null ? "" : msg});
        }
        status = s;
        message = msg == null ? "" : msg;
    }

    NodeStatus status() {
        return status;
    }

    String message() {
        return message;
    }

    /** Marks the start of a call to the plugin (the watchdog reads it). */
    void callStarted() {
        callStartNanos = System.nanoTime();
    }

    /** True while a call runs (not while it waits for a publish to go through). */
    boolean inCall() {
        return callStartNanos != 0;
    }

    boolean inPublish() {
        return publishing;
    }

    /** A publish starts: waiting downstream is neither running nor hanging. */
    @Override
    public void publishing() {
        publishing = true;
        pausedCallStart = callStartNanos;
        callStartNanos = 0;
    }

    /** The publish went through after {@code nanos}: the call's clock resumes, shifted by the wait. */
    @Override
    public void published(long nanos) {
        publishing = false;
        if (pausedCallStart != 0) {
            callStartNanos = pausedCallStart + nanos;
        }
    }

    /** Marks the end of a successful call and accounts its duration against the budget. */
    void callSucceeded() {
        long d = System.nanoTime() - callStartNanos;
        callStartNanos = 0;
        calls++;
        callNanos += d;
        consecutiveFailures = 0;
        if (d > options.budgetMillis() * 1_000_000L) {
            overruns++;
            if (++consecutiveOverruns >= 3 && status != NodeStatus.STALLED) {
                String why = String.format(
                        Locale.ROOT,
                        "%d calls in a row over the %d ms budget (last %.1f ms)",
                        consecutiveOverruns,
                        options.budgetMillis(),
                        d / 1e6);
                if (lossless) {
                    // Slow but alive: a lossless consumer (a recorder) keeps its back-pressure and
                    // loses nothing; the status warns that acquisition is being held up.
                    set(NodeStatus.STALLED, why + "; producers wait for it (lossless)");
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

    /**
     * Accounts a failed call: FAILED with the message; after {@link #FAILURES_BEFORE_SHEDDING} in a
     * row the node's input is shed until a call succeeds.
     *
     * @return how long to back off before the node is prepared again
     */
    long callFailed(Throwable t) {
        callStartNanos = 0;
        errors++;
        consecutiveFailures++;
        String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (consecutiveFailures >= FAILURES_BEFORE_SHEDDING && !inbound.isEmpty()) {
            // Restarts exhausted: it must not hold up its producer; it is still retried (1 s apart)
            // and rejoins the lossless set after a call that succeeds.
            if (!gaveUp) {
                gaveUp = true;
                shed();
            }
            msg += "; " + consecutiveFailures
                    + " failures in a row: its input is dropped (counted) until a call succeeds";
        }
        set(NodeStatus.FAILED, msg);
        if (errors <= 3 || Long.bitCount(errors) == 1) {
            LOG.log(Level.WARNING, node + " failed (error #" + errors + "), restarting", t);
        }
        return Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(20, consecutiveFailures - 1));
    }

    void restarted() {
        restarts++;
    }

    /** True while producers drop for this node instead of waiting (it is hung, or a slow live one). */
    boolean shedding() {
        return shedding;
    }

    /** Producers stop waiting for the node (nobody listens, or it will not come back): shed for good. */
    void shedForGood(String why) {
        set(NodeStatus.FAILED, why);
        for (Edge e : inbound) {
            e.setShedding(true);
        }
    }

    void markStalled(String why) {
        set(NodeStatus.STALLED, why);
        shed();
    }

    private void shed() {
        shedding = true;
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
        set(NodeStatus.OK, "recovered; last problem: " + message);
    }

    /** The node type's own hang limit (component property {@code neurorig.hangMillis}), if it has one. */
    void hangMillis(Object value) {
        try {
            long v = value instanceof Number n
                    ? n.longValue()
                    : Long.parseLong(String.valueOf(value).trim());
            if (v > 0) {
                hangMillis = v;
            }
        } catch (NumberFormatException e) {
            LOG.warning(node + ": ignoring neurorig.hangMillis '" + value + "' (not a number)");
        }
    }

    /** Called by the watchdog: a call that has been running longer than the hang limit. */
    void checkHang(long nowNanos) {
        long start = callStartNanos;
        long limit = hangMillis > 0 ? hangMillis : options.hangMillis();
        if (start != 0 && !shedding && nowNanos - start > limit * 1_000_000L) {
            markStalled(String.format(
                    Locale.ROOT, "a call has not returned for %.1f s; its input is shed", (nowNanos - start) / 1e9));
        }
    }

    /** The node's figures, with what only its runner knows. */
    NodeMetrics metrics(String type, long blocksIn, long swaps, String swapError, long malformed) {
        long c = calls;
        String msg = message;
        if (swapError != null) {
            msg = msg.isEmpty() ? swapError : msg + "; " + swapError;
        }
        return new NodeMetrics(
                node,
                type,
                status,
                msg,
                blocksIn,
                errors,
                restarts,
                overruns,
                swaps,
                c == 0 ? 0 : callNanos / 1e3 / c,
                malformed);
    }
}
