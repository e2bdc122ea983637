package org.neurorig.runtime.internal;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;

import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PipelineParser;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code neurorig validate FILE}: checks a pipeline file against the installed node types. */
@Component(service = Function.class, property = "neurorig.command=validate")
public final class ValidateCommand implements Function<String[], Integer> {
    @Reference
    private NodeTypeCatalog catalog;

    @Override
    public Integer apply(String[] args) {
        CommandArgs a;
        try {
            a = CommandArgs.parse(args, Set.of(), Set.of());
        } catch (IllegalArgumentException e) {
            System.err.println("neurorig validate: " + e.getMessage());
            return 64;
        }
        if (a.positional.size() != 1) {
            System.err.println("usage: neurorig validate FILE");
            return 64;
        }
        try {
            Pipeline p = new PipelineParser(catalog).parse(Path.of(a.positional.get(0)));
            p.warnings().forEach(System.err::println);
            long streams = p.nodes().stream().mapToLong(n -> n.outputs().size()).sum();
            System.out.printf("%s: OK, pipeline '%s': %d nodes, %d streams%n", a.positional.get(0), p.name(),
                    p.nodes().size(), streams);
            return 0;
        } catch (PipelineException e) {
            e.errors().forEach(System.err::println);
            return 2;
        }
    }
}
