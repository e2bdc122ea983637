package org.neurorig.bench.internal.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one measured run of the chain with {@code probes} probes.
 *
 * @param probes      probes of {@code sim.ephys}
 * @param dataSeconds seconds of data the source produced ({@code probe.ap} samples ÷ 30 kHz)
 * @param wallSeconds from acquisition start until the run ended: every queue drained, every node stopped
 * @param nodes       per node, in topological order
 * @param streams     per stream, in topological order of their producers
 * @param window      allocation and GC over the steady window
 */
record ChainResult(
        int probes, double dataSeconds, double wallSeconds, List<Node> nodes, List<Stream> streams, Window window) {
    /** Real time: at least this many seconds of data per wall second. */
    static final double MIN_REAL_TIME_FACTOR = 0.99;
    /** The latency bound for every hop of the chain. */
    static final double MAX_HOP_P99_MICROS = 2000;

    /**
     * One node.
     *
     * @param blocks          blocks handed to it (a source: reads that produced data)
     * @param meanMicros      mean duration of a call (a source's read includes waiting for its block to fall due)
     * @param allocBytesPerBlock bytes its runner thread allocated in the steady window per chain block; NaN when
     *                        not measured
     * @param cpuCores        CPU time of its runner thread over the steady window per second of the window: the
     *                        share of one core it used; NaN when not measured
     */
    record Node(
            String name,
            String type,
            String status,
            long blocks,
            double meanMicros,
            long overruns,
            long errors,
            boolean source,
            double allocBytesPerBlock,
            double cpuCores) {}

    /**
     * One stream and its hops (publish → receive on each consumer's input; the runtime reports the worst
     * consumer's quantiles, over the whole run).
     *
     * @param recentP99Micros the same p99 over the last 5–10 s of the run only
     * @param p999Micros      99.9th percentile of the same
     * @param steadyP99Micros the p99 over the steady window: the highest p99 of the last 5–10 s, sampled
     *                        each second from 10 s into the window on, so that only the window's blocks
     *                        count; NaN when the window is too short for that (the whole run's p99 is
     *                        judged then)
     */
    record Stream(
            String name,
            List<String> consumers,
            long blocks,
            long samples,
            double p50Micros,
            double p99Micros,
            double p999Micros,
            double recentP99Micros,
            double steadyP99Micros,
            long drops,
            long gaps) {
        /** The p99 the criteria judge: the steady window's where measured, else the whole run's. */
        double judgedP99Micros() {
            return Double.isNaN(steadyP99Micros) ? p99Micros : steadyP99Micros;
        }
    }

    /**
     * Allocation and GC from {@code startSeconds} to {@code endSeconds} after acquisition started.
     *
     * @param blocks         {@code probe.ap} blocks published in the window: one per pass through the chain
     * @param runnerBytes    allocated by the runner threads ({@code node-*}); -1 when not measured
     * @param transportBytes allocated by the transport threads (JeroMQ's {@code reaper-*}, {@code iothread-*},
     *                       the bus proxy); -1 when not measured
     * @param threads        bytes per thread name, as measured
     * @param threadCpuNanos CPU nanoseconds per thread name, as measured
     * @param processCpuNanos CPU nanoseconds of the whole process (GC and JIT included); -1 when not measured
     * @param gcPauses       collections by the pausing collectors
     * @param gcPauseMillis  their total time
     * @param collectors     per collector: {count, milliseconds}, pausing or not
     */
    record Window(
            double startSeconds,
            double endSeconds,
            long blocks,
            long runnerBytes,
            long transportBytes,
            Map<String, Long> threads,
            Map<String, Long> threadCpuNanos,
            long processCpuNanos,
            long gcPauses,
            double gcPauseMillis,
            Map<String, long[]> collectors) {
        double perBlock(long bytes) {
            return bytes < 0 || blocks <= 0 ? Double.NaN : (double) bytes / blocks;
        }

        /** {@code nanos} of CPU per second of the window: cores used; NaN when not measured. */
        double cores(long nanos) {
            double wall = endSeconds - startSeconds;
            return nanos < 0 || !(wall > 0) ? Double.NaN : nanos / 1e9 / wall;
        }

        double totalPerBlock() {
            return runnerBytes < 0 || transportBytes < 0 ? Double.NaN : perBlock(runnerBytes + transportBytes);
        }
    }

    double realTimeFactor() {
        return wallSeconds > 0 ? dataSeconds / wallSeconds : 0;
    }

    long drops() {
        return streams.stream().mapToLong(Stream::drops).sum();
    }

    long gaps() {
        return streams.stream().mapToLong(Stream::gaps).sum();
    }

    long sourceOverruns() {
        return nodes.stream().filter(Node::source).mapToLong(Node::overruns).sum();
    }

    /** The stream with consumers whose hop p99 is the highest, or null when no stream has consumers. */
    Stream worstHop() {
        Stream worst = null;
        for (Stream s : streams) {
            if (!s.consumers().isEmpty() && (worst == null || s.p99Micros() > worst.p99Micros())) {
                worst = s;
            }
        }
        return worst;
    }

    /** What keeps this run from counting as real time for {@code --find-max}; empty when nothing does. */
    List<String> failures() {
        List<String> why = new ArrayList<>();
        if (!(realTimeFactor() >= MIN_REAL_TIME_FACTOR)) {
            why.add(String.format(Locale.ROOT, "real time %.3f < %.2f", realTimeFactor(), MIN_REAL_TIME_FACTOR));
        }
        if (sourceOverruns() > 0) {
            why.add(sourceOverruns() + " source overrun(s)");
        }
        if (drops() > 0) {
            why.add(drops() + " drop(s)");
        }
        if (gaps() > 0) {
            why.add(gaps() + " gap(s)");
        }
        for (Stream s : streams) {
            if (!s.consumers().isEmpty() && s.judgedP99Micros() > MAX_HOP_P99_MICROS) {
                why.add(String.format(
                        Locale.ROOT,
                        "%shop p99 %.0f us > %.0f us at %s",
                        Double.isNaN(s.steadyP99Micros()) ? "" : "steady ",
                        s.judgedP99Micros(),
                        MAX_HOP_P99_MICROS,
                        s.name()));
            }
        }
        return why;
    }
}
