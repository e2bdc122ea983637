package org.neurorig.net.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neurorig.command.Command;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig bench hosts [--quick] [--seconds S] [--json OUT]}: one hop between two hosts over
 * a real veth pair, NeuroRig's edge beside raw JeroMQ, plaintext and CURVE (docs/BENCHMARKS.md). It
 * makes a network namespace and the pair with {@code ip} (so it must run as root), starts this
 * distribution's {@code bin/neurorig bench hosts --far-end} inside the namespace as the far host,
 * and deletes both when it ends, fails or is stopped (Ctrl-C). Exit codes: 0 done, 1 failed or a
 * block was lost, 64 bad argument, 77 not permitted (not root, or no network namespaces here).
 *
 * <p>It lives in this bundle, not in the bench bundle like the other benchmarks, because it drives
 * the edge's own classes, which this bundle does not export.
 */
@Component(service = Command.class)
public final class HostsBenchCommand implements Command {
    static final int NOT_PERMITTED = 77;
    static final String ARGS = "[--quick] [--seconds S] [--json OUT]";
    static final String USAGE = "usage: neurorig bench hosts " + ARGS + "\n"
            + "  --quick       a check in about 30 s, numbers not for quoting (default: about 3 minutes)\n"
            + "  --seconds S   each flat-out throughput window, 0.1 to 3600 s (default 5)\n"
            + "  --json OUT    also write the report as JSON to the file OUT\n"
            + "  (must run as root: it makes a network namespace and a veth pair with `ip`)";
    static final String FAR_END = "--far-end";

    /** How long the far end's host may take to start (a busy machine). */
    private static final long HELLO_MILLIS = 120_000;

    private BundleContext context;

    /** Where the far end's requests come from: this process's standard input (a pipe from the near end). */
    InputStream farEndInput = System.in;

    @Activate
    void activate(BundleContext ctx) {
        context = ctx;
    }

    @Override
    public String name() {
        return "bench hosts";
    }

    @Override
    public String usage() {
        return ARGS;
    }

    @Override
    public String summary() {
        return "cross-host hop over a veth pair: NeuroRig's edge beside raw JeroMQ tcp, plaintext and CURVE (root)";
    }

    /** What the command line asks for. */
    record Options(HostsBenchSettings settings, Path json, boolean farEnd) {}

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("neurorig bench hosts: " + e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        }
        if (o == null) {
            out.println(USAGE);
            return 0;
        }
        if (o.farEnd()) {
            new HostsBenchFarEnd(new HostsBenchLink(farEndInput, out, "far-end-input")).serve();
            return 0;
        }
        String notRoot = notRoot();
        if (notRoot != null) {
            err.println("neurorig bench hosts: must run as root (" + notRoot
                    + "): it makes a network namespace and a veth pair with `ip`");
            return NOT_PERMITTED;
        }
        String home = context == null ? null : context.getProperty("neurorig.home");
        Path neurorig = Path.of(home == null ? "." : home).toAbsolutePath().resolve("bin/neurorig");
        if (!Files.isExecutable(neurorig)) {
            err.println("neurorig bench hosts: the far end runs " + neurorig
                    + ", which is missing: run the command from a built distribution");
            return 1;
        }
        Path tmp = Files.createTempDirectory("neurorig-bench-hosts");
        try {
            HostsBenchReport report = near(o.settings(), neurorig, tmp, out);
            out.println();
            report.print(out);
            if (o.json() != null) {
                new ObjectMapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValue(o.json().toFile(), report.toJson());
                out.println("JSON report: " + o.json());
            }
            return report.rows().stream().allMatch(HostsBenchRow::lossless) ? 0 : 1;
        } catch (HostsBenchNetns.NotPermitted e) {
            err.println("neurorig bench hosts: network namespaces are not permitted here: " + e.getMessage());
            return NOT_PERMITTED;
        } catch (IOException | RuntimeException e) {
            err.println("neurorig bench hosts: failed: " + e.getMessage());
            return 1;
        } finally {
            deleteTree(tmp);
        }
    }

    /** The namespace, the far end in it, the rows; everything made is removed again, whatever happens. */
    private static HostsBenchReport near(HostsBenchSettings settings, Path neurorig, Path tmp, PrintStream out)
            throws Exception {
        Path conf = tmp.resolve("conf");
        HostsBench.makeKeys(conf);
        try (HostsBenchNetns net = HostsBenchNetns.create()) {
            out.printf(
                    "veth pair: %s here (%s), %s in namespace %s; starting the far end ...%n",
                    net.rootAddress, net.rootSide, net.nsAddress, net.ns);
            ProcessBuilder pb = new ProcessBuilder(net.inside(List.of(neurorig.toString(), "bench", "hosts", FAR_END)))
                    .redirectErrorStream(true);
            pb.environment().put("NEURORIG_LOG_DIR", tmp.resolve("far-end-logs").toString());
            pb.environment().merge("NEURORIG_JAVA_OPTS", "-Xmx512m", (a, b) -> a + " " + b);
            Process far = pb.start();
            try {
                HostsBenchLink link = new HostsBenchLink(far.getInputStream(), far.getOutputStream(), "far-end");
                JsonNode hello = link.receive("hello", HELLO_MILLIS);
                HostsBenchReport report = new HostsBench(settings, out)
                        .measure(
                                link,
                                net.rootAddress,
                                conf,
                                hello.path("anchorNanos").asLong());
                link.send(Map.of("op", "quit"));
                return report;
            } finally {
                stop(far);
            }
        }
    }

    /** Ends the far end: it quits on its own when asked or when its input closes; else it is killed. */
    private static void stop(Process far) {
        boolean interrupted = Thread.interrupted(); // Ctrl-C: clean up all the same
        try {
            far.getOutputStream().close();
            // it has nothing to save: killed when its host takes long to stop, so that a Ctrl-C
            // finishes well within the launcher's 20 s
            if (!far.waitFor(interrupted ? 2 : 5, TimeUnit.SECONDS)) {
                far.destroyForcibly();
                far.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            far.destroyForcibly();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Why this process is not root (its effective user id), or null when it is. */
    static String notRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String effective = line.substring(4).trim().split("\\s+")[1];
                    return effective.equals("0") ? null : "effective user id " + effective;
                }
            }
            return "no Uid line in /proc/self/status";
        } catch (IOException | RuntimeException e) {
            return "cannot read /proc/self/status: Linux only";
        }
    }

    /**
     * The options {@code args} ask for, or null for {@code --help}.
     *
     * @throws IllegalArgumentException naming the option or value at fault
     */
    static Options parse(List<String> args) {
        boolean quick = false;
        boolean farEnd = false;
        Double seconds = null;
        Path json = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--quick" -> quick = true;
                case FAR_END -> farEnd = true;
                case "--seconds" -> seconds = seconds(value(args, ++i, a));
                case "--json" -> json = Path.of(value(args, ++i, a));
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        HostsBenchSettings s = quick ? HostsBenchSettings.quick() : HostsBenchSettings.full();
        if (seconds != null) {
            s = s.withThroughputSeconds(seconds);
        }
        return new Options(s, json, farEnd);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static double seconds(String v) {
        double s;
        try {
            s = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seconds '" + v + "' is not a number");
        }
        if (!(s >= 0.1 && s <= 3600)) {
            throw new IllegalArgumentException("--seconds " + v + " is outside 0.1..3600");
        }
        return s;
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary folder: left for the system to clear
        }
    }
}
