package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;

class SeqTrackerTest {
    @Test
    void continuousStreamHasNoGaps() {
        SeqTracker t = new SeqTracker();
        for (int i = 0; i < 100; i++) {
            assertThat(t.observe(50 + i, 1000 + 30L * i, 30, 0)).isZero();
        }
        assertThat(t.blocks()).isEqualTo(100);
        assertThat(t.samples()).isEqualTo(3000);
        assertThat(t.missingBlocks() + t.sampleGaps() + t.discontinuities() + t.outOfOrder())
                .isZero();
    }

    @Test
    void missingBlocksAreCountedOnceAndNotAsSampleGaps() {
        SeqTracker t = new SeqTracker();
        t.observe(0, 0, 10, 0);
        t.observe(1, 10, 10, 0);
        assertThat(t.observe(4, 40, 10, 0)).isEqualTo(2);
        t.observe(5, 50, 10, 0);
        assertThat(t.missingBlocks()).isEqualTo(2);
        assertThat(t.sampleGaps()).isZero();
        assertThat(t.blocks()).isEqualTo(4);
    }

    @Test
    void flaggedDiscontinuityIsIntentional() {
        SeqTracker t = new SeqTracker();
        t.observe(0, 0, 10, 0);
        assertThat(t.observe(1, 5000, 10, Block.FLAG_DISCONTINUITY)).isZero();
        t.observe(2, 5010, 10, 0);
        assertThat(t.discontinuities()).isEqualTo(1);
        assertThat(t.sampleGaps()).isZero();
        assertThat(t.missingBlocks()).isZero();
    }

    @Test
    void unflaggedSampleJumpIsASampleGap() {
        SeqTracker t = new SeqTracker();
        t.observe(0, 0, 10, 0);
        t.observe(1, 11, 10, 0); // one sample lost by the producer
        t.observe(2, 20, 10, 0); // overlap: also a gap
        t.observe(3, 30, 10, 0);
        assertThat(t.sampleGaps()).isEqualTo(2);
        assertThat(t.missingBlocks()).isZero();
    }

    @Test
    void reorderedAndDuplicateBlocksAreCountedWithoutFakeGaps() {
        SeqTracker t = new SeqTracker();
        t.observe(0, 0, 10, 0);
        assertThat(t.observe(2, 20, 10, 0)).isEqualTo(1);
        assertThat(t.observe(1, 10, 10, 0)).isZero(); // late
        assertThat(t.observe(2, 20, 10, 0)).isZero(); // duplicate
        assertThat(t.observe(3, 30, 10, 0)).isZero();
        assertThat(t.outOfOrder()).isEqualTo(2);
        assertThat(t.missingBlocks()).isEqualTo(1);
        assertThat(t.sampleGaps()).isZero();
        assertThat(t.blocks()).isEqualTo(5);
    }

    @Test
    void endOfStreamLetsAProducerRestartAtZero() {
        SeqTracker t = new SeqTracker();
        t.observe(0, 0, 10, 0);
        t.observe(1, 10, 0, Block.FLAG_END_OF_STREAM);
        assertThat(t.observe(0, 0, 10, 0)).isZero();
        t.observe(1, 10, 10, 0);
        assertThat(t.outOfOrder() + t.missingBlocks() + t.sampleGaps()).isZero();
    }

    @Test
    void itemStreamsCheckOnlySequence() {
        SeqTracker t = new SeqTracker(false);
        t.observe(0, 100, 3, 0);
        t.observe(1, 7000, 1, 0);
        assertThat(t.sampleGaps()).isZero();
        t.reset();
        assertThat(t.blocks()).isZero();
        assertThat(t.observe(9, 0, 1, 0)).isZero();
    }
}
