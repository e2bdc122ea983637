package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig bench record [--probes N] [--seconds S] [--channels C] [--rate HZ] [--block B]
 * [--dir DIR] [--keep]}: feeds {@code record.openephys} N probe streams (default 384 ch × 30 kHz
 * int16, 1 ms blocks) of S seconds each, as fast as it takes them, on one thread as the runtime
 * does, with the default flush (fsync every second), and prints the sustained rate in probes
 * (data seconds × probes ÷ wall seconds, close and fsync included) and the recorder's CPU cost per
 * probe in % of one core. The recorder is lossless, so "0 drops" holds by construction: the figure
 * says how many probes it keeps up with. Deletes its recording afterwards unless {@code --keep}.
 */
@Component(service = Function.class, property = "neurorig.command=bench.record")
public final class RecordBench implements Function<String[], Integer> {
    @Override
    public Integer apply(String[] args) {
        int probes = 16;
        double seconds = 5;
        int channels = 384;
        double rate = 30000;
        int block = 30;
        Path dir = null;
        boolean keep = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--probes" -> probes = Integer.parseInt(args[++i]);
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    case "--channels" -> channels = Integer.parseInt(args[++i]);
                    case "--rate" -> rate = Double.parseDouble(args[++i]);
                    case "--block" -> block = Integer.parseInt(args[++i]);
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--keep" -> keep = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (probes < 1 || seconds <= 0 || channels < 1 || rate <= 0 || block < 1) {
                throw new IllegalArgumentException("probes, seconds, channels, rate and block must be positive");
            }
        } catch (RuntimeException e) {
            System.err.println("neurorig bench record: " + e.getMessage());
            System.err.println("usage: neurorig bench record [--probes N] [--seconds S] [--channels C] [--rate HZ] "
                    + "[--block B] [--dir DIR] [--keep]");
            return 64;
        }
        try {
            Path root = dir != null ? dir : Files.createTempDirectory("neurorig-bench-record");
            Result r = run(root, probes, seconds, channels, rate, block);
            System.out.println(r.format());
            if (!keep) {
                delete(root.resolve("Record Node 101"));
                if (dir == null) {
                    Files.deleteIfExists(root);
                }
            }
            return 0;
        } catch (Exception e) {
            System.err.println("neurorig bench record: " + e);
            return 1;
        }
    }

    /** What one run measured. */
    record Result(int probes, int channels, double rate, double dataSeconds, double wallSeconds, double cpuSeconds,
                  long bytes, long samplesPerProbe) {
        double probesSustained() {
            return dataSeconds * probes / wallSeconds * (channels / 384.0) * (rate / 30000.0);
        }

        double cpuPercentPerProbe() {
            return 100 * cpuSeconds / (dataSeconds * probes * (channels / 384.0) * (rate / 30000.0));
        }

        String format() {
            return String.format("record: %d probe(s) x %d ch x %.0f Hz int16, %.1f s of data each: %.2f s wall, "
                    + "%.0f MB/s, sustained %.1f probes (384 ch x 30 kHz), CPU %.1f %% of one core per probe, "
                    + "%d samples/probe written, 0 dropped", probes, channels, rate, dataSeconds, wallSeconds,
                    bytes / wallSeconds / 1e6, probesSustained(), cpuPercentPerProbe(), samplesPerProbe);
        }
    }

    static Result run(Path root, int probes, double seconds, int channels, double rate, int blockSamples)
            throws Exception {
        List<StreamSpec> specs = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (int p = 0; p < probes; p++) {
            StreamSpec s = StreamSpec.builder("probe" + p + ".ap", Kind.CONTINUOUS_I16).channelCount(channels)
                    .sampleRate(rate).defaultChannels("uV", 0.195).blockSamples(blockSamples).source("probe" + p)
                    .build();
            specs.add(s);
            Block b = Block.forSpec(s);
            short[] d = b.i16();
            for (int i = 0; i < d.length; i++) {
                d[i] = (short) ((i * 7919 + p * 104729) % 2001 - 1000);
            }
            b.setSampleCount(blockSamples);
            b.setInput(p);
            blocks.add(b);
        }
        OpenEphysRecorder rec = new OpenEphysRecorder();
        rec.activate(new BenchConfig(root.toString()), Map.of());
        rec.prepare(specs, new BenchContext());
        long total = (long) Math.ceil(seconds * rate / blockSamples);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (long k = 0; k < total; k++) {
            long acq = HostClock.nowNanos(); // flush deadlines run from acquisition, as with a real source
            for (int p = 0; p < probes; p++) {
                Block b = blocks.get(p);
                b.setAcqTimeNanos(acq);
                b.setSeq(k);
                b.setFirstSample(k * blockSamples);
                rec.accept(b);
            }
        }
        long bytes = rec.recording().bytes();
        rec.close();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        if (rec.stopReason() != null) {
            throw new IOException(rec.stopReason());
        }
        long samples = total * blockSamples;
        return new Result(probes, channels, rate, samples / rate, wall, cpu, bytes, samples);
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(x);
            }
        }
    }

    private static final class BenchContext implements NodeContext {
        @Override
        public String nodeName() {
            return "bench";
        }

        @Override
        public void status(NodeStatus status, String message) {
            if (status != NodeStatus.OK) {
                System.err.println("bench: " + status + " " + message);
            }
        }
    }

    /** The recorder's defaults, with {@code dir} set. */
    private record BenchConfig(String dir) implements OpenEphysRecorderConfig {
        @Override
        public int recordNodeId() {
            return 101;
        }

        @Override
        public double flushSeconds() {
            return 1.0;
        }

        @Override
        public long minFreeBytes() {
            return 268_435_456L;
        }

        @Override
        public double floatBitVolts() {
            return 0.195;
        }

        @Override
        public Class<? extends java.lang.annotation.Annotation> annotationType() {
            return OpenEphysRecorderConfig.class;
        }
    }
}
