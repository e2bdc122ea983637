package org.neurorig.bus;

import java.util.concurrent.atomic.AtomicInteger;
import org.neurorig.api.Block;

/**
 * A pooled block and how many holders it has: the publisher while it fills the block, then every
 * consumer queue it was handed to. Its storage is reused only when the count is back to zero, that
 * is when the last consumer released it, so a slow consumer never sees its data overwritten.
 */
final class SharedBlock {
    final Block block;
    /** Its index in the publisher's pool. */
    final int slot;

    private final AtomicInteger holders = new AtomicInteger();
    /** Host clock when it was published (for the hop latency); written before it is handed over. */
    long pubTimeNanos;

    SharedBlock(Block block, int slot) {
        this.block = block;
        this.slot = slot;
    }

    /** True when nobody holds it: the publisher may fill it again. */
    boolean free() {
        return holders.get() == 0;
    }

    /** Taken by the publisher to fill (only when {@link #free}). */
    void take() {
        holders.set(1);
    }

    /** Adds holders before it is handed to queues (so no early release can free it meanwhile). */
    void hold(int more) {
        holders.addAndGet(more);
    }

    /** One holder is done with it; the last release makes it free for the publisher. */
    void release() {
        if (holders.decrementAndGet() < 0) {
            throw new IllegalStateException("released more often than held: " + block);
        }
    }
}
