package org.neurorig.bench.internal.bus;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of one {@link BusBenchmark} run and the targets they are held against: NeuroRig's
 * in-JVM hop costs at most 1.1 times raw JeroMQ inproc's median latency, its median is at most
 * 30 µs, it carries at least as many blocks per second as raw JeroMQ PUSH→PULL inproc (handing a
 * reference over should beat copying bytes) and at least 16 probes' worth, with nothing lost.
 */
public record BusBenchmarkReport(
        BusBenchmarkSettings settings,
        BusBenchmarkMachine machine,
        List<BusBenchmarkLatency> latencies,
        List<BusBenchmarkThroughput> throughputs) {
    static final double MAX_LATENCY_RATIO = 1.1;
    static final double MAX_INPROC_P50_MICROS = 30;
    static final double MIN_PROBE_EQUIVALENTS = 16;

    /** One target, what was measured against it, and whether it was met. */
    public record Target(String name, String measured, boolean met) {}

    public BusBenchmarkReport {
        latencies = List.copyOf(latencies);
        throughputs = List.copyOf(throughputs);
    }

    /** The latency of {@code path} over {@code transport}; throws if that pair was not measured. */
    public BusBenchmarkLatency latency(String path, String transport) {
        return latencies.stream()
                .filter(l -> l.path().equals(path) && l.transport().equals(transport))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no latency of " + path + " over " + transport));
    }

    /** The throughput of {@code path} over {@code transport}; throws if that pair was not measured. */
    public BusBenchmarkThroughput throughput(String path, String transport) {
        return throughputs.stream()
                .filter(t -> t.path().equals(path) && t.transport().equals(transport))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no throughput of " + path + " over " + transport));
    }

    /** NeuroRig p50 (q = 0.5) or p99 (q = 0.99) divided by raw JeroMQ's over {@code transport}. */
    public double ratio(String transport, double q) {
        BusBenchmarkLatency n = latency(BusBenchmark.NEURORIG, transport);
        BusBenchmarkLatency r = latency(BusBenchmark.RAW_PUB_SUB, transport);
        return q < 0.75 ? (double) n.p50Nanos() / r.p50Nanos() : (double) n.p99Nanos() / r.p99Nanos();
    }

    /** The targets, judged on this run. */
    public List<Target> targets() {
        List<Target> t = new ArrayList<>();
        double r = ratio(BusBenchmark.INPROC, 0.5);
        t.add(new Target(
                "NeuroRig hop <= 1.1x raw JeroMQ inproc latency (p50)",
                fmt("%.2fx (p99 %.2fx)", r, ratio(BusBenchmark.INPROC, 0.99)),
                r <= MAX_LATENCY_RATIO));
        double p50 = latency(BusBenchmark.NEURORIG, BusBenchmark.INPROC).p50Nanos() / 1e3;
        t.add(new Target("NeuroRig inproc hop p50 <= 30 us", fmt("%.1f us", p50), p50 <= MAX_INPROC_P50_MICROS));
        BusBenchmarkThroughput th = throughput(BusBenchmark.NEURORIG, BusBenchmark.INPROC);
        t.add(new Target(
                "NeuroRig inproc hop >= 16 probe-equivalents, 0 lost, on 2 cores",
                fmt(
                        "%.1f probe-eq., %d missing, %d of %d arrived, %d cores",
                        th.probeEquivalents(), th.missingBlocks(), th.received(), th.published(), machine.cores()),
                th.probeEquivalents() >= MIN_PROBE_EQUIVALENTS && th.lossless()));
        BusBenchmarkThroughput raw = throughput(BusBenchmark.RAW_PUSH_PULL, BusBenchmark.INPROC);
        t.add(new Target(
                "NeuroRig hop throughput >= raw JeroMQ PUSH->PULL inproc",
                fmt(
                        "%.2fx (%,.0f vs %,.0f blocks/s)",
                        th.blocksPerSecond() / raw.blocksPerSecond(), th.blocksPerSecond(), raw.blocksPerSecond()),
                th.blocksPerSecond() >= raw.blocksPerSecond()));
        return t;
    }

    /** Prints the machine, both tables, the NeuroRig/raw ratios and the targets. */
    public void print(PrintStream out) {
        BusBenchmarkSettings s = settings;
        out.printf(
                Locale.ROOT,
                "NeuroRig bus benchmark: blocks of %d channels x %d samples int16 (%,d payload bytes)%n",
                s.channels(),
                s.samplesPerBlock(),
                s.payloadBytes());
        out.printf(
                Locale.ROOT,
                "machine: %d cores, %s, Java %s, %s, load average %.2f%n",
                machine.cores(),
                machine.cpuModel(),
                machine.javaVersion(),
                machine.osArch(),
                machine.loadAverage());
        out.println();
        out.printf(
                Locale.ROOT,
                "One-hop latency, paced at %,d blocks/s per path (raw and NeuroRig interleaved"
                        + " half a period apart): %,d warm-up blocks discarded, %,d measured%n",
                s.blocksPerSecond(),
                s.warmupBlocks(),
                s.measuredBlocks());
        out.printf(
                Locale.ROOT,
                "  %-36s %-9s %8s %6s %9s %9s %9s%n",
                "path",
                "transport",
                "blocks",
                "lost",
                "p50 us",
                "p99 us",
                "max us");
        for (BusBenchmarkLatency l : latencies) {
            out.printf(
                    Locale.ROOT,
                    "  %-36s %-9s %8d %6d %9.1f %9.1f %9.1f%n",
                    l.path(),
                    l.transport(),
                    l.received(),
                    l.lost(),
                    l.p50Nanos() / 1e3,
                    l.p99Nanos() / 1e3,
                    l.maxNanos() / 1e3);
        }
        out.printf(
                Locale.ROOT,
                "  %-36s %-9s %8s %6s %8.2fx %8.2fx%n",
                "ratio NeuroRig / raw",
                BusBenchmark.INPROC,
                "",
                "",
                ratio(BusBenchmark.INPROC, 0.5),
                ratio(BusBenchmark.INPROC, 0.99));
        out.println("  (NeuroRig's hop stays in the JVM; raw tcp is shown for scale)");
        out.println();
        out.printf(
                Locale.ROOT,
                "Saturated throughput, lossless (back-pressure), %.1f s after %.1f s warm-up, queues of %,d blocks%n",
                s.throughputSeconds(),
                s.throughputWarmupSeconds(),
                s.queueBlocks());
        out.printf(
                Locale.ROOT,
                "  %-36s %-9s %10s %9s %9s %11s %11s %8s%n",
                "path",
                "transport",
                "blocks/s",
                "MB/s",
                "probe-eq",
                "published",
                "received",
                "missing");
        for (BusBenchmarkThroughput t : throughputs) {
            out.printf(
                    Locale.ROOT,
                    "  %-36s %-9s %,10.0f %9.1f %9.1f %,11d %,11d %8d%n",
                    t.path(),
                    t.transport(),
                    t.blocksPerSecond(),
                    t.megabytesPerSecond(),
                    t.probeEquivalents(),
                    t.published(),
                    t.received(),
                    t.missingBlocks());
        }
        out.println("  (MB/s counts payload bytes; 1 probe-equivalent = 1,000 blocks/s of this size)");
        out.println();
        out.println("Targets");
        for (Target t : targets()) {
            out.printf(Locale.ROOT, "  %-64s %-44s %s%n", t.name(), t.measured(), t.met() ? "met" : "NOT MET");
        }
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
