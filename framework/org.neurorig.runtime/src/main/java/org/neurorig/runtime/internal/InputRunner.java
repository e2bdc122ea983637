package org.neurorig.runtime.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.Edge;
import org.neurorig.bus.InputPort;
import org.neurorig.config.NodeSpec;

/**
 * A runner fed by an input queue: one call to the node per received block, and the count of what
 * was sent to it against what it received (drained, or lost at stop).
 */
abstract class InputRunner<T> extends NodeRunner<T> {
    /** Hands the block in {@link #current} to the instance; no lambda per block on the hot path. */
    private final NodeSlot.Use<T> callWithBlock = this::callWithBlock;

    private volatile InputPort port;
    /** Blocks sent to input i that the node never received, because it was abandoned at stop. */
    private volatile long[] lostAtStop;
    /** The block being handed to the node; only the runner's thread touches it. */
    private Block current;

    InputRunner(NodeSpec spec, RunContext run, Class<T> type) {
        super(spec, run, type);
    }

    /** Hands one block to the instance (process or accept). */
    abstract void call(T instance, Block in) throws Exception;

    @Override
    final boolean step() throws InterruptedException {
        Block in = port.poll();
        if (in == null) {
            return true;
        }
        countIn();
        current = in;
        try {
            serve(System.nanoTime() + FOREVER_NANOS, callWithBlock);
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable t) {
            callFailed(t);
        } finally {
            current = null;
        }
        return true;
    }

    private void callWithBlock(T instance) throws Exception {
        health().callStarted();
        call(instance, current);
        health().callSucceeded();
    }

    @Override
    void bindInput() {
        InputPort p = new InputPort(spec.name(), inputs(), 100);
        List<StreamSpec> in = inputs();
        for (int i = 0; i < in.size(); i++) {
            for (Edge e : run.edgesInto(spec.name(), in.get(i).name())) {
                p.attach(e, i);
            }
        }
        port = p;
    }

    @Override
    void closeInput() {
        InputPort p = port;
        if (p != null) {
            p.close();
        }
    }

    @Override
    InputPort port() {
        return port;
    }

    @Override
    boolean drained() {
        InputPort p = port;
        if (p == null) {
            return true;
        }
        for (int i = 0; i < inputs().size(); i++) {
            if (p.received(i) < sent(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    long countLostAtStop() {
        InputPort p = port;
        if (p == null) {
            return 0;
        }
        long[] lost = new long[inputs().size()];
        long total = 0;
        for (int i = 0; i < lost.length; i++) {
            lost[i] = Math.max(0, sent(i) - p.received(i));
            total += lost[i];
        }
        lostAtStop = lost;
        return total;
    }

    @Override
    long lostAtStop(int i) {
        long[] lost = lostAtStop;
        return lost == null || i < 0 || i >= lost.length ? 0 : lost[i];
    }

    private long sent(int input) {
        long sent = 0;
        for (Edge e : run.edgesInto(spec.name(), inputs().get(input).name())) {
            sent += e.sent();
        }
        return sent;
    }
}
