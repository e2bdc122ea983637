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
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code neurorig validate FILE}: checks a pipeline file against the installed node types. */
@Component(service = Command.class)
public final class ValidateCommand implements Command {
    @Reference
    private NodeTypeCatalog catalog;

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String usage() {
        return "FILE";
    }

    @Override
    public String summary() {
        return "check a pipeline file against the installed node types (errors as file:line:col, exit 2)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CommandArgs a;
        try {
            a = CommandArgs.parse(args, Set.of(), Set.of());
        } catch (IllegalArgumentException e) {
            err.println("neurorig validate: " + e.getMessage());
            return USAGE_ERROR;
        }
        if (a.positional.size() != 1) {
            err.println("usage: neurorig validate FILE");
            return USAGE_ERROR;
        }
        try {
            Pipeline p = new PipelineParser(catalog).parse(Path.of(a.positional.get(0)));
            p.warnings().forEach(err::println);
            long streams = p.nodes().stream().mapToLong(n -> n.outputs().size()).sum();
            out.printf(
                    "%s: OK, pipeline '%s': %d nodes, %d streams%n",
                    a.positional.get(0), p.name(), p.nodes().size(), streams);
            return 0;
        } catch (PipelineException e) {
            e.errors().forEach(err::println);
            return 2;
        }
    }
}
