package org.neurorig.runtime.internal;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import org.neurorig.command.Command;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.ParamDef;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code neurorig types}: the node types the installed bundles provide, with their bundle, class and keys. */
@Component(service = Command.class)
public final class TypesCommand implements Command {
    @Reference
    private NodeTypeCatalog catalog;

    @Override
    public String name() {
        return "types";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public String summary() {
        return "the node types the installed bundles provide, with their keys and defaults";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        catalog.all().stream().sorted(Comparator.comparing(NodeType::name)).forEach(t -> {
            out.printf("%-22s %-9s outputs %s%n", t.name(), t.role().name().toLowerCase(), t.outputs());
            out.printf(
                    "    provided by %s %s, class %s%n",
                    t.origin().bundle(), t.origin().version(), t.origin().className());
            for (ParamDef p : t.params()) {
                out.printf(
                        "    %-16s %-7s default %s%s%s%n",
                        p.key(),
                        p.type().name().toLowerCase(),
                        p.defaults(),
                        p.min() == null ? "" : " min " + p.min(),
                        p.max() == null ? "" : " max " + p.max());
            }
        });
        return 0;
    }
}
