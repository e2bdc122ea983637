package org.neurorig.bus;

import java.util.Arrays;
import java.util.logging.Logger;
import org.neurorig.api.Block;
import org.neurorig.api.StreamSpec;

/**
 * The blocks one publisher fills: taken in turn, reused when every consumer released them. It
 * grows when none is free (at start, and while consumer queues fill up) and shrinks again once
 * fewer have been in use for a while, so that memory follows the queues actually used rather than
 * their bound, and a backlog at start (cold JIT) does not leave hundreds of megabytes of blocks
 * for the garbage collector to trace for the rest of the run. In steady state it allocates
 * nothing. Used by the publishing thread only; consumers touch a block's holder count, nothing else.
 */
final class BlockPool {
    private static final Logger LOG = Logger.getLogger(BlockPool.class.getName());

    private final StreamSpec spec;
    private SharedBlock[] blocks = new SharedBlock[0];
    private int size;
    private int warnedAt = Integer.MAX_VALUE;
    /** Takes since the last trim. */
    private int sinceTrim;
    /** How far into the pool takes reached in the current and the previous period: the working set. */
    private int reachNow;

    private int reachBefore;

    /** A trim every this many takes (8 s of 1 ms blocks); it keeps the reach of two periods, plus slack. */
    static final int TRIM_TAKES = 8192;

    static final int SLACK = 8;

    BlockPool(StreamSpec spec, int initial) {
        this.spec = spec;
        for (int i = 0; i < initial; i++) {
            add();
        }
    }

    /**
     * A free block, cleared, held once (by the caller). Looks from the start of the pool, so that
     * blocks at its end fall free when fewer are in use and can be dropped ({@link #trim}); in
     * steady state the first few are in use at most, so the look is short.
     *
     * @param bound blocks the consumers may hold at most (their queues plus one each, plus the
     *              caller's): beyond it the pool still grows, but says so once, as a leak
     */
    SharedBlock take(int bound) {
        if (++sinceTrim >= TRIM_TAKES) {
            trim();
        }
        for (int i = 0; i < size; i++) {
            SharedBlock s = blocks[i];
            if (s.free()) {
                reachNow = Math.max(reachNow, i + 1);
                s.take();
                s.block.clear();
                return s;
            }
        }
        SharedBlock s = add();
        reachNow = size;
        if (size > bound && size < warnedAt) {
            warnedAt = size;
            LOG.warning(spec.name() + ": " + size + " blocks in use, more than its consumers' queues hold (" + bound
                    + "); a consumer keeps blocks it was handed");
        }
        s.take();
        return s;
    }

    /**
     * Drops free blocks from the end of the pool beyond the reach of the last two periods (plus
     * slack): takes look from the start, so blocks past the reach were not needed for that long.
     */
    private void trim() {
        sinceTrim = 0;
        int keep = Math.max(reachNow, reachBefore) + SLACK;
        while (size > keep && blocks[size - 1].free()) {
            blocks[--size] = null;
        }
        reachBefore = reachNow;
        reachNow = 0;
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
}
