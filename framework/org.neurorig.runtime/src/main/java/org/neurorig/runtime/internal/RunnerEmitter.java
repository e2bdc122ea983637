package org.neurorig.runtime.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.StreamPublisher;

/**
 * A node's output side: one publisher per port, whose pool gives the block to fill. Marks the first block
 * after a failure as a discontinuity, and enforces the run's duration on regularly sampled ports by
 * cutting the block that crosses it.
 */
final class RunnerEmitter implements Emitter {
    private final StreamPublisher[] publishers;
    private final long[] limits;
    private final boolean[] discontinuity;
    private final boolean[] ended;
    private final boolean[] dense;
    private volatile long blocksOut;
    private PublishListener listener = new PublishListener() {};

    /** Told around each publish, which may wait for a full lossless queue downstream. */
    interface PublishListener {
        default void publishing() {}

        default void published(long nanos) {}
    }

    /**
     * @param durationSeconds 0 for no limit
     */
    RunnerEmitter(List<StreamSpec> outputs, double durationSeconds) {
        int n = outputs.size();
        publishers = new StreamPublisher[n];
        limits = new long[n];
        discontinuity = new boolean[n];
        ended = new boolean[n];
        dense = new boolean[n];
        for (int i = 0; i < n; i++) {
            StreamSpec s = outputs.get(i);
            dense[i] = s.kind().isDense();
            limits[i] = durationSeconds > 0 && s.sampleRate() > 0 && s.kind().isDense()
                    ? Math.round(durationSeconds * s.sampleRate())
                    : Long.MAX_VALUE;
        }
    }

    /**
     * Lets the runner leave time spent publishing (waiting on downstream back-pressure) out of the
     * node's own call time, its budget and the hang watchdog.
     */
    void onPublish(PublishListener l) {
        this.listener = l;
    }

    void attach(int port, StreamPublisher p) {
        publishers[port] = p;
    }

    int ports() {
        return publishers.length;
    }

    StreamPublisher publisher(int port) {
        return publishers[port];
    }

    /** A new block after each {@link #emit}: the emitted one belongs to its consumers now. */
    @Override
    public Block block(int port) {
        return publishers[port].block();
    }

    @Override
    public void emit(int port) throws InterruptedException {
        StreamPublisher p = publishers[port];
        Block b = p.block();
        long left = limits[port] - p.samples();
        if (left <= 0) {
            b.clear();
            return; // past the run's duration
        }
        if (b.sampleCount() > left) {
            b.setSampleCount((int) left);
        }
        if (discontinuity[port]) {
            b.setFlags(b.flags() | Block.FLAG_DISCONTINUITY);
            discontinuity[port] = false;
        }
        if ((b.flags() & Block.FLAG_END_OF_STREAM) != 0) {
            ended[port] = true;
        }
        listener.publishing();
        long t0 = System.nanoTime();
        try {
            p.publish();
        } finally {
            listener.published(System.nanoTime() - t0);
        }
        blocksOut++;
    }

    /** After a failed call: drop half-filled output and flag the next block of every port. */
    void resetAfterFailure() {
        for (int i = 0; i < publishers.length; i++) {
            if (publishers[i] != null) {
                publishers[i].block().clear();
            }
            discontinuity[i] = true;
        }
    }

    /** True when every duration-limited port has published its whole duration. */
    boolean limitsReached() {
        boolean any = false;
        for (int i = 0; i < limits.length; i++) {
            if (limits[i] != Long.MAX_VALUE) {
                any = true;
                if (publishers[i].samples() < limits[i]) {
                    return false;
                }
            }
        }
        return any;
    }

    /**
     * True when the producer said it is done: every regularly sampled port (or, without any, every
     * port) has emitted a block flagged {@code FLAG_END_OF_STREAM} (a file played to its end).
     */
    boolean allEnded() {
        boolean anyDense = false;
        for (boolean d : dense) {
            anyDense |= d;
        }
        for (int i = 0; i < ended.length; i++) {
            if ((dense[i] || !anyDense) && !ended[i]) {
                return false;
            }
        }
        return ended.length > 0;
    }

    long blocksOut() {
        return blocksOut;
    }

    void close() {
        for (StreamPublisher p : publishers) {
            if (p != null) {
                p.close();
            }
        }
    }
}
