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

class ThresholdDetectorTest {
    static final double RATE = 30000;
    /** A spike shape: 10 samples down to −amp and back, then a small overshoot. */
    static final float[] SHAPE = {-0.2f, -0.5f, -0.8f, -1f, -0.9f, -0.6f, -0.3f, 0.1f, 0.2f, 0.1f};

    record Spike(long sample, int channel) {}

    static StreamSpec spec(int channels, int blockSamples) {
        return StreamSpec.builder("in", Kind.CONTINUOUS_F32)
                .channelCount(channels)
                .sampleRate(RATE)
                .blockSamples(blockSamples)
                .build();
    }

    /** Gaussian noise of σ on every channel plus spikes of −amp at the given (start, channel) pairs. */
    static float[] signal(int channels, int samples, double sigma, double amp, List<Spike> at, long seed) {
        Random r = new Random(seed);
        float[] x = new float[channels * samples];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (sigma * r.nextGaussian());
        }
        for (Spike s : at) {
            for (int j = 0; j < SHAPE.length; j++) {
                x[(int) (s.sample() + j) * channels + s.channel()] += (float) (amp * SHAPE[j]);
            }
        }
        return x;
    }

    static List<Spike> spikes(ProcessorRun run) {
        List<Spike> out = new ArrayList<>();
        for (Block b : run.out().emitted(0)) {
            for (int i = 0; i < b.sampleCount(); i++) {
                out.add(new Spike(b.itemSample()[i], b.itemChannel()[i]));
            }
        }
        return out;
    }

    static ProcessorRun run(ThresholdDetectorConfig c, StreamSpec in, float[] x, int[] sizes) {
        ProcessorRun run = Harness.processor(new ThresholdDetector(c), in);
        run.feedAll(Blocks.split(in, x, sizes));
        return run;
    }

    @Test
    void adaptiveThresholdFindsEveryInjectedSpikeAndNothingElse() {
        int ch = 4;
        int samples = (int) (3.5 * RATE);
        List<Spike> truth = new ArrayList<>();
        Random r = new Random(8);
        // from 2.1 s: the first estimate needs the 1 s window, then reaches every channel within 1 s
        for (long t = (long) (2.1 * RATE); t < samples - 100; t += 300 + r.nextInt(600)) {
            truth.add(new Spike(t, r.nextInt(ch)));
        }
        float[] x = signal(ch, samples, 10, 100, truth, 9); // 10 σ spikes
        StreamSpec in = spec(ch, 1000);
        ProcessorRun run = run(
                TestConfig.of(ThresholdDetectorConfig.class, "k", 5.0, "noiseWindowS", 1.0),
                in,
                x,
                Blocks.randomSizes(samples, 1, 1000, 2));
        List<Spike> found = spikes(run);
        // the crossing of −50 µV (5σ) comes on the shape's 2nd or 3rd sample
        assertThat(found).hasSize(truth.size());
        for (int i = 0; i < truth.size(); i++) {
            assertThat(found.get(i).channel()).isEqualTo(truth.get(i).channel());
            assertThat(found.get(i).sample() - truth.get(i).sample()).isBetween(0L, 3L);
        }
    }

    @Test
    void noSpikesBeforeTheFirstNoiseEstimate() {
        int ch = 1;
        int samples = 15000; // half the 1 s window
        List<Spike> truth = List.of(new Spike(5000, 0));
        float[] x = signal(ch, samples, 10, 200, truth, 1);
        ProcessorRun run =
                run(TestConfig.of(ThresholdDetectorConfig.class), spec(ch, 500), x, Blocks.fixedSizes(samples, 500));
        assertThat(spikes(run)).isEmpty();
        // the stream start, then one (empty) block per input block, for the horizon
        assertThat(run.out().emitted(0)).hasSize(31);
        assertThat(run.out().emitted(0).get(0).firstSample()).isZero();
        assertThat(run.out().emitted(0).get(30).firstSample()).isEqualTo(15000);
    }

    @Test
    void refractoryPeriodAndSignAreHonoured() {
        float[] x = new float[200];
        x[10] = -60; // negative crossing
        x[30] = -60; // 20 samples (0.67 ms) later: inside a 1 ms refractory period
        x[100] = -60; // 90 samples later: a new spike
        x[150] = 60; // positive
        StreamSpec in = spec(1, 200);
        ThresholdDetectorConfig neg = TestConfig.of(ThresholdDetectorConfig.class, "thresholdUv", 50.0);
        assertThat(spikes(run(neg, in, x, new int[] {200})))
                .extracting(Spike::sample)
                .containsExactly(10L, 100L);
        ThresholdDetectorConfig noRefr =
                TestConfig.of(ThresholdDetectorConfig.class, "thresholdUv", 50.0, "refractoryMs", 0.0);
        assertThat(spikes(run(noRefr, in, x, new int[] {200})))
                .extracting(Spike::sample)
                .containsExactly(10L, 30L, 100L);
        ThresholdDetectorConfig pos =
                TestConfig.of(ThresholdDetectorConfig.class, "thresholdUv", 50.0, "sign", "positive");
        assertThat(spikes(run(pos, in, x, new int[] {200})))
                .extracting(Spike::sample)
                .containsExactly(150L);
        ThresholdDetectorConfig both =
                TestConfig.of(ThresholdDetectorConfig.class, "thresholdUv", 50.0, "sign", "both");
        assertThat(spikes(run(both, in, x, new int[] {200})))
                .extracting(Spike::sample)
                .containsExactly(10L, 100L, 150L);
    }

    @Test
    void waveformsAndPeakAlignmentDoNotDependOnBlockBoundaries() {
        int ch = 3;
        int samples = 3000;
        List<Spike> truth = List.of(new Spike(5, 1), new Spike(700, 0), new Spike(701, 2), new Spike(2988, 1));
        float[] x = signal(ch, samples, 1, 100, truth, 4);
        ThresholdDetectorConfig c = TestConfig.of(
                ThresholdDetectorConfig.class,
                "thresholdUv",
                30.0,
                "waveforms",
                true,
                "preSamples",
                4,
                "postSamples",
                6,
                "alignToPeak",
                true,
                "peakWindowMs",
                0.3);
        StreamSpec in = spec(ch, 64);
        ProcessorRun one = run(c, in, x, Blocks.fixedSizes(samples, 64));
        ProcessorRun many = run(c, in, x, Blocks.randomSizes(samples, 1, 64, 77));
        assertThat(one.outputs().get(0).waveformLength()).isEqualTo(10);
        List<Spike> a = spikes(one);
        // the last spike's look-ahead reaches past the end of the data, so it is still pending
        assertThat(a).containsExactly(new Spike(5 + 3, 1), new Spike(700 + 3, 0), new Spike(701 + 3, 2));
        assertThat(spikes(many)).isEqualTo(a);
        float[] wa = waveforms(one);
        assertThat(waveforms(many)).containsExactly(wa);
        for (int k = 0; k < a.size(); k++) {
            for (int j = 0; j < 10; j++) {
                long t = a.get(k).sample() - 4 + j;
                float expected = t < 0 ? 0 : x[(int) t * ch + a.get(k).channel()];
                assertThat(wa[k * 10 + j]).isEqualTo(expected);
            }
            assertThat(wa[k * 10 + 4]).isLessThan(-90); // the peak sits at index preSamples
        }
        // horizon: every block's firstSample is a bound below all later spikes
        long horizon = Long.MIN_VALUE;
        List<Block> blocks = many.out().emitted(0);
        for (int b = 0; b < blocks.size(); b++) {
            assertThat(blocks.get(b).firstSample()).isGreaterThanOrEqualTo(horizon);
            horizon = blocks.get(b).firstSample();
            for (int later = b + 1; later < blocks.size(); later++) {
                for (int i = 0; i < blocks.get(later).sampleCount(); i++) {
                    assertThat(blocks.get(later).itemSample()[i]).isGreaterThanOrEqualTo(horizon);
                }
            }
        }
    }

    @Test
    void endOfStreamFlushesPendingSpikesWithZeroPaddedSnippets() {
        float[] x = new float[100];
        x[97] = -100; // 3 samples before the end; the snippet wants 6 after the peak
        StreamSpec in = spec(1, 100);
        ThresholdDetectorConfig c = TestConfig.of(
                ThresholdDetectorConfig.class,
                "thresholdUv",
                50.0,
                "waveforms",
                true,
                "preSamples",
                2,
                "postSamples",
                6);
        List<Block> blocks = Blocks.split(in, x, new int[] {60, 40});
        blocks.get(1).setFlags(Block.FLAG_END_OF_STREAM);
        ProcessorRun run = Harness.processor(new ThresholdDetector(c), in).feedAll(blocks);
        assertThat(spikes(run)).containsExactly(new Spike(97, 0));
        assertThat(waveforms(run)).containsExactly(0f, 0f, -100f, 0f, 0f, 0f, 0f, 0f);
        List<Block> out = run.out().emitted(0);
        assertThat(out.get(out.size() - 1).firstSample()).isEqualTo(100); // everything emitted
    }

    static float[] waveforms(ProcessorRun run) {
        List<Block> blocks = run.out().emitted(0);
        int total = 0;
        for (Block b : blocks) {
            total += b.sampleCount() * b.waveformLength();
        }
        float[] out = new float[total];
        int at = 0;
        for (Block b : blocks) {
            int n = b.sampleCount() * b.waveformLength();
            System.arraycopy(b.f32(), 0, out, at, n);
            at += n;
        }
        return out;
    }

    @Test
    void fullOutputBlocksAreEmittedAndContinued() {
        int ch = 40; // capacity max(256, 8·40=320)
        float[] x = new float[2 * ch * 20];
        for (int s = 1; s < 20; s += 2) { // every channel crosses on every odd sample: 400 spikes
            for (int c = 0; c < ch; c++) {
                x[s * ch + c] = -100;
            }
        }
        ThresholdDetectorConfig c =
                TestConfig.of(ThresholdDetectorConfig.class, "thresholdUv", 50.0, "refractoryMs", 0.0);
        ProcessorRun run = run(c, spec(ch, 40), x, new int[] {40});
        assertThat(run.out().emitted(0)).extracting(Block::sampleCount).containsExactly(0, 320, 80);
        assertThat(spikes(run)).hasSize(400);
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> new ThresholdDetector(TestConfig.of(ThresholdDetectorConfig.class, "sign", "up")))
                .hasMessageContaining("value 'up' for 'sign' is not one of: negative, positive, both");
        assertThatThrownBy(() -> new ThresholdDetector(TestConfig.of(ThresholdDetectorConfig.class, "k", 0.0)))
                .hasMessageContaining("value 0.0 for 'k' is out of range: expected 0.5..100");
        StreamSpec spikes = StreamSpec.builder("s", Kind.SPIKES).channelCount(2).build();
        // the declared input kinds, checked before prepare as the runtime does
        assertThatThrownBy(() ->
                        Harness.processor(new ThresholdDetector(TestConfig.of(ThresholdDetectorConfig.class)), spikes))
                .hasMessageContaining("input 1 's' is SPIKES; expected CONTINUOUS_F32 or CONTINUOUS_I16");
    }

    @Test
    void everyNoiseEstimateIsSpreadOverASecondChannelByChannel() {
        int ch = 8;
        double rate = 2048; // the 2048-value noise window then holds 1 s at stride 1
        int samples = 11_000;
        float[] x = new float[samples * ch];
        Random r = new Random(3);
        for (int t = 0; t < samples; t++) {
            double sigma = t < 4096 ? 10 : 40;
            for (int c = 0; c < ch; c++) {
                x[t * ch + c] = (float) (r.nextGaussian() * sigma);
            }
        }
        StreamSpec in = StreamSpec.builder("in", Kind.CONTINUOUS_F32)
                .channelCount(ch)
                .sampleRate(rate)
                .blockSamples(64)
                .build();
        ThresholdDetector d = new ThresholdDetector(
                TestConfig.of(ThresholdDetectorConfig.class, "k", 5.0, "noiseWindowS", 1.0, "noiseRefreshS", 3.0));
        ProcessorRun run = Harness.processor(d, in);
        int[] sizes = new int[samples / 11];
        java.util.Arrays.fill(sizes, 11);
        List<Block> blocks = Blocks.split(in, x, sizes);
        int next = 0;
        // The window is full at sample 2047; the first estimate (σ 10 → 50 µV) then reaches one
        // channel per 256 rows: the first at once, the last a second later.
        while (blocks.get(next).firstSample() < 2048 + 100) {
            run.feed(blocks.get(next++));
        }
        assertThat(d.threshold(0)).as("first channel's first estimate").isBetween(40.0, 60.0);
        assertThat(d.threshold(ch - 1)).as("last channel, no estimate yet").isNaN();
        while (blocks.get(next).firstSample() < 2047 + 2048 + 11) {
            run.feed(blocks.get(next++));
        }
        for (int c = 0; c < ch; c++) {
            assertThat(d.threshold(c))
                    .as("channel %d after the first estimate", c)
                    .isBetween(40.0, 60.0);
        }
        // The renewal falls due at 2047 + 3 s = 8191 and covers one channel per 256 rows (8 in 2048).
        while (blocks.get(next).firstSample() < 8191 + 100) {
            run.feed(blocks.get(next++));
        }
        assertThat(d.threshold(0)).as("first channel, renewed at once").isBetween(160.0, 240.0);
        assertThat(d.threshold(ch - 1)).as("last channel, not yet").isBetween(40.0, 60.0);
        while (blocks.get(next).firstSample() < 8191 + 2048 + 11) {
            run.feed(blocks.get(next++));
        }
        for (int c = 0; c < ch; c++) {
            assertThat(d.threshold(c)).as("channel %d after the sweep", c).isBetween(160.0, 240.0);
        }
    }
}
