package org.neurorig.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.host.BlockStamp;

/**
 * The aligner hands a held input's block over only once the other inputs have reached its last
 * sample, whatever order the blocks arrive in. Each expected order below is written out by hand
 * from that rule.
 */
class InputAlignerTest {
    private final StreamSpec frames = StreamSpec.builder("frames", Kind.MATRIX_F32)
            .channelCount(2)
            .sampleRate(30)
            .blockSamples(1)
            .build();
    private final StreamSpec labels = StreamSpec.builder("labels", Kind.EVENTS)
            .channelCount(1)
            .sampleRate(30)
            .blockSamples(4)
            .build();
    /** What the target saw: "f<first>" for frames (value = first), "e<first>:<n>" for event blocks. */
    private final List<String> seen = new ArrayList<>();

    private final InputAligner aligner = new InputAligner(List.of(frames, labels), 0, (b, out) -> {
        if (b.input() == 0) {
            assertThat(b.f32()[0]).as("held copy keeps the data").isEqualTo(b.firstSample());
            seen.add("f" + b.firstSample());
        } else {
            seen.add("e" + b.firstSample() + ":" + b.sampleCount());
        }
    });

    private Block frame(long f) {
        Block b = Block.forSpec(frames);
        BlockStamp.input(b, 0);
        b.setFirstSample(f);
        b.setSampleCount(1);
        b.f32()[0] = f;
        b.f32()[1] = -f;
        return b;
    }

    private Block events(long first, long... samples) {
        Block b = Block.forSpec(labels);
        BlockStamp.input(b, 1);
        b.setFirstSample(first);
        for (long s : samples) {
            b.addEvent(s, 0, 1, "A");
        }
        return b;
    }

    @Test
    void framesWaitForTheEventStreamToReachThem() throws Exception {
        // frames 0..2 arrive before any event block: all held
        aligner.process(frame(0), null);
        aligner.process(frame(1), null);
        aligner.process(frame(2), null);
        assertThat(seen).isEmpty();
        assertThat(aligner.heldBlocks()).isEqualTo(3);
        // an empty block for frame 0 completes frame 0 only
        aligner.process(events(0), null);
        assertThat(seen).containsExactly("e0:0", "f0");
        // an event at frame 2 in the block of frame 1: frames before 2 complete (frame 2 may get more)
        aligner.process(events(1, 2), null);
        assertThat(seen).containsExactly("e0:0", "f0", "e1:1", "f1");
        aligner.process(events(2), null);
        assertThat(seen).containsExactly("e0:0", "f0", "e1:1", "f1", "e2:0", "f2");
        // events ahead of the frames: the frame passes at once
        aligner.process(events(3, 3), null);
        aligner.process(frame(3), null);
        assertThat(seen).endsWith("e3:1", "f3");
        assertThat(aligner.heldBlocks()).isZero();
        assertThat(aligner.releasedEarly()).isZero();
    }

    @Test
    void endOfTheEventStreamReleasesEverything() throws Exception {
        aligner.process(frame(0), null);
        aligner.process(frame(1), null);
        Block end = events(0);
        end.setFlags(Block.FLAG_END_OF_STREAM);
        aligner.process(end, null);
        aligner.process(frame(2), null);
        assertThat(seen).containsExactly("e0:0", "f0", "f1", "f2");
        assertThat(aligner.progress(1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aStalledEventStreamCostsAtMostCapacityBlocksAndIsCounted() throws Exception {
        int capacity = aligner.capacity();
        for (int f = 0; f < capacity + 3; f++) {
            aligner.process(frame(f), null);
        }
        assertThat(aligner.releasedEarly()).isEqualTo(3);
        assertThat(seen).containsExactly("f0", "f1", "f2");
        assertThat(aligner.heldBlocks()).isEqualTo(capacity);
    }

    @Test
    void notWaitingForAnInputPassesFramesThrough() throws Exception {
        aligner.process(frame(0), null);
        aligner.stopWaitingFor(1);
        aligner.process(frame(1), null);
        assertThat(seen).containsExactly("f0", "f1");
    }

    @Test
    void denseWaitedInputsCompleteUpToTheirLastRow() throws Exception {
        StreamSpec behaviour = StreamSpec.builder("beh", Kind.MATRIX_F32)
                .channelCount(1)
                .sampleRate(30)
                .blockSamples(3)
                .build();
        InputAligner a = new InputAligner(
                List.of(frames, behaviour), 0, (b, out) -> seen.add(b.input() + "@" + b.firstSample()));
        a.process(frame(2), null);
        a.process(frame(3), null);
        Block rows = Block.forSpec(behaviour);
        BlockStamp.input(rows, 1);
        rows.setFirstSample(0);
        rows.setSampleCount(3); // rows 0..2
        a.process(rows, null);
        assertThat(seen).containsExactly("1@0", "0@2");
        assertThat(a.progress(1)).isEqualTo(3);
    }
}
