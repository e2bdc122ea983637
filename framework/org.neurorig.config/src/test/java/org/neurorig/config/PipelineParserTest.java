package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Kind;

class PipelineParserTest {
    private static final String DEMO =
            """
            name: demo
            nodes:
              rec:  { type: record.sink, in: [bp, ttl], config: { dir: out, channels: [0, 1, 2] } }
              bp:   { type: filter.bandpass, in: sig, config: { order: 3 } }
              sig:  { type: sim.sine, config: { channels: 8, kind: float32 } }
              ttl:  { type: sim.ttl }
              both: { type: math.add, in: [sig.out, bp] }
            """;

    private final PipelineParser parser = new PipelineParser(new FixedNodeTypeCatalog());

    @Test
    void ordersNodesSourcesFirstThenByDependenciesWithTiesInFileOrder() throws Exception {
        Pipeline p = parser.parse("demo.yaml", DEMO);
        assertThat(p.name()).isEqualTo("demo");
        assertThat(p.fileName()).isEqualTo("demo.yaml");
        assertThat(p.text()).isEqualTo(DEMO);
        assertThat(p.nodes()).extracting(NodeSpec::name).containsExactly("sig", "ttl", "bp", "rec", "both");
    }

    @Test
    void typesConfigValuesAndFillsDefaults() throws Exception {
        Pipeline p = parser.parse("demo.yaml", DEMO);
        NodeSpec sig = p.node("sig").orElseThrow();
        assertThat(sig.config())
                .containsExactly(
                        Map.entry("channels", 8),
                        Map.entry("rate", 30000.0),
                        Map.entry("blockSamples", 30),
                        Map.entry("kind", "float32"),
                        Map.entry("amplitude", 1000.0),
                        Map.entry("frequency", 10.0),
                        Map.entry("pace", "realtime"),
                        Map.entry("samples", 0L));
        assertThat(p.node("bp").orElseThrow().config())
                .containsExactly(Map.entry("lowHz", 300.0), Map.entry("highHz", 6000.0), Map.entry("order", 3));
        NodeSpec rec = p.node("rec").orElseThrow();
        assertThat(rec.config())
                .containsExactly(
                        Map.entry("dir", "out"), Map.entry("channels", List.of(0, 1, 2)), Map.entry("append", false));
        assertThat(p.node("ttl").orElseThrow().config()).containsExactly(Map.entry("lines", 8));
    }

    @Test
    void resolvesInputsToFullStreamNamesAndInfersKindsAndRates() throws Exception {
        Pipeline p = parser.parse("demo.yaml", DEMO);
        NodeSpec sig = p.node("sig").orElseThrow();
        assertThat(sig.inputs()).isEmpty();
        assertThat(sig.outputs()).containsExactly("sig.out");
        assertThat(sig.outputKinds()).containsExactly(Kind.CONTINUOUS_F32);
        assertThat(sig.outputRates()).containsExactly(30000.0);

        NodeSpec bp = p.node("bp").orElseThrow();
        assertThat(bp.inputs()).containsExactly("sig.out");
        assertThat(bp.outputs()).containsExactly("bp.out");
        assertThat(bp.outputKinds()).containsExactly(Kind.CONTINUOUS_F32);
        assertThat(bp.outputRates()).containsExactly(30000.0);

        NodeSpec ttl = p.node("ttl").orElseThrow();
        assertThat(ttl.outputs()).containsExactly("ttl.ttl");
        assertThat(ttl.outputKinds()).containsExactly(Kind.EVENTS);
        assertThat(ttl.outputRates()).containsExactly(0.0);

        NodeSpec rec = p.node("rec").orElseThrow();
        assertThat(rec.inputs()).containsExactly("bp.out", "ttl.ttl");
        assertThat(rec.outputs()).isEmpty();
        assertThat(rec.type().role()).isEqualTo(Role.SINK);
        assertThat(rec.line()).isEqualTo(3);
        assertThat(rec.column()).isEqualTo(3);

        NodeSpec both = p.node("both").orElseThrow();
        assertThat(both.inputs()).containsExactly("sig.out", "bp.out");
        assertThat(both.outputKinds()).containsExactly(Kind.CONTINUOUS_F32); // "=": kind of the first input
        assertThat(p.node("nope")).isEmpty();
    }

    @Test
    void aFormerTypeNameStillWorksAndWarnsWithItsPosition() throws Exception {
        Pipeline p = parser.parse(
                "p.yaml",
                """
                nodes:
                  sig: { type: sim.sine }
                  g:   { type: filter.gain, in: sig, config: { gain: 2 } }
                """);
        assertThat(p.node("g").orElseThrow().type().name()).isEqualTo("gain.scale");
        assertThat(p.node("g").orElseThrow().config()).containsEntry("gain", 2.0);
        assertThat(p.warnings())
                .containsExactly("p.yaml:3:16: warning: type 'filter.gain' of node 'g' is now called"
                        + " 'gain.scale'; the old name will be removed");
        assertThat(parser.parse("q.yaml", "nodes: { sig: { type: sim.sine } }").warnings())
                .isEmpty();
    }

    @Test
    void moreInputsThanTheTypeTakesIsAnErrorAtIn() {
        assertThatThrownBy(
                        () -> parser.parse(
                                "p.yaml",
                                """
                nodes:
                  sig: { type: sim.sine }
                  g:   { type: gain.scale, in: [sig, sig] }
                """))
                .isInstanceOf(PipelineException.class)
                .hasMessage("p.yaml:3:28: node 'g' has 2 inputs but type 'gain.scale' takes one input");
    }

    @Test
    void kindAliasDefaultsAndNamedPortsOfMultiPortSources() throws Exception {
        Pipeline p = parser.parse(
                "p.yaml",
                """
                nodes:
                  probe: { type: sim.probe }
                  sig:   { type: sim.sine, config: { rate: 1000 } }
                  g:     { type: gain.scale, in: sig }
                  lfp:   { type: gain.scale, in: probe.lfp, config: { gain: 2 } }
                """);
        assertThat(p.name()).isEqualTo("p"); // no 'name': the file name without extension
        assertThat(p.node("sig").orElseThrow().outputKinds()).containsExactly(Kind.CONTINUOUS_I16);
        assertThat(p.node("g").orElseThrow().outputRates()).containsExactly(1000.0);
        NodeSpec lfp = p.node("lfp").orElseThrow();
        assertThat(lfp.inputs()).containsExactly("probe.lfp");
        assertThat(lfp.config()).containsExactly(Map.entry("gain", 2.0));
        assertThat(lfp.outputKinds()).containsExactly(Kind.CONTINUOUS_I16);
        assertThat(lfp.outputRates()).containsExactly(2500.0);
        assertThat(p.node("probe").orElseThrow().outputs()).containsExactly("probe.ap", "probe.lfp");
        Pipeline binned = parser.parse(
                "b.yaml",
                """
                nodes:
                  sig: { type: sim.sine }
                  b:   { type: bin.counts, in: sig, config: { binMs: 20 } }
                  d:   { type: bin.counts, in: sig }
                """);
        assertThat(binned.node("b").orElseThrow().outputRates()).containsExactly(50.0, 50.0);
        assertThat(binned.node("d").orElseThrow().outputRates()).containsExactly(20.0, 20.0);
    }

    @Test
    void unknownRateIsNaN() throws Exception {
        NodeType free = new NodeType(
                "sim.free", Role.SOURCE, List.of(), List.of(PortDef.parse("out:MATRIX_F32")), null, false, null);
        NodeTypeCatalog one = new NodeTypeCatalog() {
            @Override
            public java.util.Optional<NodeType> find(String typeName) {
                return typeName.equals("sim.free") ? java.util.Optional.of(free) : java.util.Optional.empty();
            }

            @Override
            public java.util.Collection<NodeType> all() {
                return List.of(free);
            }
        };
        Pipeline p = new PipelineParser(one).parse("f.yaml", "nodes: { m: { type: sim.free } }");
        assertThat(p.node("m").orElseThrow().outputKinds()).containsExactly(Kind.MATRIX_F32);
        assertThat(p.node("m").orElseThrow().outputRates().get(0)).isNaN();
    }

    @Test
    void readsFilesAndReportsAnUnreadableOneAtTheFirstLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, DEMO);
        Pipeline p = parser.parse(file);
        assertThat(p.fileName()).isEqualTo(file.toString());
        assertThat(p.nodes()).hasSize(5);

        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> parser.parse(missing))
                .isInstanceOf(PipelineException.class)
                .hasMessage(missing + ":1:1: cannot read the pipeline file: no such file");
    }
}
