package org.neurorig.bench.internal.chain;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Allocation, CPU and GC over a window of a run: opened with the threads of the run alive, closed
 * before they end. Allocation is {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}, CPU
 * {@code getThreadCpuTime}, of every runner thread and every transport thread named when the window
 * opens; a thread that ended meanwhile is left out (its figure is gone). The process's CPU time
 * ({@code OperatingSystemMXBean.getProcessCpuTime}: every thread, GC and JIT included) says how much of
 * the machine the run took, which a node's call time cannot: on a busy machine a call's wall time
 * includes the time its thread waited for a core.
 */
final class SteadyWindow {
    /** The runtime names each node's thread {@code node-<name>}. */
    static final String RUNNER_PREFIX = "node-";
    /** JeroMQ's reaper and I/O threads, and the host's bus proxy. */
    static final List<String> TRANSPORT_PREFIXES = List.of("reaper-", "iothread-", "neurorig-bus-proxy");

    private final com.sun.management.ThreadMXBean threads;
    private final long[] ids;
    private final String[] names;
    private final long[] bytesAtOpen;
    private final long[] cpuAtOpen;
    private final long processCpuAtOpen;
    private final Map<String, long[]> gcAtOpen;

    private SteadyWindow(
            com.sun.management.ThreadMXBean threads, long[] ids, String[] names, Map<String, long[]> gcAtOpen) {
        this.threads = threads;
        this.ids = ids;
        this.names = names;
        this.gcAtOpen = gcAtOpen;
        this.bytesAtOpen = threads == null ? new long[0] : threads.getThreadAllocatedBytes(ids);
        this.cpuAtOpen = threads == null ? new long[0] : threads.getThreadCpuTime(ids);
        this.processCpuAtOpen = processCpu();
    }

    /** CPU time of the whole process so far, -1 where the platform does not say. */
    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    /** Opens a window on the runner and transport threads alive now. */
    static SteadyWindow open() {
        Map<String, long[]> gc = collectors();
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean sun)
                || !sun.isThreadAllocatedMemorySupported()
                || !sun.isThreadAllocatedMemoryEnabled()
                || !sun.isThreadCpuTimeSupported()
                || !sun.isThreadCpuTimeEnabled()) {
            return new SteadyWindow(null, new long[0], new String[0], gc);
        }
        long[] all = mx.getAllThreadIds();
        ThreadInfo[] info = mx.getThreadInfo(all);
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            if (info[i] != null && group(info[i].getThreadName()) != null) {
                ids.add(all[i]);
                names.add(info[i].getThreadName());
            }
        }
        return new SteadyWindow(
                sun, ids.stream().mapToLong(Long::longValue).toArray(), names.toArray(String[]::new), gc);
    }

    /** "runners", "transport" or null for a thread outside both. */
    static String group(String threadName) {
        if (threadName.startsWith(RUNNER_PREFIX)) {
            return "runners";
        }
        for (String p : TRANSPORT_PREFIXES) {
            if (threadName.startsWith(p)) {
                return "transport";
            }
        }
        return null;
    }

    /**
     * A collector that pauses the application. ZGC's and G1's concurrent work is reported by beans named
     * "… Cycles" and "… Concurrent …", whose time is not a pause.
     */
    static boolean pauses(String collector) {
        return !collector.contains("Cycles") && !collector.contains("Concurrent");
    }

    /** The figures since {@link #open()}: the window from {@code startSeconds} to {@code endSeconds}. */
    ChainResult.Window close(double startSeconds, double endSeconds, long blocks) {
        Map<String, Long> perThread = new TreeMap<>();
        Map<String, Long> cpuPerThread = new TreeMap<>();
        long runners = -1;
        long transport = -1;
        if (threads != null) {
            long[] now = threads.getThreadAllocatedBytes(ids);
            long[] cpuNow = threads.getThreadCpuTime(ids);
            runners = 0;
            transport = 0;
            for (int i = 0; i < ids.length; i++) {
                if (now[i] < 0 || bytesAtOpen[i] < 0) {
                    continue; // ended within the window
                }
                long d = now[i] - bytesAtOpen[i];
                perThread.merge(names[i], d, Long::sum);
                if (cpuNow[i] >= 0 && cpuAtOpen[i] >= 0) {
                    cpuPerThread.merge(names[i], cpuNow[i] - cpuAtOpen[i], Long::sum);
                }
                if ("runners".equals(group(names[i]))) {
                    runners += d;
                } else {
                    transport += d;
                }
            }
        }
        Map<String, long[]> gc = new LinkedHashMap<>();
        long pauses = 0;
        long pauseMillis = 0;
        for (Map.Entry<String, long[]> e : collectors().entrySet()) {
            long[] was = gcAtOpen.getOrDefault(e.getKey(), new long[2]);
            long[] d = {e.getValue()[0] - was[0], e.getValue()[1] - was[1]};
            gc.put(e.getKey(), d);
            if (pauses(e.getKey())) {
                pauses += d[0];
                pauseMillis += d[1];
            }
        }
        long processNow = processCpu();
        long processCpu = processNow < 0 || processCpuAtOpen < 0 ? -1 : processNow - processCpuAtOpen;
        return new ChainResult.Window(
                startSeconds,
                endSeconds,
                blocks,
                runners,
                transport,
                perThread,
                cpuPerThread,
                processCpu,
                pauses,
                pauseMillis,
                gc);
    }

    /** Per collector: {collections, milliseconds} so far (-1 read as 0: not available). */
    private static Map<String, long[]> collectors() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            m.put(b.getName(), new long[] {Math.max(0, b.getCollectionCount()), Math.max(0, b.getCollectionTime())});
        }
        return m;
    }
}
