package org.neurorig.runtime.internal;

import java.util.Comparator;
import java.util.function.Function;

import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.ParamDef;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code neurorig types}: the node types the installed bundles provide, with their bundle, class and keys. */
@Component(service = Function.class, property = "neurorig.command=types")
public final class TypesCommand implements Function<String[], Integer> {
    @Reference
    private NodeTypeCatalog catalog;

    @Override
    public Integer apply(String[] args) {
        catalog.all().stream().sorted(Comparator.comparing(NodeType::name)).forEach(t -> {
            System.out.printf("%-22s %-9s outputs %s%n", t.name(), t.role().name().toLowerCase(), t.outputs());
            System.out.printf("    provided by %s %s, class %s%n", t.origin().bundle(), t.origin().version(),
                    t.origin().className());
            for (ParamDef p : t.params()) {
                System.out.printf("    %-16s %-7s default %s%s%s%n", p.key(), p.type().name().toLowerCase(),
                        p.defaults(), p.min() == null ? "" : " min " + p.min(), p.max() == null ? "" : " max " + p.max());
            }
        });
        return 0;
    }
}
