package org.neurorig.bus;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;

/**
 * A consumer node's input side inside the JVM: the {@link Edge} queues of every stream it consumes,
 * taken in turn. A block arrives by reference, not copied or decoded: the node sees a view of the
 * publisher's block with header fields of its own (its input index), and the port releases the
 * block to the publisher's pool on the next {@link #poll} or at {@link #close}. Sequence continuity
 * and latencies are tracked per input. Create, use and close it on one thread (the consuming
 * node's runner); {@link #attach} may come from another.
 */
public final class InputPort implements AutoCloseable {
    private final String name;
    private final List<StreamSpec> inputs;
    private final long pollNanos;
    private final SeqTracker[] trackers;
    private final AtomicLongArray received;
    private final LatencyHistogram[] hopLatency;
    private final LatencyHistogram[] acqLatency;

    /** The queues feeding this port; replaced (copied) when one is attached. */
    private volatile Inbound[] inbound = new Inbound[0];
    /** The thread parked waiting for a block, else null. */
    private volatile Thread waiter;
    /** Set by {@link #cancelPoll}: the waiting (or next) poll returns null at once. */
    private volatile boolean cancelled;
    /** Where the next poll starts looking, so that no queue starves the others. */
    private int next;
    /** The block handed out by the last poll, released by the next one. */
    private SharedBlock current;

    private boolean closed;

    /** One queue into this port and the consumer's views of its publisher's blocks. */
    private static final class Inbound {
        final Edge edge;
        final int input;
        /** The consumer's view of the blocks of this queue, pointed at each one in turn. */
        Block view;

        Inbound(Edge edge, int input) {
            this.edge = edge;
            this.input = input;
        }
    }

    /**
     * @param name       the consuming node (for messages)
     * @param inputs     the streams this node consumes, in the order given to its prepare
     * @param pollMillis how long {@link #poll()} waits before returning null
     */
    public InputPort(String name, List<StreamSpec> inputs, int pollMillis) {
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMillis);
        int n = inputs.size();
        trackers = new SeqTracker[n];
        received = new AtomicLongArray(n);
        hopLatency = new LatencyHistogram[n];
        acqLatency = new LatencyHistogram[n];
        for (int i = 0; i < n; i++) {
            StreamSpec s = inputs.get(i);
            // Items, and irregular dense streams (rate 0: one row per model fit), carry no sample continuity.
            trackers[i] = new SeqTracker(s.kind().isDense() && s.sampleRate() > 0);
            hopLatency[i] = new LatencyHistogram();
            acqLatency[i] = new LatencyHistogram();
        }
    }

    public String name() {
        return name;
    }

    public List<StreamSpec> inputs() {
        return inputs;
    }

    /**
     * Takes blocks from {@code edge} as input {@code input}. The queue may have filled already: what
     * it holds is delivered first, in order.
     */
    public synchronized void attach(Edge edge, int input) {
        if (input < 0 || input >= inputs.size()) {
            throw new IllegalArgumentException(name + ": no input " + input + " (has " + inputs.size() + ")");
        }
        Inbound[] now = inbound;
        Inbound[] more = Arrays.copyOf(now, now.length + 1);
        more[now.length] = new Inbound(edge, input);
        inbound = more;
        edge.bind(this);
        wake();
    }

    /**
     * Waits for the next block; releases the one the last call returned.
     *
     * @return a view of the next block (valid until the next call; read it, never write to it) or
     *     null on timeout
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public Block poll() throws InterruptedException {
        releaseCurrent();
        long deadline = 0;
        while (true) {
            Inbound[] in = inbound;
            int n = in.length;
            for (int k = 0; k < n; k++) {
                int i = next + k < n ? next + k : (next + k) % n;
                SharedBlock s = in[i].edge.take();
                if (s != null) {
                    next = i + 1;
                    return deliver(in[i], s);
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException(name + ": interrupted while waiting for input");
            }
            long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + pollNanos;
            } else if (now - deadline >= 0) {
                return null;
            }
            if (cancelled) {
                cancelled = false;
                return null;
            }
            waiter = Thread.currentThread();
            if (!anyReady(in) && inbound == in && !cancelled) { // looked at after announcing: no lost wake-up
                LockSupport.parkNanos(this, deadline - now);
            }
            waiter = null;
        }
    }

    private static boolean anyReady(Inbound[] in) {
        for (Inbound x : in) {
            if (x.edge.ready()) {
                return true;
            }
        }
        return false;
    }

    private Block deliver(Inbound from, SharedBlock s) {
        current = s;
        int input = from.input;
        if (from.view == null || !BlockStamp.show(s.block, from.view, input)) {
            from.view = BlockStamp.view(s.block); // first block, or a producer of another shape
            BlockStamp.header(s.block, from.view, input);
        }
        Block view = from.view;
        long now = HostClock.nowNanos();
        hopLatency[input].record(now - s.pubTimeNanos, now);
        acqLatency[input].record(now - view.acqTimeNanos(), now);
        trackers[input].observe(view.seq(), view.firstSample(), view.sampleCount(), view.flags());
        received.lazySet(input, received.get(input) + 1);
        return view;
    }

    private void releaseCurrent() {
        SharedBlock s = current;
        if (s != null) {
            current = null;
            s.release();
        }
    }

    /**
     * Makes a {@link #poll} that waits now, or the next one that would wait, return null at once:
     * the consumer's thread has something else to do (the runtime stops it). Safe from any thread.
     */
    public void cancelPoll() {
        cancelled = true;
        wake();
    }

    /** A publisher queued a block: wakes the waiting consumer, if any. */
    void wake() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Continuity of input {@code i}. */
    public SeqTracker tracker(int i) {
        return trackers[i];
    }

    /** Blocks received on input {@code i}. */
    public long received(int i) {
        return received.get(i);
    }

    /** Publish-to-receive latency of the hop from input {@code i} into this port. */
    public LatencyHistogram hopLatency(int i) {
        return hopLatency[i];
    }

    /**
     * Acquisition-to-receive latency of the blocks of input {@code i}: the age of the data when it
     * reaches this node, which grows along the pipeline (whereas the hop latency is per hop).
     */
    public LatencyHistogram acquisitionLatency(int i) {
        return acqLatency[i];
    }

    /** Releases the last block and whatever is still queued; later offers to its queues drop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseCurrent();
        for (Inbound x : inbound) {
            x.edge.close();
        }
    }
}
