package org.neurorig.bench.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.neurorig.command.Command;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PipelineParser;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurorig bench soak --minutes N [--port P]}: runs the distribution's demo rig
 * ({@code examples/demo.yaml}) for N minutes while everything that could leak is exercised: a
 * hot-swap every few seconds (in turn: the spikes bundle updated in place, the faulty node re-created
 * by a changed key, the band-pass corner changed live), a node that throws every few seconds
 * ({@code bench.faulty} on a source of its own), a recorder added and removed every few seconds, and
 * a subscriber outside the rig that reads the 384-channel AP stream from the bus's tcp endpoint far
 * too slowly. Once a minute it prints resident memory, heap after a full GC, threads, open file
 * descriptors, and the rig's blocks, gaps (on streams whose consumers are all lossless), drops,
 * swaps and faults. Exit code 0 when no lossless stream had a gap. Not a CI test: the lead runs
 * it for 30 minutes ({@code docs/BENCHMARKS.md}); {@code --seconds} and {@code --report-seconds}
 * shorten it for the smoke test.
 */
@Component(service = Command.class)
public final class SoakBenchCommand implements Command {
    static final String ARGS = "--minutes N [--port P]";
    static final String SUMMARY = "the demo rig under hot-swaps, a faulty node, a recorder and a slow outside"
            + " subscriber; one line of process and rig figures a minute";
    /** The faulty node fails every this many of its source's blocks: 100 blocks/s, so every 5 s. */
    static final int FAIL_EVERY = 500;

    static final String SPIKES_BUNDLE = "org.neurorig.plugin.spikes";

    @Reference
    private NodeTypeCatalog catalog;

    @Reference
    private RigRuntime runtime;

    @Reference
    private ConfigurationAdmin configAdmin;

    private BundleContext context;

    @Activate
    void activate(BundleContext ctx) {
        context = ctx;
    }

    /** Command-line settings. */
    record Options(double seconds, double reportSeconds, double swapSeconds, double recordSeconds, int port) {
        static Options parse(List<String> args) {
            double seconds = -1;
            double report = 60;
            double swap = 5;
            double record = 10;
            int port = -1;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args.get(++i);
                switch (a) {
                    case "--minutes" -> seconds = positive(a, v) * 60;
                    case "--seconds" -> seconds = positive(a, v);
                    case "--report-seconds" -> report = positive(a, v);
                    case "--swap-seconds" -> swap = positive(a, v);
                    case "--record-seconds" -> record = positive(a, v);
                    case "--port" -> {
                        port = Integer.parseInt(v);
                        if (port < 1 || port > 65535) {
                            throw new IllegalArgumentException("--port expects a TCP port 1..65535, got " + v);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (seconds < 0) {
                throw new IllegalArgumentException("--minutes is required");
            }
            return new Options(seconds, report, swap, record, port);
        }

        private static double positive(String key, String v) {
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " expects a number, got '" + v + "'");
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(key + " must be > 0, got " + v);
            }
            return d;
        }
    }

    @Override
    public String name() {
        return "bench soak";
    }

    @Override
    public String usage() {
        return ARGS;
    }

    @Override
    public String summary() {
        return SUMMARY;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (RuntimeException e) {
            err.println("neurorig bench soak: " + e.getMessage());
            err.println("usage: neurorig bench soak " + ARGS + "   (" + SUMMARY + ")");
            return USAGE_ERROR;
        }
        String homeProperty = context.getProperty("neurorig.home");
        Path demo = Path.of(homeProperty == null ? "." : homeProperty).resolve("examples/demo.yaml");
        Path recordings = null;
        try {
            recordings = Files.createTempDirectory("neurorig-soak");
            Soak soak = new Soak(o, demo, recordings, out, err);
            return soak.run();
        } catch (PipelineException e) {
            e.errors().forEach(err::println);
            return 2;
        } catch (IOException | RigException | IllegalStateException e) {
            err.println("neurorig bench soak: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            deleteTree(recordings, err);
        }
    }

    /** One soak run: the rig, its disturbances and its reports. */
    private final class Soak {
        private final Options o;
        private final Path demo;
        private final Path recordings;
        private final PrintStream out;
        private final PrintStream err;
        private final Pipeline plain;
        private final Pipeline recorded;
        private Pipeline active;
        private long changes;
        private long failedChanges;
        private long recordingsMade;
        private int swapTurn;

        Soak(Options o, Path demo, Path recordings, PrintStream out, PrintStream err)
                throws IOException, PipelineException {
            this.o = o;
            this.demo = demo;
            this.recordings = recordings;
            this.out = out;
            this.err = err;
            if (!Files.isRegularFile(demo)) {
                throw new IOException("the demo pipeline " + demo + " is missing (the soak runs the distribution's "
                        + "examples/demo.yaml)");
            }
            Pipeline base = new PipelineParser(catalog).parse(demo);
            for (String need : new String[] {"probe", "bp", "spikes"}) {
                if (base.node(need).isEmpty()) {
                    throw new IllegalStateException(demo + " has no node '" + need + "', which the soak changes");
                }
            }
            // The demo stays stated once, in its file; the soak adds its own nodes through the model.
            plain = base.withNode(
                            "beat",
                            type("sim.sine"),
                            List.of(),
                            Map.of("channels", 1, "rate", 1000, "blockSamples", 10))
                    .withNode("faulty", type("bench.faulty"), List.of("beat"), Map.of("failEvery", FAIL_EVERY));
            NodeType recorder = catalog.all().stream()
                    .filter(t -> t.hasRole(NodeType.RECORDER))
                    .min(Comparator.comparing(NodeType::name))
                    .orElseThrow(() -> new IllegalStateException(
                            "no installed node type has role '" + NodeType.RECORDER + "': the soak records with one"));
            recorded = plain.withNode(
                    "soakrec",
                    recorder,
                    List.of("probe.lfp", "probe.ttl", "spikes"),
                    Map.of("dir", recordings.toString()));
        }

        private NodeType type(String name) {
            return catalog.find(name)
                    .orElseThrow(() -> new IllegalStateException(
                            "the soak needs node type '" + name + "', which no installed bundle provides"));
        }

        int run() throws RigException, InterruptedException {
            String endpoint = context.getProperty("neurorig.bus.subscribe");
            if (endpoint == null || endpoint.isBlank()) {
                endpoint = org.neurorig.bus.BusProxy.DEFAULT_SUBSCRIBE_ENDPOINT;
            }
            out.printf(
                    Locale.ROOT,
                    "soak: %s + beat -> bench.faulty (fails every %d blocks) for %.0f s; every %.0f s"
                            + " a hot-swap (%s updated, faulty re-created, bp lowHz live); every %.0f s the recorder on/off"
                            + " (probe.lfp, probe.ttl, spikes into %s, deleted); a subscriber at %s reading probe.ap, 20 ms per"
                            + " message%n",
                    demo.getFileName(),
                    FAIL_EVERY,
                    o.seconds(),
                    o.swapSeconds(),
                    SPIKES_BUNDLE,
                    o.recordSeconds(),
                    recordings,
                    endpoint);
            if (o.port() > 0) {
                webServer(true, o.port(), err);
            }
            RunHandle run = runtime.start(plain, RunOptions.defaults());
            active = plain;
            boolean recording = false;
            SlowSubscriber slow = new SlowSubscriber(endpoint, "probe.ap", 20);
            long start = System.nanoTime();
            long end = start + seconds(o.seconds());
            long nextReport = start + seconds(o.reportSeconds());
            long nextSwap = start + seconds(o.swapSeconds());
            long nextRecord = start + seconds(Math.min(2, o.recordSeconds()));
            Totals last = null;
            try {
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    if (now >= nextSwap) {
                        swap(run);
                        nextSwap += seconds(o.swapSeconds());
                    } else if (now >= nextRecord) {
                        recording = toggleRecorder(run, recording);
                        nextRecord += seconds(o.recordSeconds());
                    } else if (now >= nextReport) {
                        last = totals(run.snapshot(), slow);
                        out.println(line((now - start) / 1e9, ProcessGauges.read(), last));
                        nextReport += seconds(o.reportSeconds());
                    } else {
                        long next = Math.min(end, Math.min(nextSwap, Math.min(nextRecord, nextReport)));
                        TimeUnit.NANOSECONDS.sleep(Math.max(1, next - now));
                    }
                }
                if (recording) {
                    toggleRecorder(run, true);
                }
            } finally {
                run.stop();
                slow.close();
                if (o.port() > 0) {
                    webServer(false, o.port(), err);
                }
            }
            Totals t = totals(run.snapshot(), slow);
            out.println("soak done " + line((System.nanoTime() - start) / 1e9, ProcessGauges.read(), t));
            out.printf("  changes %d (%d refused or failed), recordings %d%n", changes, failedChanges, recordingsMade);
            for (StreamMetrics s : run.snapshot().streams()) {
                if (s.gaps() > 0 || s.drops() > 0) {
                    out.printf(
                            "  stream %-14s gaps %d drops %d%s%n",
                            s.name(),
                            s.gaps(),
                            s.drops(),
                            t.lossless.contains(s.name()) ? " (all consumers lossless)" : "");
                }
            }
            out.println(t.gaps == 0 ? "no gap on any lossless stream" : "GAPS on lossless streams: " + t.gaps);
            return t.gaps == 0 ? 0 : 1;
        }

        /** One of three changes, in turn; a refusal is counted and named, never fatal. */
        private void swap(RunHandle run) {
            int turn = swapTurn++;
            String what = "";
            try {
                switch (turn % 3) {
                    case 0 -> {
                        what = "update " + SPIKES_BUNDLE;
                        Bundle b = bundle(SPIKES_BUNDLE);
                        b.update();
                        // it exports nothing, so refreshing it restarts nothing else and frees the old revision
                        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b));
                    }
                    case 1 -> {
                        what = "faulty failEvery";
                        run.reconfigure(
                                "faulty",
                                "failEvery",
                                Integer.toString((turn / 3) % 2 == 0 ? FAIL_EVERY - 1 : FAIL_EVERY));
                    }
                    default -> {
                        what = "bp lowHz";
                        run.reconfigure("bp", "lowHz", (turn / 3) % 2 == 0 ? "310" : "300");
                    }
                }
                changes++;
            } catch (RigException | BundleException | RuntimeException e) {
                failedChanges++;
                changes++;
                if (failedChanges <= 5) {
                    out.println("  change '" + what + "' failed: " + e.getMessage());
                }
            }
        }

        private boolean toggleRecorder(RunHandle run, boolean recording) {
            try {
                Pipeline next = recording ? plain : recorded;
                if (!run.applyLive(next)) {
                    throw new RigException("the runtime could not apply it live");
                }
                active = next;
                if (recording) {
                    deleteContents(recordings, out); // a soak watches memory, not the disk filling
                } else {
                    recordingsMade++;
                }
                return !recording;
            } catch (RigException | RuntimeException e) {
                failedChanges++;
                if (failedChanges <= 5) {
                    out.println("  recorder " + (recording ? "stop" : "start") + " failed: " + e.getMessage());
                }
                return recording;
            }
        }

        private Totals totals(RunSnapshot snap, SlowSubscriber slow) {
            List<String> lossless = new ArrayList<>();
            for (StreamMetrics s : snap.streams()) {
                boolean all = true;
                for (NodeSpec n : active.nodes()) {
                    if (n.inputs().contains(s.name())
                            && (n.type().delivery().equals("live") || n.name().equals("faulty"))) {
                        all = false; // live consumers are dropped for by design; the faulty one is meant to fail
                    }
                }
                if (all) {
                    lossless.add(s.name());
                }
            }
            long blocks = 0;
            long gaps = 0;
            long drops = 0;
            for (StreamMetrics s : snap.streams()) {
                blocks += s.blocks();
                drops += s.drops();
                if (lossless.contains(s.name())) {
                    gaps += s.gaps();
                }
            }
            long swaps = 0;
            long faults = 0;
            for (NodeMetrics n : snap.nodes()) {
                swaps += n.swaps();
                if (n.name().equals("faulty")) {
                    faults = n.errors();
                }
            }
            return new Totals(blocks, gaps, drops, swaps, faults, recordingsMade, slow.messages(), lossless);
        }

        private Bundle bundle(String symbolicName) {
            for (Bundle b : context.getBundles()) {
                if (symbolicName.equals(b.getSymbolicName())) {
                    return b;
                }
            }
            throw new IllegalStateException("bundle " + symbolicName + " is not installed");
        }
    }

    /** The rig's figures for one report. */
    record Totals(
            long blocks,
            long gaps,
            long drops,
            long swaps,
            long faults,
            long recordings,
            long slowMessages,
            List<String> lossless) {}

    /** One report line: {@code [   60 s] rss 412.3 MB | heap 95.1 MB | threads 87 | fds 210 | blocks … }. */
    static String line(double elapsedSeconds, ProcessGauges g, Totals t) {
        return String.format(
                Locale.ROOT,
                "[%5.0f s] rss %.1f MB | heap %.1f MB | threads %d | fds %d | blocks %d | "
                        + "gaps %d | drops %d | swaps %d | faults %d | recordings %d | slow-sub %d",
                elapsedSeconds,
                mb(g.rssBytes()),
                mb(g.heapAfterGcBytes()),
                g.threads(),
                g.fileDescriptors(),
                t.blocks(),
                t.gaps(),
                t.drops(),
                t.swaps(),
                t.faults(),
                t.recordings(),
                t.slowMessages());
    }

    private static double mb(long bytes) {
        return bytes < 0 ? -1 : bytes / 1048576.0;
    }

    private static long seconds(double s) {
        return Math.round(s * 1e9);
    }

    /** Switches the web bundle's page and API on at {@code port} or off, as {@code neurorig run --port} does. */
    private void webServer(boolean on, int port, PrintStream err) {
        try {
            Configuration c = configAdmin.getConfiguration("org.neurorig.web", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("enabled", on);
            props.put("port", port);
            props.put("host", "");
            c.updateIfDifferent(props);
        } catch (IOException | RuntimeException e) {
            err.println("neurorig bench soak: could not configure the web server: " + e.getMessage());
        }
    }

    private static void deleteContents(Path dir, PrintStream out) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                deleteTree(p, out);
            }
        } catch (IOException e) {
            out.println("  could not empty " + dir + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path p, PrintStream out) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            out.println("  could not delete " + p + ": " + e.getMessage());
        }
    }
}
