package org.neurorig.runtime.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Hashtable;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.neurorig.config.NodeType;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What {@code run} and {@code serve} share once their command line is read: the bus's permission for
 * plaintext off loopback ({@code --insecure}), the web server switched on and off (configuration
 * {@code org.neurorig.web}), and the loop that keeps the host up: a status line each second for the
 * run in progress or IDLE when none runs, following the runs the page or the API start, and on an
 * interrupt (Ctrl-C, SIGTERM) draining the run in progress.
 */
final class HostLoop implements AutoCloseable {
    /** The system property the bus reads before it opens a plaintext endpoint off loopback. */
    static final String INSECURE = "neurorig.bus.insecure";

    private static final Logger LOG = Logger.getLogger(HostLoop.class.getName());
    private static final long LINE_NANOS = 1_000_000_000L;
    private static final long LOOK_MILLIS = 100;

    private final String command;
    private final CommandArgs args;
    private final RigRuntime runtime;
    private final ConfigurationAdmin configAdmin;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean logModes;
    private final String insecureBefore;
    private final long startNanos = System.nanoTime();
    private boolean webTouched;

    /**
     * Sets {@value #INSECURE} when the command line has {@code --insecure}, before the command starts
     * anything that could open an endpoint; {@link #close} puts the property back as it was.
     *
     * @param logModes write each change of mode (IDLE, ACQUIRE, RECORD) to the log: what a service's
     *                 log file needs; {@code run} prints its summary instead
     */
    HostLoop(
            String command,
            CommandArgs args,
            RigRuntime runtime,
            ConfigurationAdmin configAdmin,
            PrintStream out,
            PrintStream err,
            boolean logModes) {
        this.command = command;
        this.args = args;
        this.runtime = runtime;
        this.configAdmin = configAdmin;
        this.out = out;
        this.err = err;
        this.logModes = logModes;
        this.insecureBefore = System.getProperty(INSECURE);
        if (args.has("--insecure")) {
            System.setProperty(INSECURE, "true");
        }
    }

    /**
     * Switches the web bundle's server on at {@code --port} / {@code --host} (absent: its defaults) or
     * off; without the bundle, nothing happens.
     */
    void web(boolean on) {
        webTouched = true;
        try {
            Configuration c = configAdmin.getConfiguration("org.neurorig.web", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("enabled", on);
            props.put("port", args.port());
            props.put("host", args.host());
            c.updateIfDifferent(props);
        } catch (IOException | RuntimeException e) {
            err.println("neurorig " + command + ": could not configure the web server: " + e.getMessage());
        }
    }

    /**
     * Keeps the host up: each second prints the status line of the run in progress, or an IDLE line
     * when none runs ({@code --quiet}: neither), and takes up the runs the page or the API start. Returns
     * on an interrupt, once the run in progress has drained, or with {@code untilEnd} when the run ends;
     * then prints that run's final line.
     *
     * @param run the run the command started, or null
     * @return the last run followed (for a summary), or null when none ran
     */
    RunHandle follow(RunHandle run, boolean untilEnd) {
        boolean quiet = args.has("--quiet");
        StatusLine line = StatusLine.of(run);
        String mode = null;
        long nextLine = System.nanoTime() + LINE_NANOS;
        boolean ended = false; // a run ended or drained here: its final line is due
        try {
            while (true) {
                RunHandle live = runtime.current().filter(r -> !r.ended()).orElse(null);
                if (live != null && live != run) {
                    run = live;
                    line = StatusLine.of(live); // rates count from the new run's start, not the old one's totals
                }
                mode = modeChanged(mode, live);
                if (live == null && untilEnd && run != null) {
                    ended = true;
                    break;
                }
                // Short looks, so that a mode the page or a script holds for a moment is still logged.
                if (live == null) {
                    Thread.sleep(LOOK_MILLIS);
                } else {
                    live.awaitEnd(LOOK_MILLIS, TimeUnit.MILLISECONDS);
                }
                long now = System.nanoTime();
                if (now - nextLine >= 0) {
                    nextLine += LINE_NANOS;
                    if (nextLine - now < 0) {
                        nextLine = now + LINE_NANOS; // after a stall: one line, then the cadence again
                    }
                    if (quiet) {
                        continue;
                    }
                    if (live == null) {
                        out.println(idleLine());
                    } else if (!live.ended()) {
                        out.println(line.format(live.snapshot()));
                    }
                }
            }
        } catch (InterruptedException e) {
            RunHandle live = runtime.current().filter(r -> !r.ended()).orElse(null);
            out.println(live == null ? "stopping" : "stopping: draining queued blocks");
            if (live != null) {
                if (live != run) {
                    run = live;
                    line = StatusLine.of(live);
                }
                ended = true;
                try {
                    live.stop();
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                }
            }
            modeChanged(mode, null);
        }
        if (ended) {
            out.println(line.format(run.snapshot()));
        }
        return run;
    }

    /** Logs a change of mode (when asked to) and answers the mode now. */
    private String modeChanged(String before, RunHandle live) {
        String now = live == null ? "IDLE" : recording(live) ? "RECORD" : "ACQUIRE";
        if (logModes && !now.equals(before)) {
            LOG.info(
                    live == null
                            ? "IDLE: no pipeline running"
                            : now + ": pipeline '" + live.pipeline().name() + "' ("
                                    + live.pipeline().nodes().size() + " nodes)");
        }
        return now;
    }

    /** As the web API tells RECORD: a recorder joined the run, or the pipeline has a recorder node. */
    private static boolean recording(RunHandle run) {
        return run.liveRecorder().isPresent()
                || run.pipeline().nodes().stream().anyMatch(n -> n.type().hasRole(NodeType.RECORDER));
    }

    /** The line that stands for the status line while no pipeline runs: the time since the command began. */
    private String idleLine() {
        return String.format(
                Locale.ROOT,
                "[%6.1fs] IDLE | no pipeline running: the page or the API (PUT /api/pipeline, PUT /api/status) starts one",
                (System.nanoTime() - startNanos) / 1e9);
    }

    /** Switches the web server off if this command switched it, and puts {@value #INSECURE} back. */
    @Override
    public void close() {
        if (webTouched) {
            web(false);
        }
        if (insecureBefore == null) {
            System.clearProperty(INSECURE);
        } else {
            System.setProperty(INSECURE, insecureBefore);
        }
    }
}
