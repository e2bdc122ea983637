package org.neurorig.plugin.calcium.bench;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.calcium.internal.CalciumDeconvolver;
import org.neurorig.plugin.calcium.internal.CalciumDeconvolverConfig;
import org.neurorig.plugin.calcium.internal.CalciumDff;
import org.neurorig.plugin.calcium.internal.CalciumDffConfig;
import org.neurorig.testkit.CollectingEmitter;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

/**
 * Single-thread speed of calcium.dff and calcium.deconvolve with their defaults on {@code cells} ROIs
 * at 30 Hz in blocks of one frame (as a two-photon rig delivers them), in seconds of imaging
 * processed per second. Not a unit test: run it with
 * {@code java -cp <test classpath> org.neurorig.plugin.calcium.bench.CalciumBench [cells] [seconds]}.
 */
public final class CalciumBench {
    private CalciumBench() {}

    public static void main(String[] args) throws Exception {
        int cells = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        double rate = 30;
        StreamSpec in = StreamSpec.builder("roi", Kind.CONTINUOUS_F32)
                .channelCount(cells)
                .sampleRate(rate)
                .blockSamples(1)
                .build();
        int frames = (int) (seconds * rate);
        float[][] data = new float[64][cells]; // a few distinct frames, cycled: the input must not be the cost
        Random r = new Random(1);
        for (float[] f : data) {
            for (int c = 0; c < cells; c++) {
                f[c] = (float) (100 * (1 + 0.1 * Math.abs(r.nextGaussian())));
            }
        }
        for (String which : List.of("calcium.dff", "calcium.deconvolve")) {
            for (int round = 0; round < 2; round++) { // the first round warms the JIT up
                Processor p = which.equals("calcium.dff")
                        ? new CalciumDff(TestConfig.of(CalciumDffConfig.class))
                        : new CalciumDeconvolver(TestConfig.of(CalciumDeconvolverConfig.class));
                CollectingEmitter out = new CollectingEmitter(p.prepare(List.of(in), new TestContext(which)));
                Block b = Block.forSpec(in);
                b.setSampleCount(1);
                long t0 = System.nanoTime();
                for (int t = 0; t < frames; t++) {
                    System.arraycopy(data[t & 63], 0, b.f32(), 0, cells);
                    b.setFirstSample(t);
                    p.process(b, out);
                    if ((t & 1023) == 0) {
                        out.clearEmitted();
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (round == 1) {
                    System.out.printf(
                            Locale.ROOT,
                            "%-19s %5d ROIs @ %.0f Hz: %7.1f µs/frame, %6.0f× real time%n",
                            which,
                            cells,
                            rate,
                            s / frames * 1e6,
                            seconds / s);
                }
            }
        }
    }
}
