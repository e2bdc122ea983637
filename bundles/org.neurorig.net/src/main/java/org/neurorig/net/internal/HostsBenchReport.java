package org.neurorig.net.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The results of one {@code neurorig bench hosts} run: every row, the machine and the clock, printed
 * as a table and as JSON ({@code --json}). Without the machine and its load the numbers mean
 * nothing (docs/BENCHMARKS.md).
 *
 * @param date                  when the run ended (ISO 8601)
 * @param anchorDifferenceNanos the far end's {@code HostClock} anchor minus this one's: both read one
 *                              physical clock, so this is the whole error of every one-way latency
 */
record HostsBenchReport(
        HostsBenchSettings settings,
        Machine machine,
        String date,
        long anchorDifferenceNanos,
        List<HostsBenchRow> rows) {

    /** The machine a run measured, as printed beside its numbers. */
    record Machine(int cores, String cpuModel, String javaVersion, String os, double loadAverage) {
        static Machine current() {
            return new Machine(
                    Runtime.getRuntime().availableProcessors(),
                    readCpuModel(),
                    System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }

        private static String readCpuModel() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst()
                        .orElse("unknown CPU");
            } catch (IOException | RuntimeException e) {
                return "unknown CPU";
            }
        }
    }

    HostsBenchReport {
        rows = List.copyOf(rows);
    }

    /** Prints the machine, the clock, the settings and one line per row. */
    void print(PrintStream out) {
        HostsBenchSettings s = settings;
        out.println("NeuroRig cross-host benchmark: one hop over a veth pair into a network namespace,"
                + " the far end a second neurorig process");
        out.printf(
                Locale.ROOT,
                "machine: %d cores, %s, Java %s, %s, load average %.2f, %s%n",
                machine.cores(),
                machine.cpuModel(),
                machine.javaVersion(),
                machine.os(),
                machine.loadAverage(),
                date);
        out.printf(
                Locale.ROOT,
                "clock: both ends stamp HostClock.nowNanos() on one physical clock; their anchors differ by"
                        + " %.2f us, which every latency below includes%n",
                anchorDifferenceNanos / 1e3);
        out.printf(
                Locale.ROOT,
                "latency: paced at %,d blocks/s, %,d warm-up blocks discarded, %,d measured;"
                        + " throughput: flat out, lossless, %.2f s window after %.2f s warm-up%n",
                s.blocksPerSecond(),
                s.warmupBlocks(),
                s.measuredBlocks(),
                s.throughputSeconds(),
                s.throughputWarmupSeconds());
        out.println();
        out.printf(
                Locale.ROOT,
                "  %-36s %-9s %-15s %8s %8s %8s %10s %8s %10s %10s %5s%n",
                "path",
                "security",
                "block",
                "p50 us",
                "p99 us",
                "max us",
                "blocks/s",
                "MB/s",
                "sent",
                "received",
                "lost");
        for (HostsBenchRow r : rows) {
            HostsBenchLatency l = r.latency();
            HostsBenchThroughput t = r.throughput();
            out.printf(
                    Locale.ROOT,
                    "  %-36s %-9s %-15s %8.1f %8.1f %8.1f %,10.0f %8.1f %,10d %,10d %5d%n",
                    r.path(),
                    r.security(),
                    String.format(Locale.ROOT, "%d ch %,d B", r.channels(), t.payloadBytes()),
                    l.p50Nanos() / 1e3,
                    l.p99Nanos() / 1e3,
                    l.maxNanos() / 1e3,
                    t.blocksPerSecond(),
                    t.megabytesPerSecond(),
                    t.sent(),
                    t.received(),
                    t.lost() + l.lost());
        }
        out.println("  (MB/s counts payload bytes; sent/received/lost: every block of the row, paced and flat out)");
        List<String> lossy = rows.stream()
                .filter(r -> !r.lossless())
                .map(r -> r.path() + " " + r.security() + " " + r.channels() + " ch")
                .toList();
        out.println(lossy.isEmpty() ? "nothing lost" : "LOST BLOCKS in: " + String.join("; ", lossy));
    }

    /** The report as plain values for JSON. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", "hosts");
        m.put("date", date);
        Map<String, Object> mach = new LinkedHashMap<>();
        mach.put("cores", machine.cores());
        mach.put("cpu", machine.cpuModel());
        mach.put("java", machine.javaVersion());
        mach.put("os", machine.os());
        mach.put("loadAverage", machine.loadAverage());
        m.put("machine", mach);
        m.put("clockAnchorDifferenceNanos", anchorDifferenceNanos);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("samplesPerBlock", HostsBenchSettings.SAMPLES_PER_BLOCK);
        set.put("pacedBlocksPerSecond", settings.blocksPerSecond());
        set.put("warmupBlocks", settings.warmupBlocks());
        set.put("measuredBlocks", settings.measuredBlocks());
        set.put("throughputWarmupSeconds", settings.throughputWarmupSeconds());
        set.put("throughputSeconds", settings.throughputSeconds());
        m.put("settings", set);
        List<Map<String, Object>> list = new ArrayList<>();
        for (HostsBenchRow r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", r.path());
            row.put("security", r.security());
            row.put("channels", r.channels());
            row.put("payloadBytes", r.throughput().payloadBytes());
            HostsBenchLatency l = r.latency();
            Map<String, Object> lat = new LinkedHashMap<>();
            lat.put("expected", l.expected());
            lat.put("received", l.received());
            lat.put("lost", l.lost());
            lat.put("p50Micros", l.p50Nanos() / 1e3);
            lat.put("p99Micros", l.p99Nanos() / 1e3);
            lat.put("maxMicros", l.maxNanos() / 1e3);
            row.put("latency", lat);
            HostsBenchThroughput t = r.throughput();
            Map<String, Object> th = new LinkedHashMap<>();
            th.put("seconds", t.seconds());
            th.put("windowBlocks", t.windowBlocks());
            th.put("blocksPerSecond", t.blocksPerSecond());
            th.put("megabytesPerSecond", t.megabytesPerSecond());
            th.put("sent", t.sent());
            th.put("received", t.received());
            th.put("lost", t.lost());
            th.put("missing", t.missing());
            th.put("duplicates", t.duplicates());
            row.put("throughput", th);
            row.put("lossless", r.lossless());
            list.add(row);
        }
        m.put("rows", list);
        return m;
    }
}
