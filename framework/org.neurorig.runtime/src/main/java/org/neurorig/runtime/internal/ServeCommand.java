package org.neurorig.runtime.internal;

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
 * {@code neurorig serve [FILE] [--port N] [--host A] [--strict] [--quiet] [--insecure]}: the host as a
 * service. It stays up, IDLE or acquiring, until Ctrl-C or SIGTERM (which drain the run in progress as
 * {@code run} does, then exit 0); the page and the API load pipelines ({@code PUT /api/pipeline}) and
 * go through any number of IDLE → ACQUIRE → RECORD → ACQUIRE → IDLE cycles. With FILE it validates
 * it and starts it at once ({@code --strict}: all or nothing, for that start). Each change of mode
 * is written to the log. The options it shares with {@code run} mean the same ({@link HostLoop}).
 * Exit codes: 0 stopped, 2 invalid pipeline file, 1 FILE could not start, 64 bad command line.
 */
@Component(service = Command.class)
public final class ServeCommand implements Command {
    static final String USAGE = "[FILE] [--port N] [--host ADDRESS] [--strict] [--quiet] [--insecure]";

    @Reference
    private NodeTypeCatalog catalog;

    @Reference
    private RigRuntime runtime;

    @Reference
    private ConfigurationAdmin configAdmin;

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "keep the host up as a service: the page and the API load, start, record and stop pipelines;"
                + " with FILE, start it; Ctrl-C or SIGTERM drains and exits";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandArgs a;
        try {
            a = CommandArgs.parseHost(args, Set.of(), Set.of(), 0, 1);
        } catch (IllegalArgumentException e) {
            err.println("neurorig serve: " + e.getMessage());
            err.println("usage: neurorig serve " + USAGE);
            return USAGE_ERROR;
        }
        Pipeline p = null;
        if (!a.positional.isEmpty()) {
            try {
                p = new PipelineParser(catalog).parse(Path.of(a.positional.get(0)));
                p.warnings().forEach(err::println);
            } catch (PipelineException e) {
                e.errors().forEach(err::println);
                return 2;
            }
        }
        try (HostLoop host = new HostLoop("serve", a, runtime, configAdmin, out, err, true)) {
            RunHandle run = null;
            if (p != null) {
                try {
                    run = runtime.start(p, RunOptions.defaults().withStrict(a.has("--strict")));
                } catch (RigException e) {
                    err.println("neurorig serve: " + e.getMessage());
                    return 1;
                }
            }
            host.web(true);
            out.println(
                    p == null
                            ? "serving, IDLE: load a pipeline on the page or with PUT /api/pipeline; Ctrl-C stops"
                            : "serving '" + p.name() + "' (" + p.nodes().size() + " nodes); Ctrl-C stops");
            host.follow(run, false);
            return 0;
        }
    }
}
