package org.neurorig.config;

import static org.neurorig.config.ParamType.BOOLEAN;
import static org.neurorig.config.ParamType.DOUBLE;
import static org.neurorig.config.ParamType.INTEGER;
import static org.neurorig.config.ParamType.STRING;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** An in-memory catalog: the real node types ({@link RealNodeTypes}) and a few made-up ones. */
final class FixedNodeTypeCatalog implements NodeTypeCatalog {
    private final Map<String, NodeType> types = new LinkedHashMap<>();

    FixedNodeTypeCatalog() {
        RealNodeTypes.all().forEach(this::add);
        // and a few made-up types for cases the real ones do not show
        add(new NodeType(
                "sim.probe",
                Role.SOURCE,
                List.of(param("probes", INTEGER, "1", "1", "4", List.of())),
                ports("ap:CONTINUOUS_I16@30000", "lfp:CONTINUOUS_I16@2500"),
                Set.of(),
                false,
                null));
        add(new NodeType(
                "sim.ttl",
                Role.SOURCE,
                List.of(param("lines", INTEGER, "8", "1", "64", List.of())),
                ports("ttl:EVENTS@0"),
                Set.of(),
                false,
                null));
        add(new NodeType("math.add", Role.PROCESSOR, List.of(), List.of(), Set.of(), true, null));
        // like spikes.bin: the output rate follows from the bin width alone
        add(new NodeType(
                "bin.counts",
                Role.PROCESSOR,
                List.of(new ParamDef("binMs", DOUBLE, 0, false, List.of("50"), null, null, List.of(), "", null)),
                ports("bins:MATRIX_F32@1000/config:binMs", "edges:EVENTS@1000/config:binMs"),
                Set.of(),
                false,
                null));
        Function<String, String> noSpaces = v -> v.contains(" ") ? "no spaces allowed" : "";
        add(new NodeType(
                "record.sink",
                Role.SINK,
                List.of(
                        new ParamDef(
                                "dir", STRING, 0, true, List.of(), null, null, List.of(), "output folder", noSpaces),
                        new ParamDef("channels", INTEGER, 4, false, List.of(), "0", null, List.of(), "", null),
                        param("append", BOOLEAN, "false", null, null, List.of())),
                List.of(),
                Set.of(),
                false,
                "lossless"));
    }

    private void add(NodeType t) {
        types.put(t.name(), t);
    }

    private static ParamDef param(
            String key, ParamType type, String def, String min, String max, List<String> options) {
        return new ParamDef(key, type, 0, true, List.of(def), min, max, options, "", null);
    }

    private static List<PortDef> ports(String... specs) {
        return java.util.Arrays.stream(specs).map(PortDef::parse).toList();
    }

    @Override
    public Optional<NodeType> find(String typeName) {
        NodeType t = types.get(typeName);
        // a former name finds the type, as in the host's catalog
        return t != null
                ? Optional.of(t)
                : types.values().stream()
                        .filter(x -> x.aliases().contains(typeName))
                        .findFirst();
    }

    @Override
    public Collection<NodeType> all() {
        return types.values();
    }
}
