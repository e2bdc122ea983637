package org.neurorig.plugin.spikes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/** Hot-swap state of spikes.threshold and spikes.bin, and END_OF_STREAM through spikes.bin. */
class SpikeNodeStateTest {
    static final int CH = 4;
    static final StreamSpec RAW = StreamSpec.builder("in", Kind.CONTINUOUS_F32)
            .channelCount(CH)
            .sampleRate(30000)
            .blockSamples(500)
            .build();

    /** Noise with spikes of −120 µV every ~700 samples per channel. */
    static float[] signal(int samples) {
        Random r = new Random(3);
        float[] x = new float[samples * CH];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (10 * r.nextGaussian());
        }
        for (int c = 0; c < CH; c++) {
            for (int t = 100 + 37 * c; t < samples - 5; t += 600 + r.nextInt(200)) {
                x[t * CH + c] -= 120;
                x[(t + 1) * CH + c] -= 80;
                x[(t + 2) * CH + c] -= 30;
            }
        }
        return x;
    }

    static ThresholdDetector detector() {
        return new ThresholdDetector(TestConfig.of(
                ThresholdDetectorConfig.class,
                "k",
                4.5,
                "noiseWindowS",
                0.1,
                "noiseRefreshS",
                0.2,
                "waveforms",
                true,
                "alignToPeak",
                true));
    }

    static List<long[]> spikes(List<Block> blocks) {
        List<long[]> out = new ArrayList<>();
        for (Block b : blocks) {
            for (int i = 0; i < b.sampleCount(); i++) {
                out.add(new long[] {
                    b.itemSample()[i], b.itemChannel()[i], Float.floatToIntBits(b.f32()[i * b.waveformLength()])
                });
            }
        }
        return out;
    }

    @Test
    void detectorSwappedMidStreamEmitsExactlyTheSpikesOfAnUninterruptedRun() {
        int n = 30000;
        List<Block> blocks = Blocks.split(RAW, signal(n), Blocks.randomSizes(n, 1, 500, 4));
        blocks.get(blocks.size() - 1).setFlags(Block.FLAG_END_OF_STREAM);
        int half = blocks.size() / 2;
        ProcessorRun whole = Harness.processor(detector(), RAW).feedAll(blocks);
        List<long[]> expected = spikes(whole.out().emitted(0));
        assertThat(expected.size()).isGreaterThan(100);

        ThresholdDetector a = detector();
        ProcessorRun first = Harness.processor(a, RAW).feedAll(blocks.subList(0, half));
        ThresholdDetector b = detector();
        ProcessorRun second = Harness.processor(b, RAW);
        b.restore(a.snapshot());
        second.feedAll(blocks.subList(half, blocks.size()));
        List<long[]> joined = spikes(first.out().emitted(0));
        joined.addAll(spikes(second.out().emitted(0)));
        assertThat(joined).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(expected);
        // the restored detector did not re-emit the empty start block: horizons continue
        assertThat(second.out().emitted(0).get(0).firstSample())
                .isGreaterThan(blocks.get(half).firstSample() - 100);
        assertThat(b.spikeCount()).isEqualTo(expected.size());
        // without the restore the second half differs (no noise estimate yet, pending spikes lost)
        ProcessorRun cold = Harness.processor(detector(), RAW).feedAll(blocks.subList(half, blocks.size()));
        assertThat(spikes(first.out().emitted(0)).size()
                        + spikes(cold.out().emitted(0)).size())
                .isLessThan(expected.size());

        ThresholdDetector other = new ThresholdDetector(TestConfig.of(ThresholdDetectorConfig.class));
        Harness.processor(other, RAW);
        assertThatThrownBy(() -> other.restore(a.snapshot()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit this node");
    }

    @Test
    void aSnapshotOfTheVersionBeforeTheSpreadNoiseEstimateIsRestored() {
        int n = 30000;
        List<Block> blocks = Blocks.split(RAW, signal(n), Blocks.randomSizes(n, 1, 500, 4));
        int half = blocks.size() / 2;
        ThresholdDetector a = detector();
        ProcessorRun first = Harness.processor(a, RAW).feedAll(blocks.subList(0, half));
        // Version 1 is version 2 without the sweep's int and long after the three longs of the header.
        byte[] v2 = a.snapshot();
        int at = 4 * 4 + 1 + 3 * 8;
        byte[] v1 = new byte[v2.length - 12];
        System.arraycopy(v2, 0, v1, 0, at);
        System.arraycopy(v2, at + 12, v1, at, v2.length - at - 12);
        java.nio.ByteBuffer.wrap(v1).putInt(0, 1);
        ThresholdDetector b = detector();
        ProcessorRun second = Harness.processor(b, RAW);
        b.restore(v1); // an in-place update from the bundle before: the state carries over
        second.feedAll(blocks.subList(half, blocks.size()));
        ThresholdDetector c = detector();
        ProcessorRun third = Harness.processor(c, RAW);
        c.restore(v2);
        third.feedAll(blocks.subList(half, blocks.size()));
        assertThat(spikes(second.out().emitted(0)))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(spikes(third.out().emitted(0)));
        assertThat(b.spikeCount())
                .isEqualTo(c.spikeCount())
                .isGreaterThan(first.out().emitted(0).size());
    }

    @Test
    void binnerSwappedMidStreamEmitsTheSameRowsAndPassesEndOfStream() {
        int n = 30000;
        List<Block> raw = Blocks.split(RAW, signal(n), Blocks.randomSizes(n, 1, 500, 6));
        raw.get(raw.size() - 1).setFlags(Block.FLAG_END_OF_STREAM);
        ProcessorRun det = Harness.processor(detector(), RAW).feedAll(raw);
        List<Block> spikeBlocks = det.out().emitted(0);
        StreamSpec spikes = det.outputs().get(0);
        SpikeBinnerConfig cfg = TestConfig.of(SpikeBinnerConfig.class, "binMs", 5.0);
        ProcessorRun whole = Harness.processor(new SpikeBinner(cfg), spikes).feedAll(spikeBlocks);
        float[] expected = Blocks.concatF32(whole.out().emitted(0));
        assertThat(expected).hasSize(200 * CH);

        int half = spikeBlocks.size() / 2;
        SpikeBinner a = new SpikeBinner(cfg);
        ProcessorRun first = Harness.processor(a, spikes).feedAll(spikeBlocks.subList(0, half));
        SpikeBinner b = new SpikeBinner(cfg);
        ProcessorRun second = Harness.processor(b, spikes);
        b.restore(a.snapshot());
        second.feedAll(spikeBlocks.subList(half, spikeBlocks.size()));
        float[] f = Blocks.concatF32(first.out().emitted(0));
        float[] s = Blocks.concatF32(second.out().emitted(0));
        float[] joined = java.util.Arrays.copyOf(f, f.length + s.length);
        System.arraycopy(s, 0, joined, f.length, s.length);
        assertThat(joined).containsExactly(expected);

        List<Block> rows = whole.out().emitted(0);
        assertThat(rows.get(rows.size() - 1).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        assertThat(rows.subList(0, rows.size() - 1)).allMatch(r -> (r.flags() & Block.FLAG_END_OF_STREAM) == 0);
    }

    @Test
    void endOfStreamPassesThroughEvenWhenNoBinIsLeftToClose() {
        StreamSpec spikes = StreamSpec.builder("spikes", Kind.SPIKES)
                .channelCount(2)
                .sampleRate(30000)
                .blockSamples(16)
                .build();
        ProcessorRun run =
                Harness.processor(new SpikeBinner(TestConfig.of(SpikeBinnerConfig.class, "binMs", 10.0)), spikes);
        Block start = Block.forSpec(spikes);
        start.setFirstSample(0);
        Block mid = Block.forSpec(spikes);
        mid.setFirstSample(600); // closes bins 0 and 1 exactly
        mid.addSpike(10, 1, 0);
        Block end = Block.forSpec(spikes);
        end.setFirstSample(600);
        end.setFlags(Block.FLAG_END_OF_STREAM);
        run.feed(start).feed(mid).feed(end);
        List<Block> rows = run.out().emitted(0);
        assertThat(rows).extracting(Block::sampleCount).containsExactly(2, 0);
        assertThat(rows.get(1).flags()).isEqualTo(Block.FLAG_END_OF_STREAM);
        assertThat(rows.get(1).firstSample()).isEqualTo(2); // bin 2 = samples [600, 900)
        assertThat(Blocks.concatF32(rows)).containsExactly(0, 1, 0, 0);
    }
}
