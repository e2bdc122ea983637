package org.neurorig.bench.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a soak watches of its own process: resident memory (Linux {@code /proc/self/status} VmRSS),
 * heap in use right after a full collection, live threads, open file descriptors
 * ({@code /proc/self/fd}). A figure the system cannot give is -1.
 */
record ProcessGauges(long rssBytes, long heapAfterGcBytes, int threads, long fileDescriptors) {
    /** Reads the gauges now; runs {@code System.gc()} first, so call it once per report, not per block. */
    static ProcessGauges read() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        return new ProcessGauges(rss(Path.of("/proc/self/status")), heap, threads, count(Path.of("/proc/self/fd")));
    }

    /** VmRSS of a {@code /proc/<pid>/status} file, in bytes; -1 when unreadable. */
    static long rss(Path status) {
        try {
            return parseRss(Files.readAllLines(status));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The {@code VmRSS:  123456 kB} line of a status file, in bytes; -1 without one. */
    static long parseRss(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                long kb = Long.parseLong(f[0]);
                return f.length > 1 && f[1].equalsIgnoreCase("kB") ? kb * 1024 : kb;
            }
        }
        return -1;
    }

    private static long count(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
