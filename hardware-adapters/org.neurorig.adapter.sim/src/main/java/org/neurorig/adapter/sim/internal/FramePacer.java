package org.neurorig.adapter.sim.internal;

import java.util.concurrent.locks.LockSupport;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.HostClock;

/**
 * The clock and read loop of a simulator: it emits blocks of up to {@code blockSamples} samples
 * (one frame or bin per block for the imaging and behaviour simulators) until {@code limit}. In
 * realtime pace a block is emitted once its last sample has been acquired, i.e. once
 * {@code (first + count) / rate} has passed on the host clock since {@link #start}; in fast pace
 * every block is due at once. Sample n is stamped with the host time {@code start + n / rate}, so
 * {@code acqTimeNanos} is the same whatever the pace.
 */
final class FramePacer {
    /** A realtime read() waits for a block due this soon instead of returning 0, for a punctual block. */
    static final long MAX_WAIT_NANOS = 2_000_000;

    /** Fills and emits the blocks of every port for samples {@code first .. first + count - 1}. */
    @FunctionalInterface
    interface BlockWriter {
        void write(Emitter out, long first, int count, boolean last) throws InterruptedException;
    }

    private final double rate;
    private final boolean realtime;
    private final int blockSamples;
    private final long limit;
    private final int maxBlocksPerRead;
    private boolean started;
    private long startNanoTime;
    private long startEpochNanos;
    private long next;

    /**
     * @param limit            samples to emit in all ({@link Long#MAX_VALUE}: unlimited)
     * @param maxBlocksPerRead most blocks one read emits, so the runtime's loop stays responsive
     */
    FramePacer(double rate, boolean realtime, int blockSamples, long limit, int maxBlocksPerRead) {
        this.rate = rate;
        this.realtime = realtime;
        this.blockSamples = blockSamples;
        this.limit = limit;
        this.maxBlocksPerRead = maxBlocksPerRead;
    }

    /** Sample 0 is acquired now; without a call, the first {@link #read} starts the clock. */
    void start() {
        startEpochNanos = HostClock.nowNanos();
        startNanoTime = System.nanoTime();
        started = true;
    }

    /** Emits the blocks that are due through {@code writer}; returns the samples emitted. */
    int read(Emitter out, BlockWriter writer) throws InterruptedException {
        if (!started) {
            start();
        }
        int produced = 0;
        for (int b = 0; b < maxBlocksPerRead && next < limit; b++) {
            int count = (int) Math.min(blockSamples, limit - next);
            if (!due(next + count, b == 0)) {
                break;
            }
            writer.write(out, next, count, next + count == limit);
            next += count;
            produced += count;
        }
        return produced;
    }

    /** Samples emitted so far. */
    long next() {
        return next;
    }

    /** Host time (ns since the Unix epoch) at which sample {@code n} was acquired. */
    long acqTimeNanos(long n) {
        return acqTimeNanos(n, rate);
    }

    /** The same for sample {@code n} of a stream at another rate that started with this one. */
    long acqTimeNanos(long n, double streamRate) {
        return startEpochNanos + Math.round(n * 1e9 / streamRate);
    }

    /**
     * Whether the samples before {@code end} have all been acquired. When {@code mayWait} and that
     * happens within {@link #MAX_WAIT_NANOS}, parks until it does rather than answer false.
     */
    private boolean due(long end, boolean mayWait) throws InterruptedException {
        if (!realtime) {
            return true;
        }
        long dueAt = startNanoTime + (long) (end * 1e9 / rate);
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
