package org.neurorig.bench.internal.record;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.bench.internal.BenchNode;
import org.neurorig.command.Command;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Role;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurorig bench record [--quick] [--probes N] [--seconds S] [--channels C] [--rate HZ]
 * [--block B] [--dir DIR] [--keep]}: feeds the installed recorder (the node type with role
 * {@code recorder}, {@code record.openephys} in the distribution) N probe streams
 * (default 384 ch × 30 kHz int16, 1 ms blocks) of S seconds each, as fast as it takes them, on one
 * thread as the runtime does, with its default flush (fsync every second), and prints the
 * sustained rate in probes (data seconds × probes ÷ wall seconds, close and fsync included) and the
 * recorder's CPU cost per probe in % of one core. The recorder is lossless, so the figure says how
 * many probes it keeps up with; the size of every {@code continuous.dat} is checked afterwards.
 * Deletes its recording unless {@code --keep}.
 */
@Component(service = Command.class)
public final class RecordBenchCommand implements Command {
    static final String ARGS =
            "[--quick] [--probes N] [--seconds S] [--channels C] [--rate HZ] [--block B]" + " [--dir DIR] [--keep]";
    /** Bytes per sample and channel in continuous.dat (int16), and per sample in the two timestamp files. */
    static final int SAMPLE_BYTES = 2;

    static final int STAMP_BYTES = 8 + 8;
    /** The recorder's default node id: its folder is "Record Node 101". */
    static final String NODE_FOLDER = "Record Node 101";

    @Reference
    private ConfigurationAdmin configAdmin;

    @Reference
    private NodeTypeCatalog catalog;

    private BundleContext context;

    @Activate
    void activate(BundleContext ctx) {
        context = ctx;
    }

    @Override
    public String name() {
        return "bench record";
    }

    @Override
    public String usage() {
        return ARGS;
    }

    @Override
    public String summary() {
        return "probes of 384 ch x 30 kHz the installed recorder sustains, and its CPU per probe"
                + " (--quick: 2 probes, 1 s)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int probes = 16;
        double seconds = 5;
        int channels = 384;
        double rate = 30000;
        int block = 30;
        Path dir = null;
        boolean keep = false;
        if (args.contains("--quick")) {
            probes = 2;
            seconds = 1;
        }
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--quick" -> {
                        // read above, so that options given beside it still count
                    }
                    case "--probes" -> probes = Integer.parseInt(args.get(++i));
                    case "--seconds" -> seconds = Double.parseDouble(args.get(++i));
                    case "--channels" -> channels = Integer.parseInt(args.get(++i));
                    case "--rate" -> rate = Double.parseDouble(args.get(++i));
                    case "--block" -> block = Integer.parseInt(args.get(++i));
                    case "--dir" -> dir = Path.of(args.get(++i));
                    case "--keep" -> keep = true;
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            if (probes < 1 || seconds <= 0 || channels < 1 || rate <= 0 || block < 1) {
                throw new IllegalArgumentException("probes, seconds, channels, rate and block must be positive");
            }
        } catch (RuntimeException e) {
            err.println("neurorig bench record: " + e.getMessage());
            err.println("usage: neurorig bench record " + ARGS);
            return USAGE_ERROR;
        }
        // the recorder the distribution has: the node type with role recorder, as --record picks it
        NodeType recorder = catalog.all().stream()
                .filter(t -> t.role() == Role.SINK && t.hasRole(NodeType.RECORDER))
                .min(Comparator.comparing(NodeType::name))
                .orElse(null);
        if (recorder == null) {
            err.println("neurorig bench record: no installed node type has role '" + NodeType.RECORDER + "'");
            return 1;
        }
        Path root = dir != null ? dir : Files.createTempDirectory("neurorig-bench-record");
        Result r;
        try (BenchNode<Sink> rec = BenchNode.create(
                context,
                configAdmin,
                recorder.name(),
                Sink.class,
                Map.of("dir", root.toString(), "flushSeconds", 1.0))) {
            r = run(rec.node(), probes, seconds, channels, rate, block, err);
        }
        long written = continuousBytes(root.resolve(NODE_FOLDER));
        long expected = (long) probes * r.samplesPerProbe() * channels * SAMPLE_BYTES;
        if (written != expected) {
            err.printf(
                    "neurorig bench record: the recording under %s holds %d bytes of samples, expected %d%n",
                    root, written, expected);
            return 1;
        }
        out.println(r.format());
        if (!keep) {
            delete(root.resolve(NODE_FOLDER));
            if (dir == null) {
                Files.deleteIfExists(root);
            }
        }
        return 0;
    }

    /** What one run measured. */
    record Result(
            int probes,
            int channels,
            double rate,
            double dataSeconds,
            double wallSeconds,
            double cpuSeconds,
            long bytes,
            long samplesPerProbe) {
        double probesSustained() {
            return dataSeconds * probes / wallSeconds * (channels / 384.0) * (rate / 30000.0);
        }

        double cpuPercentPerProbe() {
            return 100 * cpuSeconds / (dataSeconds * probes * (channels / 384.0) * (rate / 30000.0));
        }

        String format() {
            return String.format(
                    "record: %d probe(s) x %d ch x %.0f Hz int16, %.1f s of data each: %.2f s wall, "
                            + "%.0f MB/s, sustained %.1f probes (384 ch x 30 kHz), CPU %.1f %% of one core per probe, "
                            + "%d samples/probe written, 0 dropped",
                    probes,
                    channels,
                    rate,
                    dataSeconds,
                    wallSeconds,
                    bytes / wallSeconds / 1e6,
                    probesSustained(),
                    cpuPercentPerProbe(),
                    samplesPerProbe);
        }
    }

    /**
     * Prepares {@code rec} for the probe streams, feeds it every block on this thread and closes it.
     *
     * @throws IOException when the recorder reports a failure (its message)
     */
    static Result run(
            Sink rec, int probes, double seconds, int channels, double rate, int blockSamples, PrintStream err)
            throws Exception {
        List<StreamSpec> specs = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (int p = 0; p < probes; p++) {
            StreamSpec s = StreamSpec.builder("probe" + p + ".ap", Kind.CONTINUOUS_I16)
                    .channelCount(channels)
                    .sampleRate(rate)
                    .defaultChannels("uV", 0.195)
                    .blockSamples(blockSamples)
                    .source("probe" + p)
                    .build();
            specs.add(s);
            Block b = Block.forSpec(s);
            short[] d = b.i16();
            for (int i = 0; i < d.length; i++) {
                d[i] = (short) ((i * 7919 + p * 104729) % 2001 - 1000);
            }
            b.setSampleCount(blockSamples);
            BlockStamp.input(b, p);
            blocks.add(b);
        }
        BenchContext ctx = new BenchContext(err);
        rec.prepare(specs, ctx);
        long total = (long) Math.ceil(seconds * rate / blockSamples);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (long k = 0; k < total; k++) {
            long acq = HostClock.nowNanos(); // flush deadlines run from acquisition, as with a real source
            for (int p = 0; p < probes; p++) {
                Block b = blocks.get(p);
                b.setAcqTimeNanos(acq);
                BlockStamp.seq(b, k);
                b.setFirstSample(k * blockSamples);
                rec.accept(b);
            }
        }
        rec.close();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        if (ctx.failure != null) {
            throw new IOException(ctx.failure);
        }
        long samples = total * blockSamples;
        // what the format stores per sample: the channels' int16 values, an int64 sample number and a float64 time
        long bytes = (long) probes * samples * (channels * SAMPLE_BYTES + STAMP_BYTES);
        return new Result(probes, channels, rate, samples / rate, wall, cpu, bytes, samples);
    }

    /** Total size of the {@code continuous.dat} files under {@code dir}. */
    static long continuousBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long sum = 0;
            for (Path p :
                    (Iterable<Path>) s.filter(p -> p.getFileName().toString().equals("continuous.dat"))::iterator) {
                sum += Files.size(p);
            }
            return sum;
        }
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

    /** Remembers the recorder's failure, which it reports as a FAILED status instead of throwing. */
    private static final class BenchContext implements NodeContext {
        private final PrintStream err;
        private String failure;

        BenchContext(PrintStream err) {
            this.err = err;
        }

        @Override
        public String nodeName() {
            return "bench";
        }

        @Override
        public void status(NodeStatus status, String message) {
            if (status == NodeStatus.FAILED && failure == null) {
                failure = message;
            }
            if (status != NodeStatus.OK) {
                err.println("bench: " + status + " " + message);
            }
        }
    }
}
