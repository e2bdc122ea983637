package org.neurorig.adapter.sim.internal;

import java.util.concurrent.locks.LockSupport;

import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.HostClock;

/**
 * The clock of a simulator that emits one frame (an imaging frame, a spike-count bin) per block:
 * in realtime pace frame n is emitted once its end, (n + 1) / rate after {@link #start}, has passed
 * on the host clock; in fast pace every frame is due at once. Frame n is stamped with the host
 * time of its start, so {@code acqTimeNanos} advances by exactly n / rate whatever the pace.
 */
final class FramePacer {
    /** A realtime read() waits for a frame due this soon instead of returning 0, for a punctual block. */
    static final long MAX_WAIT_NANOS = 2_000_000;

    private final double rate;
    private final boolean realtime;
    private long startNanoTime;
    private long startEpochNanos;

    FramePacer(double rate, boolean realtime) {
        this.rate = rate;
        this.realtime = realtime;
    }

    /** Frame 0 starts now. */
    void start() {
        startEpochNanos = HostClock.nowNanos();
        startNanoTime = System.nanoTime();
    }

    /** Host time (ns since the Unix epoch) at which frame {@code n} began. */
    long acqTimeNanos(long n) {
        return startEpochNanos + Math.round(n * 1e9 / rate);
    }

    /**
     * Whether frame {@code n} may be emitted now. When {@code mayWait} and the frame falls due within
     * {@link #MAX_WAIT_NANOS}, parks until it does rather than answer false.
     */
    boolean due(long n, boolean mayWait) throws InterruptedException {
        if (!realtime) {
            return true;
        }
        long dueAt = startNanoTime + (long) ((n + 1) * 1e9 / rate);
        long wait = dueAt - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        if (!mayWait || wait > MAX_WAIT_NANOS) {
            return false;
        }
        while ((wait = dueAt - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    /** Emits {@code port}'s block, flagged END_OF_STREAM when it is the simulation's last. */
    static void emit(Emitter out, int port, boolean last) throws InterruptedException {
        if (last) {
            Block blk = out.block(port);
            blk.setFlags(blk.flags() | Block.FLAG_END_OF_STREAM);
        }
        out.emit(port);
    }
}
