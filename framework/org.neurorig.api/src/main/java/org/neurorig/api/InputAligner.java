package org.neurorig.api;

import java.util.List;

/**
 * Hands a multi-input node its blocks in order of sample time instead of arrival. The runtime
 * delivers each input's blocks in order but interleaves the inputs as they arrive, so a node
 * that reads one input (frames, bins) in the light of others (condition events, behaviour)
 * would see an event at frame k before or after frame k depending on thread timing.
 *
 * <p>One input is <em>held</em>: its block covering samples {@code [first, first + n)} reaches the
 * target only once every <em>waited</em> input is complete up to {@code first + n} (see
 * {@link #progress(int)}); until then the aligner keeps a copy. Blocks of the other inputs pass
 * through at once, so the target must only queue what they carry (by sample number) and act on
 * it when a held block comes. Inputs are on one sample clock (the same {@code firstSample}
 * numbering), as multi-input nodes already require.
 *
 * <p>Progress of an input: a dense block completes it up to {@code firstSample + sampleCount}; an
 * item block (events, spikes) with first sample F completes every item up to F and every item
 * before its last one ({@code docs/WIRE.md} §4: producers send a block, empty if need be, for
 * each span they have finished); {@code END_OF_STREAM} completes it for good. A waited input that
 * makes no progress would hold the node forever: when more than {@link #capacity()} blocks are
 * held, the oldest goes to the target unaligned and is counted ({@link #releasedEarly()}).
 *
 * <p>Not thread-safe: call it from the node's {@code process} only. Copies are allocated once per
 * slot on first use, never per block.
 */
public final class InputAligner {
    /** What the aligner hands blocks to, usually a method of the node kept in a field. */
    @FunctionalInterface
    public interface Target {
        void process(Block in, Emitter out) throws Exception;
    }

    /** Bytes of held copies the aligner may keep (at least {@link #MIN_CAPACITY} blocks whatever their size). */
    static final long HOLD_BYTES = 64L << 20;

    static final int MIN_CAPACITY = 4;
    static final int MAX_CAPACITY = 4096;

    private final int held;
    private final StreamSpec heldSpec;
    private final Target target;
    private final boolean[] waited;
    private final long[] progress;
    private final Block[] ring;
    private int head;
    private int count;
    private long releasedEarly;

    /**
     * @param inputs the node's inputs as given to {@code prepare}
     * @param held   the index of the input whose blocks wait for all the other inputs
     * @param target receives every block, in aligned order
     */
    public InputAligner(List<StreamSpec> inputs, int held, Target target) {
        if (held < 0 || held >= inputs.size()) {
            throw new IllegalArgumentException("held input " + held + " outside 0.." + (inputs.size() - 1));
        }
        this.held = held;
        this.heldSpec = inputs.get(held);
        this.target = target;
        this.waited = new boolean[inputs.size()];
        this.progress = new long[inputs.size()];
        for (int i = 0; i < waited.length; i++) {
            waited[i] = i != held;
            progress[i] = Long.MIN_VALUE;
        }
        long bytes = Math.max(1, (long) heldSpec.blockSamples() * Math.max(1, heldSpec.channelCount()) * 4);
        this.ring = new Block[(int) Math.max(MIN_CAPACITY, Math.min(MAX_CAPACITY, HOLD_BYTES / bytes))];
    }

    /** Most blocks of the held input kept at once. */
    public int capacity() {
        return ring.length;
    }

    /** Blocks handed over unaligned because a waited input made no progress for {@link #capacity()} blocks. */
    public long releasedEarly() {
        return releasedEarly;
    }

    /** Blocks of the held input waiting now. */
    public int heldBlocks() {
        return count;
    }

    /**
     * Samples of input {@code input} before this one have all arrived ({@link Long#MAX_VALUE} once
     * it ended, {@link Long#MIN_VALUE} before its first block).
     */
    public long progress(int input) {
        return progress[input];
    }

    /**
     * Stops holding blocks for input {@code input} (e.g. a decoder's behaviour once calibration
     * is over); the blocks this frees are handed over when the current {@link #process} call
     * ends, after the block being processed (called from the target).
     */
    public void stopWaitingFor(int input) {
        waited[input] = false;
    }

    /** Takes one block from {@code process}; hands it and any blocks it unblocks to the target. */
    public void process(Block in, Emitter out) throws Exception {
        int input = in.input();
        if (input != held) {
            advance(input, in);
            target.process(in, out);
            drain(out);
            return;
        }
        if (count == 0 && ready(in)) {
            target.process(in, out);
            drain(out);
            return;
        }
        if (count == ring.length) {
            releasedEarly++;
            releaseHead(out);
        }
        int slot = (head + count) % ring.length;
        if (ring[slot] == null) {
            ring[slot] = Block.forSpec(heldSpec);
        }
        ring[slot].copyFrom(in);
        count++;
        drain(out);
    }

    private void advance(int input, Block in) {
        long p;
        if ((in.flags() & Block.FLAG_END_OF_STREAM) != 0) {
            p = Long.MAX_VALUE;
        } else if (in.kind().isItems()) {
            int n = in.sampleCount();
            p = Math.max(in.firstSample() + 1, n > 0 ? in.itemSample()[n - 1] : Long.MIN_VALUE);
        } else {
            p = in.firstSample() + in.sampleCount();
        }
        // a flagged jump may go backwards (a device restarting its count); else progress only grows
        progress[input] = (in.flags() & Block.FLAG_DISCONTINUITY) != 0 ? p : Math.max(progress[input], p);
    }

    private boolean ready(Block b) {
        long end = b.firstSample() + b.sampleCount();
        for (int i = 0; i < waited.length; i++) {
            if (waited[i] && progress[i] < end) {
                return false;
            }
        }
        return true;
    }

    private void drain(Emitter out) throws Exception {
        while (count > 0 && ready(ring[head])) {
            releaseHead(out);
        }
    }

    private void releaseHead(Emitter out) throws Exception {
        Block b = ring[head];
        head = (head + 1) % ring.length;
        count--;
        target.process(b, out);
    }
}
