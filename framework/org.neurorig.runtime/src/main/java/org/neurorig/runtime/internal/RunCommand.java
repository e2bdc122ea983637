package org.neurorig.runtime.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.neurorig.command.Command;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PipelineParser;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurorig run FILE [--duration S] [--summary OUT.json] [--record DIR] [--strict] [--quiet] [--no-web] [--port N] [--host A] [--insecure]}:
 * validates, starts (with {@code --record}, plus a node of the installed recorder type named {@code rec}
 * recording every output stream it can into DIR), prints a status line per second, and on the duration's end or an interrupt
 * (Ctrl-C) stops without losing queued blocks and writes the summary. The web bundle serves the page and
 * API meanwhile (configuration {@code org.neurorig.web}; {@code --port N}, {@code --host A}, {@code --no-web}); without a
 * duration, a run stopped from the page keeps the command up so the page can start it again.
 * A node that cannot start is shown OFFLINE or FAILED with the reason and retried while the rest runs;
 * {@code --strict} makes that a failed start instead (all or nothing, for scripts). {@code --insecure} lets
 * the bus open plaintext endpoints off loopback. {@link HostLoop} holds what this shares with {@code serve}.
 * Exit codes: 0 ran, 2 invalid pipeline file, 1 could not start, 64 bad command line.
 */
@Component(service = Command.class)
public final class RunCommand implements Command {
    static final String USAGE = "FILE [--duration SECONDS] [--summary OUT.json] [--record DIR] [--strict] [--quiet]"
            + " [--no-web] [--port N] [--host ADDRESS] [--insecure]";

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
        double duration;
        try {
            a = CommandArgs.parseHost(args, Set.of("--duration", "--summary", "--record"), Set.of("--no-web"), 1, 1);
            duration = a.number("--duration", 0);
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
        boolean web = !a.has("--no-web");
        try (HostLoop host = new HostLoop("run", a, runtime, configAdmin, out, err, false)) {
            RunHandle run;
            try {
                run = runtime.start(
                        p, RunOptions.defaults().withDuration(duration).withStrict(a.has("--strict")));
            } catch (RigException e) {
                // Before the web server is switched on: a quick exit must not stop it half-started.
                err.println("neurorig run: " + e.getMessage());
                return 1;
            }
            host.web(web);
            out.printf(
                    "running '%s' (%d nodes)%s; Ctrl-C stops%n",
                    p.name(), p.nodes().size(), duration > 0 ? " for " + duration + " s" : "");
            // Without a duration, a run stopped from the page keeps the command up so the page can start it again.
            RunHandle last = host.follow(run, !web || duration > 0);
            String summary = a.options.get("--summary");
            if (summary != null) {
                try {
                    RunSummary.write(Path.of(summary), last.pipeline().name(), last.snapshot());
                    out.println("summary written to " + summary);
                } catch (IOException e) {
                    err.println("neurorig run: could not write summary " + summary + ": " + e.getMessage());
                    return 1;
                }
            }
            return 0;
        }
    }
}
