package org.neurorig.bench.internal.chain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PipelineParser;
import org.neurorig.config.Role;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;

/**
 * One measured run of the chain with N probes in this host: the pipeline of {@link #yaml}, parsed
 * and run as {@code neurorig run} would, after an unreported warm-up run of the same pipeline.
 */
final class ChainTrial {
    /** The stream every pass through the chain starts with: one block of it is one chain block. */
    static final String SOURCE_STREAM = "probe.ap";
    /** The runtime's recent quantiles span the last 5–10 s: sampled this long into the window, they are the window's. */
    static final double STEADY_LAG_SECONDS = 10;

    private final RigRuntime runtime;
    private final NodeTypeCatalog catalog;
    private final ChainOptions o;
    private final PrintStream err;

    ChainTrial(RigRuntime runtime, NodeTypeCatalog catalog, ChainOptions o, PrintStream err) {
        this.runtime = runtime;
        this.catalog = catalog;
        this.o = o;
        this.err = err;
    }

    /**
     * The pipeline: {@code sim.ephys} (N probes, 1 ms blocks, real time) → {@code filter.bandpass}
     * (300–6000 Hz, order 3) → {@code filter.car} (one group per probe: a reference across probes would
     * mix unrelated signals; it costs the same) → {@code spikes.threshold} (k 4.5), {@code sink.count} on
     * {@code probe.ap}, {@code car} and {@code spikes}, and with a folder {@code record.openephys} on
     * {@code probe.ap}.
     */
    static String yaml(int probes, Path recordDir) {
        String groups = ProbeGroups.of(probes);
        String yaml = String.format(
                Locale.ROOT,
                """
                name: bench-chain
                nodes:
                  probe:  { type: sim.ephys, config: { probes: %d, units: 32, seed: 1, blockSamples: 30 } }
                  bp:     { type: filter.bandpass, in: probe.ap, config: { lowHz: 300, highHz: 6000, order: 3 } }
                  car:    { type: filter.car, in: bp, config: { groups: [%s] } }
                  spikes: { type: spikes.threshold, in: car, config: { k: 4.5 } }
                  count:  { type: sink.count, in: [probe.ap, car, spikes] }
                """,
                probes,
                groups);
        if (recordDir != null) {
            yaml += "  rec:    { type: record.openephys, in: probe.ap, config: { dir: \""
                    + recordDir.toString().replace("\\", "/").replace("\"", "\\\"") + "\" } }\n";
        }
        return yaml;
    }

    /** Runs N probes: the warm-up run, then the measured one; deletes their recordings unless kept. */
    ChainResult run(int probes) throws PipelineException, RigException, IOException, InterruptedException {
        Path recordings = null;
        if (o.record() != null) {
            Files.createDirectories(o.record());
            recordings = Files.createTempDirectory(o.record(), "bench-chain-" + probes + "p-");
        }
        try {
            PipelineParser parser = new PipelineParser(catalog);
            if (o.warmupSeconds() > 0) {
                Pipeline warm = parser.parse(
                        "bench-chain.yaml", yaml(probes, recordings == null ? null : recordings.resolve("warmup")));
                RunHandle run = runtime.start(warm, RunOptions.defaults().withDuration(o.warmupSeconds()));
                awaitEnd(run, o.warmupSeconds());
                // The warm-up's blocks (its queues backed up while the code was cold) are garbage
                // now: collected here, they do not pause the measured run's first seconds.
                System.gc();
            }
            Pipeline p = parser.parse(
                    "bench-chain.yaml", yaml(probes, recordings == null ? null : recordings.resolve("run")));
            return measure(p, probes);
        } finally {
            if (recordings != null && !o.keep()) {
                delete(recordings);
            }
        }
    }

    private ChainResult measure(Pipeline p, int probes) throws RigException, InterruptedException {
        RunHandle run = runtime.start(p, RunOptions.defaults().withDuration(o.seconds()));
        try {
            // acquisition start on this thread's clock
            long start = System.nanoTime() - run.snapshot().elapsedNanos();
            run.awaitEnd(remaining(start, o.skipSeconds()), TimeUnit.NANOSECONDS);
            SteadyWindow window = SteadyWindow.open();
            RunSnapshot atOpen = run.snapshot();
            double t0 = (System.nanoTime() - start) / 1e9;
            // Each second from 10 s into the window on, the runtime's p99 of the last 5–10 s covers
            // window blocks only: the highest of those is the window's p99 (start-up left out).
            Map<String, Double> steady = new HashMap<>();
            long close = start + (long) ((o.seconds() - ChainOptions.WINDOW_END_MARGIN_SECONDS) * 1e9);
            long firstSample = System.nanoTime() + (long) (STEADY_LAG_SECONDS * 1e9);
            while (!run.awaitEnd(Math.min(1_000_000_000L, Math.max(0, close - System.nanoTime())), TimeUnit.NANOSECONDS)
                    && System.nanoTime() < close) {
                if (System.nanoTime() >= firstSample) {
                    for (StreamMetrics m : run.snapshot().streams()) {
                        steady.merge(m.name(), m.recentHopP99Micros(), Math::max);
                    }
                }
            }
            RunSnapshot atClose = run.snapshot();
            double t1 = (System.nanoTime() - start) / 1e9;
            ChainResult.Window w = window.close(t0, t1, blocks(atClose, SOURCE_STREAM) - blocks(atOpen, SOURCE_STREAM));
            awaitEnd(run, o.seconds());
            RunSnapshot end = run.snapshot();
            return result(p, probes, end, atClose, w, steady);
        } catch (InterruptedException e) {
            Thread.interrupted(); // so that the run can still be stopped and drained
            run.stop();
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Waits for the run to end by itself; stops it when it takes far longer than its data. */
    private void awaitEnd(RunHandle run, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) ((2 * seconds + 60) * 1e9);
        while (!run.awaitEnd(1, TimeUnit.SECONDS)) {
            if (System.nanoTime() > deadline) {
                err.printf(
                        Locale.ROOT,
                        "neurorig bench chain: the run of %.0f s has not ended after %.0f s; stopping it%n",
                        seconds,
                        2 * seconds + 60);
                run.stop();
            }
        }
    }

    private static long remaining(long start, double seconds) {
        return Math.max(0, start + (long) (seconds * 1e9) - System.nanoTime());
    }

    private static long blocks(RunSnapshot s, String stream) {
        for (StreamMetrics m : s.streams()) {
            if (m.name().equals(stream)) {
                return m.blocks();
            }
        }
        return 0;
    }

    /** The figures: counts and costs from the end of the run, node status from the steady window. */
    static ChainResult result(
            Pipeline p,
            int probes,
            RunSnapshot end,
            RunSnapshot inWindow,
            ChainResult.Window w,
            Map<String, Double> steadyP99) {
        List<ChainResult.Node> nodes = new ArrayList<>();
        for (NodeMetrics m : end.nodes()) {
            String status = m.status().name();
            for (NodeMetrics b : inWindow.nodes()) {
                if (b.name().equals(m.name())) {
                    status = b.status().name();
                }
            }
            boolean source =
                    p.node(m.name()).map(n -> n.type().role() == Role.SOURCE).orElse(false);
            Long bytes = w.threads().get(SteadyWindow.RUNNER_PREFIX + m.name());
            Long cpu = w.threadCpuNanos().get(SteadyWindow.RUNNER_PREFIX + m.name());
            nodes.add(new ChainResult.Node(
                    m.name(),
                    m.type(),
                    status,
                    m.blocksIn(),
                    m.meanProcessMicros(),
                    m.overruns(),
                    m.errors(),
                    source,
                    bytes == null ? Double.NaN : w.perBlock(bytes),
                    cpu == null ? Double.NaN : w.cores(cpu)));
        }
        List<ChainResult.Stream> streams = new ArrayList<>();
        double dataSeconds = 0;
        for (StreamMetrics s : end.streams()) {
            List<String> consumers = new ArrayList<>();
            for (NodeSpec n : p.nodes()) {
                if (n.inputs().contains(s.name())) {
                    consumers.add(n.name());
                }
            }
            if (s.name().equals(SOURCE_STREAM) && s.sampleRate() > 0) {
                dataSeconds = s.samples() / s.sampleRate();
            }
            streams.add(new ChainResult.Stream(
                    s.name(),
                    List.copyOf(consumers),
                    s.blocks(),
                    s.samples(),
                    s.hopP50Micros(),
                    s.hopP99Micros(),
                    s.hopP999Micros(),
                    s.recentHopP99Micros(),
                    steadyP99.getOrDefault(s.name(), Double.NaN),
                    s.drops(),
                    s.gaps()));
        }
        return new ChainResult(probes, dataSeconds, end.elapsedNanos() / 1e9, nodes, streams, w);
    }

    private void delete(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            err.println("neurorig bench chain: could not delete the recording " + dir + ": " + e.getMessage());
        }
    }
}
