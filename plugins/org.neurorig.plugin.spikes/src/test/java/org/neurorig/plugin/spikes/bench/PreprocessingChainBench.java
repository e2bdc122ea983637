package org.neurorig.plugin.spikes.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.ButterworthDesign;
import org.neurorig.plugin.filter.internal.BandpassFilter;
import org.neurorig.plugin.filter.internal.BandpassFilterConfig;
import org.neurorig.plugin.filter.internal.CommonReference;
import org.neurorig.plugin.filter.internal.CommonReferenceConfig;
import org.neurorig.plugin.spikes.internal.ThresholdDetector;
import org.neurorig.plugin.spikes.internal.ThresholdDetectorConfig;
import org.neurorig.testkit.TestConfig;

/**
 * Not a test: a single-threaded throughput bench of bandpass(300–6000 Hz, order 3) → CAR →
 * threshold on 384-channel 30 kHz int16 blocks, beside a straightforward scalar band-pass and
 * SciPy's sosfilt on the same data. Reports probe-equivalents (384 ch × 30 kHz) per core in real
 * time and the bytes allocated per block in the steady state.
 *
 * <p>Run: {@code java -cp <test classpath> org.neurorig.plugin.spikes.bench.PreprocessingChainBench [seconds]}
 */
public final class PreprocessingChainBench {
    static final int CH = 384;
    static final double RATE = 30000;
    static final int BLOCK = 1024;
    static final double BIT_VOLTS = 0.195;

    /** Passes each emitted block straight to the next node; the last stage just clears. */
    static final class ChainEmitter implements Emitter {
        final Block block;
        final Processor next;
        final Emitter nextOut;

        ChainEmitter(StreamSpec spec, Processor next, Emitter nextOut) {
            this.block = Block.forSpec(spec);
            this.next = next;
            this.nextOut = nextOut;
        }

        @Override
        public Block block(int port) {
            return block;
        }

        @Override
        public void emit(int port) throws InterruptedException {
            if (next != null) {
                try {
                    next.process(block, nextOut);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            block.clear();
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int dataBlocks = 60; // ~2 s of distinct data, replayed
        short[][] data = makeData(dataBlocks);
        StreamSpec in = StreamSpec.builder("ap", Kind.CONTINUOUS_I16)
                .channelCount(CH)
                .sampleRate(RATE)
                .defaultChannels("uV", BIT_VOLTS)
                .blockSamples(BLOCK)
                .build();

        BandpassFilter bp = new BandpassFilter(
                TestConfig.of(BandpassFilterConfig.class, "lowHz", 300.0, "highHz", 6000.0, "order", 3));
        CommonReference car = new CommonReference(TestConfig.of(CommonReferenceConfig.class));
        ThresholdDetector det = new ThresholdDetector(TestConfig.of(ThresholdDetectorConfig.class, "k", 4.5));
        StreamSpec bpOut = bp.prepare(List.of(in), null).get(0);
        StreamSpec carOut = car.prepare(List.of(bpOut), null).get(0);
        StreamSpec spikes = det.prepare(List.of(carOut), null).get(0);
        ChainEmitter toSink = new ChainEmitter(spikes, null, null);
        ChainEmitter toDet = new ChainEmitter(carOut, det, toSink);
        ChainEmitter toCar = new ChainEmitter(bpOut, car, toDet);
        Block block = Block.forSpec(in);

        BandpassFilter bpOnly = new BandpassFilter(
                TestConfig.of(BandpassFilterConfig.class, "lowHz", 300.0, "highHz", 6000.0, "order", 3));
        ChainEmitter drop = new ChainEmitter(bpOnly.prepare(List.of(in), null).get(0), null, null);
        BandpassFilter bp2 = new BandpassFilter(
                TestConfig.of(BandpassFilterConfig.class, "lowHz", 300.0, "highHz", 6000.0, "order", 3));
        CommonReference car2 = new CommonReference(TestConfig.of(CommonReferenceConfig.class));
        StreamSpec bp2Out = bp2.prepare(List.of(in), null).get(0);
        ChainEmitter carDrop =
                new ChainEmitter(car2.prepare(List.of(bp2Out), null).get(0), null, null);
        ChainEmitter toCar2 = new ChainEmitter(bp2Out, car2, carDrop);
        ScalarBandpass scalar = new ScalarBandpass(ButterworthDesign.bandpass(3, 300, 6000, RATE), CH);
        float[] scalarOut = new float[BLOCK * CH];

        System.out.printf(
                "machine: %d cores seen by the JVM, %s %s; load average %.2f%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
            double s = round == 0 ? Math.min(3, seconds) : seconds;
            String tag = round == 0 ? "warm-up " : "";
            report(tag + "chain bandpass→CAR→threshold", run(s, data, block, bp, toCar));
            report(tag + "bandpass→CAR", run(s, data, block, bp2, toCar2));
            report(tag + "bandpass node alone", run(s, data, block, bpOnly, drop));
            report(tag + "scalar bandpass (channel-outer)", runScalar(s, data, scalar, scalarOut));
        }
        System.out.printf("spikes detected: %d%n", det.spikeCount());
        scipy(data);
    }

    record Result(double dataSeconds, double cpuSeconds, double bytesPerBlock) {}

    static void report(String what, Result r) {
        System.out.printf(
                "%-40s %7.2f probe-equivalents/core (%.1f s of data in %.2f s CPU), %.0f B allocated/block%n",
                what, r.dataSeconds / r.cpuSeconds, r.dataSeconds, r.cpuSeconds, r.bytesPerBlock);
    }

    static Result run(double seconds, short[][] data, Block block, Processor p, Emitter out) throws Exception {
        int blocks = (int) Math.ceil(seconds * RATE / BLOCK);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long sample = 0;
        long cpu0 = mx.getCurrentThreadCpuTime();
        long alloc0 = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < blocks; i++) {
            block.clear();
            block.setFirstSample(sample);
            block.setSampleCount(BLOCK);
            System.arraycopy(data[i % data.length], 0, block.i16(), 0, BLOCK * CH);
            p.process(block, out);
            sample += BLOCK;
        }
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long alloc = mx.getThreadAllocatedBytes(tid) - alloc0;
        return new Result(blocks * BLOCK / RATE, cpu / 1e9, (double) alloc / blocks);
    }

    static Result runScalar(double seconds, short[][] data, ScalarBandpass f, float[] out) {
        int blocks = (int) Math.ceil(seconds * RATE / BLOCK);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long alloc0 = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < blocks; i++) {
            f.filter(data[i % data.length], BIT_VOLTS, out, BLOCK);
        }
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long alloc = mx.getThreadAllocatedBytes(tid) - alloc0;
        return new Result(blocks * BLOCK / RATE, cpu / 1e9, (double) alloc / blocks);
    }

    /** Noise of ~10 µV with a spike now and then, as int16 counts. */
    static short[][] makeData(int blocks) {
        Random r = new Random(1);
        short[][] d = new short[blocks][BLOCK * CH];
        for (short[] b : d) {
            for (int i = 0; i < b.length; i++) {
                double v = 10 * r.nextGaussian() + (r.nextInt(3000) == 0 ? -120 : 0);
                b[i] = (short) Math.round(v / BIT_VOLTS);
            }
        }
        return d;
    }

    /** The textbook loop: one channel at a time through every sample and section. */
    static final class ScalarBandpass {
        final double[][] sos;
        final double[][] z1;
        final double[][] z2;
        final int channels;

        ScalarBandpass(double[][] sos, int channels) {
            this.sos = sos;
            this.channels = channels;
            z1 = new double[channels][sos.length];
            z2 = new double[channels][sos.length];
        }

        void filter(short[] in, double scale, float[] out, int samples) {
            for (int c = 0; c < channels; c++) {
                double[] s1 = z1[c];
                double[] s2 = z2[c];
                for (int s = 0; s < samples; s++) {
                    double x = in[s * channels + c] * scale;
                    for (int k = 0; k < sos.length; k++) {
                        double[] q = sos[k];
                        double y = q[0] * x + s1[k];
                        s1[k] = q[1] * x - q[4] * y + s2[k];
                        s2[k] = q[2] * x - q[5] * y;
                        x = y;
                    }
                    out[s * channels + c] = (float) x;
                }
            }
        }
    }

    /** SciPy's sosfilt on the same data, block by block with carried state, timed by Python itself. */
    static void scipy(short[][] data) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            System.out.println("scipy: /usr/bin/python3 not found, skipped");
            return;
        }
        Path raw = Files.createTempFile("bench", ".i16");
        try {
            ByteBuffer b = ByteBuffer.allocate(data.length * BLOCK * CH * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (short[] d : data) {
                b.asShortBuffer().put(d);
                b.position(b.position() + d.length * 2);
            }
            Files.write(raw, b.array());
            String script = String.join(
                    "\n",
                    "import sys, time, numpy as np",
                    "from scipy import signal",
                    "x = np.fromfile(sys.argv[1], '<i2').reshape(-1, " + CH + ")",
                    "sos = signal.butter(3, [300, 6000], 'band', fs=" + RATE + ", output='sos')",
                    "zi = np.zeros((sos.shape[0], 2, " + CH + "))",
                    "t0 = time.process_time(); n = 0",
                    "while time.process_time() - t0 < 5:",
                    "    for i in range(0, x.shape[0], " + BLOCK + "):",
                    "        y, zi = signal.sosfilt(sos, x[i:i+" + BLOCK + "] * " + BIT_VOLTS + ", axis=0, zi=zi)",
                    "        y = y.astype(np.float32)",
                    "    n += x.shape[0]",
                    "cpu = time.process_time() - t0",
                    "print('%-40s %7.2f probe-equivalents/core (%.1f s of data in %.2f s CPU)' % ("
                            + "'scipy sosfilt, 1024-sample blocks', n / " + RATE + " / cpu, n / " + RATE + ", cpu))");
            Process p = new ProcessBuilder(python.toString(), "-c", script, raw.toString())
                    .inheritIO()
                    .start();
            p.waitFor();
        } finally {
            Files.deleteIfExists(raw);
        }
    }
}
