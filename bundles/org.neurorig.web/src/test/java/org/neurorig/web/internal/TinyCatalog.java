package org.neurorig.web.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.ParamDef;
import org.neurorig.config.ParamType;
import org.neurorig.config.PortDef;
import org.neurorig.config.Role;

/** Two made-up node types, a source and a sink whose former name is {@code tally.old}. */
final class TinyCatalog implements NodeTypeCatalog {
    static final NodeType TONE = new NodeType(
            "src.tone",
            Role.SOURCE,
            List.of(new ParamDef(
                    "amplitude", ParamType.DOUBLE, 0, true, List.of("1.0"), "0", null, List.of(), "", null)),
            List.of(PortDef.parse("out:CONTINUOUS_F32@1000")),
            Set.of(),
            false,
            null);
    static final NodeType TALLY = new NodeType(
            "sink.tally",
            Role.SINK,
            List.of(new ParamDef("label", ParamType.STRING, 0, false, List.of(""), null, null, List.of(), "", null)),
            List.of(),
            Set.of(),
            false,
            null,
            List.of(),
            Set.of(),
            Set.of(),
            1,
            Integer.MAX_VALUE,
            List.of("tally.old"),
            NodeType.Origin.UNKNOWN);

    @Override
    public Optional<NodeType> find(String typeName) {
        for (NodeType t : all()) {
            if (t.name().equals(typeName) || t.aliases().contains(typeName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public Collection<NodeType> all() {
        return List.of(TONE, TALLY);
    }
}
