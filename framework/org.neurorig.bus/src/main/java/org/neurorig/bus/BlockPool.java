package org.neurorig.bus;

import java.util.Arrays;
import java.util.logging.Logger;
import org.neurorig.api.Block;
import org.neurorig.api.StreamSpec;

/**
 * The blocks one publisher fills: taken in turn, reused when every consumer released them. It
 * grows when none is free (at start, and while consumer queues fill up), so that memory follows
 * the queues actually used rather than their bound; in steady state it allocates nothing. Used by
 * the publishing thread only; consumers touch a block's holder count, nothing else.
 */
final class BlockPool {
    private static final Logger LOG = Logger.getLogger(BlockPool.class.getName());

    private final StreamSpec spec;
    private SharedBlock[] blocks = new SharedBlock[0];
    private int size;
    private int next;
    private long grown;
    private int warnedAt = Integer.MAX_VALUE;

    BlockPool(StreamSpec spec, int initial) {
        this.spec = spec;
        for (int i = 0; i < initial; i++) {
            add();
        }
        grown = 0;
    }

    /**
     * A free block, cleared, held once (by the caller). Looks from the one after the last taken,
     * since consumers release in publishing order, so the first look usually succeeds.
     *
     * @param bound blocks the consumers may hold at most (their queues plus one each, plus the
     *              caller's): beyond it the pool still grows, but says so once, as a leak
     */
    SharedBlock take(int bound) {
        for (int k = 0; k < size; k++) {
            int i = next + k < size ? next + k : next + k - size;
            SharedBlock s = blocks[i];
            if (s.free()) {
                next = i + 1 == size ? 0 : i + 1;
                s.take();
                s.block.clear();
                return s;
            }
        }
        SharedBlock s = add();
        grown++;
        if (size > bound && size < warnedAt) {
            warnedAt = size;
            LOG.warning(spec.name() + ": " + size + " blocks in use, more than its consumers' queues hold (" + bound
                    + "); a consumer keeps blocks it was handed");
        }
        next = 0;
        s.take();
        return s;
    }

    private SharedBlock add() {
        if (size == blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(4, size * 2));
        }
        SharedBlock s = new SharedBlock(Block.forSpec(spec), size);
        blocks[size++] = s;
        return s;
    }

    /** Blocks in the pool. */
    int size() {
        return size;
    }

    /** Blocks added after the initial ones (each an allocation). */
    long grown() {
        return grown;
    }
}
