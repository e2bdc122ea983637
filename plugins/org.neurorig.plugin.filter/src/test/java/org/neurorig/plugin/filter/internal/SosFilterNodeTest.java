package org.neurorig.plugin.filter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.ButterworthDesign;
import org.neurorig.plugin.filter.SosFilterBank;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/** Behaviour shared by the IIR filter nodes: blocks, scaling, hot-swap state, NaN, live changes, config errors. */
class SosFilterNodeTest {
    static BandpassFilter bandpass(double lo, double hi, int order) {
        return new BandpassFilter(TestConfig.of(BandpassFilterConfig.class, "lowHz", lo, "highHz", hi, "order", order));
    }

    static StreamSpec spec(Kind kind, int channels, double rate, double bitVolts, int blockSamples) {
        return StreamSpec.builder("in", kind)
                .channelCount(channels)
                .sampleRate(rate)
                .defaultChannels("uV", bitVolts)
                .blockSamples(blockSamples)
                .build();
    }

    static float[] noise(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (50 * r.nextGaussian());
        }
        return x;
    }

    @Test
    void hotSwapMidStreamGivesOutputIdenticalToAnUninterruptedRun() {
        int ch = 5;
        int samples = 6000;
        StreamSpec in = spec(Kind.CONTINUOUS_F32, ch, 30000, 1, 512);
        List<Block> blocks = Blocks.split(in, noise(1, samples * ch), Blocks.randomSizes(samples, 1, 512, 7));
        int half = blocks.size() / 2;

        ProcessorRun whole = Harness.processor(bandpass(300, 6000, 3), in).feedAll(blocks);
        float[] reference = Blocks.concatF32(whole.out().emitted(0));

        BandpassFilter outgoing = bandpass(300, 6000, 3);
        ProcessorRun before = Harness.processor(outgoing, in).feedAll(blocks.subList(0, half));
        BandpassFilter incoming = bandpass(300, 6000, 3);
        ProcessorRun after = Harness.processor(incoming, in); // prepare, then restore, as the runtime does
        incoming.restore(outgoing.snapshot());
        after.feedAll(blocks.subList(half, blocks.size()));
        float[] first = Blocks.concatF32(before.out().emitted(0));
        float[] second = Blocks.concatF32(after.out().emitted(0));
        float[] swapped = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, swapped, first.length, second.length);
        assertThat(swapped).hasSize(samples * ch).containsExactly(reference);

        // without the restore the second half differs: the state really is carried
        ProcessorRun cold = Harness.processor(bandpass(300, 6000, 3), in).feedAll(blocks.subList(half, blocks.size()));
        assertThat(Blocks.concatF32(cold.out().emitted(0))[0]).isNotEqualTo(reference[first.length]);
    }

    @Test
    void snapshotOfAnotherShapeIsRefused() {
        BandpassFilter a = bandpass(300, 6000, 3);
        Harness.processor(a, spec(Kind.CONTINUOUS_F32, 4, 30000, 1, 64));
        BandpassFilter b = bandpass(300, 6000, 2);
        Harness.processor(b, spec(Kind.CONTINUOUS_F32, 4, 30000, 1, 64));
        assertThatThrownBy(() -> b.restore(a.snapshot()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 sections × 4 channels");
    }

    @Test
    void outputBlocksKeepTimingAndSampleCounts() {
        StreamSpec in = spec(Kind.CONTINUOUS_I16, 2, 30000, 0.195, 400);
        ProcessorRun run = Harness.processor(bandpass(300, 6000, 2), in);
        StreamSpec out = run.outputs().get(0);
        assertThat(out.kind()).isEqualTo(Kind.CONTINUOUS_F32);
        assertThat(out.name()).isEqualTo("out");
        assertThat(out.channels().get(1).bitVolts()).isEqualTo(1.0);
        run.feedAll(Blocks.split(in, new short[1000 * 2], new int[] {300, 1, 299, 400}));
        assertThat(run.out().emitted(0)).extracting(Block::sampleCount).containsExactly(300, 1, 299, 400);
        assertThat(run.out().emitted(0)).extracting(Block::firstSample).containsExactly(0L, 300L, 301L, 600L);
    }

    @Test
    void int16InputIsScaledByBitVoltsToMicrovolts() {
        StreamSpec in = spec(Kind.CONTINUOUS_I16, 1, 1000, 0.5, 100);
        ProcessorRun run = Harness.processor(
                new LowpassFilter(TestConfig.of(LowpassFilterConfig.class, "highHz", 10.0, "order", 2)), in);
        short[] x = new short[2000];
        Arrays.fill(x, (short) 1000);
        run.feedAll(Blocks.split(in, x, Blocks.randomSizes(2000, 1, 100, 3)));
        float[] y = Blocks.concatF32(run.out().emitted(0));
        assertThat(y[1999]).isCloseTo(500f, within(1e-3f)); // DC gain 1: 1000 counts × 0.5 µV
    }

    @Test
    void nanAndInfAreCountedOutputAsZeroAndDoNotPoisonTheState() {
        int ch = 3;
        int samples = 4000;
        StreamSpec in = spec(Kind.CONTINUOUS_F32, ch, 30000, 1, 256);
        float[] x = noise(2, samples * ch);
        x[1000 * ch + 1] = Float.NaN;
        x[1001 * ch + 1] = Float.POSITIVE_INFINITY;
        x[3000 * ch + 2] = Float.NEGATIVE_INFINITY;
        BandpassFilter f = bandpass(300, 6000, 3);
        ProcessorRun run =
                Harness.processor(f, in).feedAll(Blocks.split(in, x, Blocks.randomSizes(samples, 1, 256, 5)));
        float[] y = Blocks.concatF32(run.out().emitted(0));
        assertThat(f.nonFiniteCount()).isEqualTo(3);
        assertThat(run.context().lastMessage()).endsWith("NaN/Inf input samples replaced by 0");
        assertThat(y).doesNotContain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
        assertThat(y[1000 * ch + 1]).isZero();
        assertThat(y[1001 * ch + 1]).isZero();
        assertThat(y[3000 * ch + 2]).isZero();

        // channel 0 is untouched; channel 1 after the bad samples equals a fresh filter on the rest
        double[][] sos = ButterworthDesign.bandpass(3, 300, 6000, 30000);
        float[] x0 = x.clone();
        x0[1000 * ch + 1] = 0;
        x0[1001 * ch + 1] = 0;
        x0[3000 * ch + 2] = 0;
        float[] ref = new float[x.length];
        new SosFilterBank(sos, ch).filter(x0, 0, ref, 0, samples);
        for (int s = 0; s < samples; s++) {
            assertThat(y[s * ch]).isEqualTo(ref[s * ch]);
        }
        float[] tail = new float[samples - 1002];
        for (int s = 1002; s < samples; s++) {
            tail[s - 1002] = x[s * ch + 1];
        }
        float[] tailOut = new float[tail.length];
        new SosFilterBank(sos, 1).filter(tail, 0, tailOut, 0, tail.length);
        for (int s = 1002; s < samples; s++) {
            assertThat(y[s * ch + 1]).isEqualTo(tailOut[s - 1002]);
        }
    }

    @Test
    void badConfigurationIsRejectedWithTheKeyAndValues() {
        assertThatThrownBy(() -> bandpass(6000, 300, 3)).hasMessage("lowHz 6000.0 must be below highHz 300.0");
        assertThatThrownBy(() -> bandpass(300, 6000, 0))
                .hasMessageContaining("value 0 for 'order' is out of range: expected 1..8");
        assertThatThrownBy(() -> bandpass(300, 6000, 9))
                .hasMessageContaining("value 9 for 'order' is out of range: expected 1..8");
        StreamSpec in = spec(Kind.CONTINUOUS_I16, 4, 30000, 0.195, 64);
        assertThatThrownBy(() -> Harness.processor(bandpass(300, 20000, 3), in))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("highHz 20000 must be below Nyquist (15000 Hz)");
        assertThatThrownBy(() -> Harness.processor(
                        new NotchFilter(TestConfig.of(NotchFilterConfig.class, "hz", 60.0, "harmonics", 9)),
                        spec(Kind.CONTINUOUS_F32, 1, 1000, 1, 64)))
                .hasMessage("harmonics 9 puts 540.0 Hz at or above Nyquist (500.0 Hz) for hz 60.0");
        assertThatThrownBy(() -> Harness.processor(
                        new DecimateFilter(TestConfig.of(DecimateFilterConfig.class, "outputHz", 700.0)), in))
                .hasMessageStartingWith("outputHz 700.0 must divide the input rate 30000.0 Hz");
        StreamSpec spikes = StreamSpec.builder("s", Kind.SPIKES).channelCount(4).build();
        assertThatThrownBy(() -> Harness.processor(bandpass(300, 6000, 3), spikes))
                .hasMessageContaining("SPIKES");
    }

    @Test
    void liveCutoffChangeKeepsStateAndOrderChangeRebuilds() {
        StreamSpec in = spec(Kind.CONTINUOUS_F32, 2, 30000, 1, 100);
        BandpassFilter f = bandpass(300, 6000, 3);
        float[] x = noise(9, 400 * 2);
        List<Block> blocks = Blocks.split(in, x, new int[] {100, 100, 100, 100});
        ProcessorRun run = Harness.processor(f, in).feedAll(blocks.subList(0, 2));
        f.modified(TestConfig.of(BandpassFilterConfig.class, "lowHz", 500.0, "highHz", 5000.0, "order", 3));
        run.feedAll(blocks.subList(2, 4));
        f.modified(TestConfig.of(BandpassFilterConfig.class, "lowHz", 500.0, "highHz", 5000.0, "order", 2));
        run.feedAll(Blocks.split(in, Arrays.copyOf(x, 200), new int[] {100}));
        // reference: the same bank with coefficients swapped after 200 samples, then a fresh order-2 bank
        SosFilterBank b = new SosFilterBank(ButterworthDesign.bandpass(3, 300, 6000, 30000), 2);
        float[] ref = new float[1000];
        b.filter(x, 0, ref, 0, 200);
        b.setCoefficients(ButterworthDesign.bandpass(3, 500, 5000, 30000));
        b.filter(x, 400, ref, 400, 200);
        new SosFilterBank(ButterworthDesign.bandpass(2, 500, 5000, 30000), 2).filter(x, 0, ref, 800, 100);
        assertThat(Blocks.concatF32(run.out().emitted(0))).containsExactly(ref);
    }

    @Test
    void decimatorStateSurvivesAHotSwapToo() {
        StreamSpec in = spec(Kind.CONTINUOUS_F32, 2, 30000, 1, 600);
        List<Block> blocks = Blocks.split(in, noise(4, 9000 * 2), Blocks.randomSizes(9000, 1, 600, 8));
        DecimateFilterConfig c = TestConfig.of(DecimateFilterConfig.class, "outputHz", 1000.0);
        float[] whole = Blocks.concatF32(Harness.processor(new DecimateFilter(c), in)
                .feedAll(blocks)
                .out()
                .emitted(0));
        DecimateFilter a = new DecimateFilter(c);
        float[] first = Blocks.concatF32(
                Harness.processor(a, in).feedAll(blocks.subList(0, 10)).out().emitted(0));
        DecimateFilter b = new DecimateFilter(c);
        ProcessorRun second = Harness.processor(b, in);
        b.restore(a.snapshot());
        float[] rest = Blocks.concatF32(
                second.feedAll(blocks.subList(10, blocks.size())).out().emitted(0));
        assertThat(whole).hasSize(300 * 2);
        float[] joined = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, joined, first.length, rest.length);
        assertThat(joined).containsExactly(whole);
    }
}
