package org.neurorig.bus;

import org.neurorig.api.Block;

/**
 * Continuity check of one stream as seen by one consumer (docs/WIRE.md, "gaps"). Feed it every
 * block in arrival order. Single writer; the counters may be read from any thread.
 *
 * <p>Sequence numbers reveal blocks lost in transit. Sample numbers reveal what the producer
 * itself skipped: a jump of {@code firstSample} is intentional when the block carries
 * {@link Block#FLAG_DISCONTINUITY} and a sample gap otherwise. A jump that coincides with missing
 * blocks is explained by them and not counted again. Item streams (events, spikes) have no
 * sample continuity: track them with {@code new SeqTracker(false)}.
 */
public final class SeqTracker {
    private final boolean checkSamples;
    private boolean started;
    private boolean ended;
    private long lastSeq;
    private long nextSample;
    private volatile long blocks;
    private volatile long samples;
    private volatile long missingBlocks;
    private volatile long sampleGaps;
    private volatile long discontinuities;
    private volatile long outOfOrder;

    /** A tracker that checks sequence and sample continuity (dense streams). */
    public SeqTracker() {
        this(true);
    }

    /**
     * @param checkSamples false for item streams (events, spikes), whose {@code firstSample} and
     *                     {@code sampleCount} do not tile the time axis
     */
    public SeqTracker(boolean checkSamples) {
        this.checkSamples = checkSamples;
    }

    /**
     * Records a block.
     *
     * @return how many blocks are missing right before this one (0 = continuous, also for the first
     *         block, a duplicate or a block arriving out of order)
     */
    public long observe(long seq, long firstSample, int sampleCount, int flags) {
        blocks++;
        samples += sampleCount;
        if ((flags & Block.FLAG_DISCONTINUITY) != 0) {
            discontinuities++;
        }
        if (started && !ended && seq <= lastSeq) {
            outOfOrder++;
            return 0;
        }
        // The first block, and the first after END_OF_STREAM (a restarted producer), set the baseline.
        long missing = started && !ended ? seq - lastSeq - 1 : 0;
        if (missing > 0) {
            missingBlocks += missing;
        } else if (started
                && !ended
                && checkSamples
                && firstSample != nextSample
                && (flags & Block.FLAG_DISCONTINUITY) == 0) {
            sampleGaps++;
        }
        started = true;
        ended = (flags & Block.FLAG_END_OF_STREAM) != 0;
        lastSeq = seq;
        nextSample = firstSample + sampleCount;
        return missing;
    }

    /** Blocks observed, including duplicates and late ones. */
    public long blocks() {
        return blocks;
    }

    /** Samples (or items) observed. */
    public long samples() {
        return samples;
    }

    /** Sequence numbers skipped: blocks lost between producer and this consumer. */
    public long missingBlocks() {
        return missingBlocks;
    }

    /** {@code firstSample} jumps not flagged as discontinuities and not explained by missing blocks. */
    public long sampleGaps() {
        return sampleGaps;
    }

    /** Blocks flagged {@link Block#FLAG_DISCONTINUITY}: intentional jumps (device reconnect, seek). */
    public long discontinuities() {
        return discontinuities;
    }

    /** Blocks whose sequence number did not increase (duplicates, reordering). */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** Forgets everything: the next block starts a new baseline. */
    public void reset() {
        started = false;
        ended = false;
        lastSeq = 0;
        nextSample = 0;
        blocks = 0;
        samples = 0;
        missingBlocks = 0;
        sampleGaps = 0;
        discontinuities = 0;
        outOfOrder = 0;
    }

    @Override
    public String toString() {
        return "SeqTracker[blocks=" + blocks + " samples=" + samples + " missing=" + missingBlocks + " sampleGaps="
                + sampleGaps + " discontinuities=" + discontinuities + " outOfOrder=" + outOfOrder + "]";
    }
}
