package org.neurorig.runtime.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.StreamPublisher;

/**
 * A node's output side: one preallocated block and one publisher per port. Marks the first block
 * after a failure as a discontinuity, and enforces the run's duration on regularly sampled ports by
 * cutting the block that crosses it.
 */
final class RunnerEmitter implements Emitter {
    private final Block[] blocks;
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
        blocks = new Block[n];
        publishers = new StreamPublisher[n];
        limits = new long[n];
        discontinuity = new boolean[n];
        ended = new boolean[n];
        dense = new boolean[n];
        for (int i = 0; i < n; i++) {
            StreamSpec s = outputs.get(i);
            dense[i] = s.kind().isDense();
            blocks[i] = Block.forSpec(s);
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
        return blocks.length;
    }

    StreamPublisher publisher(int port) {
        return publishers[port];
    }

    @Override
    public Block block(int port) {
        return blocks[port];
    }

    @Override
    public void emit(int port) throws InterruptedException {
        Block b = blocks[port];
        StreamPublisher p = publishers[port];
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
            p.publish(b);
        } finally {
            listener.published(System.nanoTime() - t0);
        }
        blocksOut++;
        b.clear();
    }

    /** After a failed call: drop half-filled output and flag the next block of every port. */
    void resetAfterFailure() {
        for (int i = 0; i < blocks.length; i++) {
            blocks[i].clear();
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
