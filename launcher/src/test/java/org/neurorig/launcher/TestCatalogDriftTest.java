package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.neurorig.config.NodeType;
import org.neurorig.config.ParamDef;
import org.neurorig.config.PortDef;
import org.neurorig.config.RealNodeTypes;

/**
 * Config's tests validate pipelines against {@code RealNodeTypes}, a copy of the real declarations
 * (config cannot depend on the plugins: their tests use the test kit, which uses config). This
 * test holds the copy to the bundles' own {@code @NodeType} and metatype, so it cannot drift; on a
 * difference it prints the entry to paste.
 */
class TestCatalogDriftTest {
    @Test
    void configsTestTypesAreTheBundlesTypes() throws Exception {
        BundleNodeTypes real = BundleNodeTypes.fromClassPath();
        List<String> drift = new ArrayList<>();
        for (NodeType copy : RealNodeTypes.all()) {
            NodeType t = real.find(copy.name())
                    .filter(x -> x.name().equals(copy.name()))
                    .orElse(null);
            if (t == null) {
                drift.add(copy.name() + ": no bundle declares it");
            } else if (!describe(t).equals(describe(copy))) {
                drift.add(copy.name() + " differs; the bundles declare:\n" + source(t));
            }
        }
        assertThat(drift).as("RealNodeTypes against the bundles").isEmpty();
        assertThat(RealNodeTypes.all())
                .extracting(NodeType::name)
                .as("every product type has its copy (the bench's and the vendor template's are not products)")
                .containsAll(real.all().stream()
                        .filter(t -> t.origin().bundle().startsWith("org.neurorig.")
                                && !t.origin().bundle().equals("org.neurorig.bench"))
                        .map(NodeType::name)
                        .toList());
    }

    /** Everything a declaration states that validation uses (not where it comes from). */
    static String describe(NodeType t) {
        return t.name() + " " + t.role() + " "
                + t.params().stream()
                        .map(p -> p.key() + ":" + p.type() + ":"
                                + p.cardinality() + ":" + p.required() + ":" + p.defaults() + ":" + p.min() + ":"
                                + p.max() + ":"
                                + p.options())
                        .toList()
                + " " + t.outputs() + " " + t.inputKinds().stream().sorted().toList() + " "
                + t.sameRate() + " " + t.delivery() + " " + t.constraints() + " "
                + t.pathKeys().stream().sorted().toList()
                + " " + t.roles().stream().sorted().toList() + " " + t.minInputs() + ".." + t.maxInputs() + " "
                + t.aliases();
    }

    /** {@code t} as a RealNodeTypes entry. */
    static String source(NodeType t) {
        String params = t.params().stream().map(TestCatalogDriftTest::param).collect(Collectors.joining(",\n"));
        return "        t.add(new NodeType(" + q(t.name()) + ", Role." + t.role() + ", List.of(\n" + params + "),\n"
                + "                ports("
                + t.outputs().stream()
                        .map(PortDef::toString)
                        .map(TestCatalogDriftTest::q)
                        .collect(Collectors.joining(", "))
                + "), kinds("
                + t.inputKinds().stream().sorted().map(k -> q(k.name())).collect(Collectors.joining(", ")) + "), "
                + t.sameRate() + ", " + q(t.delivery()) + ",\n"
                + "                " + list(t.constraints()) + ", Set.of("
                + t.pathKeys().stream().sorted().map(TestCatalogDriftTest::q).collect(Collectors.joining(", "))
                + "), Set.of("
                + t.roles().stream().sorted().map(TestCatalogDriftTest::q).collect(Collectors.joining(", ")) + "), "
                + t.minInputs() + ", "
                + (t.maxInputs() == Integer.MAX_VALUE ? "Integer.MAX_VALUE" : t.maxInputs()) + ", " + list(t.aliases())
                + ", NodeType.Origin.UNKNOWN));";
    }

    private static String param(ParamDef p) {
        return "                p(" + q(p.key()) + ", " + p.type() + ", " + p.cardinality() + ", " + p.required() + ", "
                + list(p.defaults()) + ", " + (p.min() == null ? "null" : q(p.min())) + ", "
                + (p.max() == null ? "null" : q(p.max())) + ", " + list(p.options()) + ")";
    }

    private static String list(List<String> xs) {
        return "List.of(" + xs.stream().map(TestCatalogDriftTest::q).collect(Collectors.joining(", ")) + ")";
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
