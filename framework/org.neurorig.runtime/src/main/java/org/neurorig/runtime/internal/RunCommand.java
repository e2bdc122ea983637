package org.neurorig.runtime.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.neurorig.command.Command;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PipelineParser;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurorig run FILE [--duration S] [--summary OUT.json] [--record DIR] [--strict] [--quiet] [--no-web] [--port N] [--host A]}:
 * validates, starts (with {@code --record}, plus a node of the installed recorder type named {@code rec}
 * recording every output stream it can into DIR), prints a status line per second, and on the duration's end or an interrupt
 * (Ctrl-C) stops without losing queued blocks and writes the summary. The web bundle serves the page and
 * API meanwhile (configuration {@code org.neurorig.web}; {@code --port N}, {@code --host A}, {@code --no-web}); without a
 * duration, a run stopped from the page keeps the command up so the page can start it again.
 * A node that cannot start is shown OFFLINE or FAILED with the reason and retried while the rest runs;
 * {@code --strict} makes that a failed start instead (all or nothing, for scripts).
 * Exit codes: 0 ran, 2 invalid pipeline file, 1 could not start, 64 bad command line.
 */
@Component(service = Command.class)
public final class RunCommand implements Command {
    static final String USAGE = "FILE [--duration SECONDS] [--summary OUT.json] [--record DIR] [--strict] [--quiet]"
            + " [--no-web] [--port N] [--host ADDRESS]";

    @Reference
    private NodeTypeCatalog catalog;

    @Reference
    private RigRuntime runtime;

    @Reference
    private ConfigurationAdmin configAdmin;

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "validate and run a pipeline, a status line each second, the live page; Ctrl-C stops without loss";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandArgs a;
        try {
            a = CommandArgs.parse(
                    args,
                    Set.of("--duration", "--summary", "--port", "--record", "--host"),
                    Set.of("--quiet", "--no-web", "--strict"));
            if (a.positional.size() != 1) {
                throw new IllegalArgumentException("expected one pipeline file, got " + a.positional);
            }
        } catch (IllegalArgumentException e) {
            err.println("neurorig run: " + e.getMessage());
            err.println("usage: neurorig run " + USAGE);
            return USAGE_ERROR;
        }
        Pipeline p;
        try {
            p = new PipelineParser(catalog).parse(Path.of(a.positional.get(0)));
            p.warnings().forEach(err::println);
        } catch (PipelineException e) {
            e.errors().forEach(err::println);
            return 2;
        }
        String recordDir = a.options.get("--record");
        if (recordDir != null) {
            try {
                p = RecorderNode.added(p, recordDir, catalog).pipeline();
            } catch (IllegalArgumentException e) {
                err.println("neurorig run: " + e.getMessage());
                return USAGE_ERROR;
            } catch (PipelineException e) {
                err.println("neurorig run: --record could not add a recorder node to " + p.fileName() + ":");
                e.errors().forEach(err::println);
                return 2;
            }
        }
        double duration;
        try {
            duration = a.number("--duration", 0);
        } catch (IllegalArgumentException e) {
            err.println("neurorig run: " + e.getMessage());
            return USAGE_ERROR;
        }
        int port;
        try {
            port = (int) a.number("--port", 0);
            if (port < 0 || port > 65535 || port != a.number("--port", 0)) {
                throw new IllegalArgumentException(
                        "--port expects a TCP port 1..65535, got '" + a.options.get("--port") + "'");
            }
        } catch (IllegalArgumentException e) {
            err.println("neurorig run: " + e.getMessage());
            return USAGE_ERROR;
        }
        // another address than loopback serves the page to other machines; changes then need the token
        String host = a.options.getOrDefault("--host", "").trim();
        if (a.options.containsKey("--host") && host.isEmpty()) {
            err.println("neurorig run: --host expects an address to bind, e.g. 0.0.0.0 or 192.168.1.20");
            return USAGE_ERROR;
        }
        boolean web = !a.options.containsKey("--no-web");
        RunHandle run;
        try {
            run = runtime.start(
                    p, RunOptions.defaults().withDuration(duration).withStrict(a.options.containsKey("--strict")));
        } catch (RigException e) {
            // Before the web server is switched on: a quick exit must not stop it half-started.
            err.println("neurorig run: " + e.getMessage());
            return 1;
        }
        webServer(web, port, host, err);
        try {
            return runAndReport(run, p, a, duration, web, out, err);
        } finally {
            webServer(false, port, host, err);
        }
    }

    private int runAndReport(
            RunHandle started,
            Pipeline p,
            CommandArgs a,
            double duration,
            boolean web,
            PrintStream out,
            PrintStream err) {
        boolean quiet = a.options.containsKey("--quiet");
        RunHandle run = started;
        out.printf(
                "running '%s' (%d nodes)%s; Ctrl-C stops%n",
                p.name(), p.nodes().size(), duration > 0 ? " for " + duration + " s" : "");
        StatusLine line = new StatusLine();
        try {
            while (true) {
                if (!run.awaitEnd(1, TimeUnit.SECONDS)) {
                    if (!quiet) {
                        out.println(line.format(run.snapshot()));
                    }
                    continue;
                }
                if (!web || duration > 0) {
                    break;
                }
                // Stopped from the web page: keep serving it until Ctrl-C; follow a run it starts.
                run = runtime.current().orElse(run);
                if (run.ended()) {
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            out.println("stopping: draining queued blocks");
            try {
                run.stop();
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
        }
        out.println(line.format(run.snapshot()));
        String summary = a.options.get("--summary");
        if (summary != null) {
            try {
                RunSummary.write(Path.of(summary), p.name(), run.snapshot());
                out.println("summary written to " + summary);
            } catch (IOException e) {
                err.println("neurorig run: could not write summary " + summary + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /**
     * Switches the web bundle's server on (port 0 = its default, host "" = loopback unless the
     * framework property says otherwise) or off; without the bundle, nothing happens.
     */
    private void webServer(boolean on, int port, String host, PrintStream err) {
        try {
            Configuration c = configAdmin.getConfiguration("org.neurorig.web", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("enabled", on);
            props.put("port", port);
            props.put("host", host);
            c.updateIfDifferent(props);
        } catch (IOException | RuntimeException e) {
            err.println("neurorig run: could not configure the web server: " + e.getMessage());
        }
    }
}
