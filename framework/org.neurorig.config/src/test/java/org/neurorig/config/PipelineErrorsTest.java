package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per kind of mistake: each asserts the exact {@code file:line:col: message}. */
class PipelineErrorsTest {
    private final PipelineParser parser = new PipelineParser(new FixedNodeTypeCatalog());

    private List<String> errors(String yaml) {
        PipelineException e = catchThrowableOfType(() -> parser.parse("p.yaml", yaml), PipelineException.class);
        assertThat(e).as("expected the file to be rejected").isNotNull();
        assertThat(e.getMessage())
                .isEqualTo(String.join(
                        "\n", e.errors().stream().map(PipelineError::toString).toList()));
        return e.errors().stream().map(PipelineError::toString).toList();
    }

    @Test
    void notYamlReportsSnakeYamlsPosition() {
        assertThat(errors("""
                name: demo
                  nodes: x
                """))
                .containsExactly("p.yaml:2:8: not valid YAML: mapping values are not allowed here");
    }

    @Test
    void emptyFile() {
        String msg = "p.yaml:1:1: empty pipeline file: expected a mapping with 'name' and 'nodes'";
        assertThat(errors("")).containsExactly(msg);
        assertThat(errors("# just a comment\n")).containsExactly(msg);
    }

    @Test
    void topLevelNotAMapping() {
        assertThat(errors("- a\n- b\n"))
                .containsExactly("p.yaml:1:1: expected a mapping with 'name' and 'nodes' at the top level, got a list");
    }

    @Test
    void unknownTopLevelKey() {
        assertThat(
                        errors(
                                """
                name: demo
                author: me
                nodes:
                  s: { type: sim.sine }
                """))
                .containsExactly("p.yaml:2:1: unknown top-level key 'author' (expected name, hosts, nodes)");
        assertThat(
                        errors(
                                """
                name: demo
                nodes:
                  s: { type: sim.sine }
                node: x
                """))
                .containsExactly("p.yaml:4:1: unknown top-level key 'node' (did you mean 'nodes'?)");
    }

    @Test
    void missingOrEmptyNodes() {
        assertThat(errors("name: demo\n"))
                .containsExactly("p.yaml:1:1: missing 'nodes': expected a mapping of node name → {type, in, config}");
        String empty = "p.yaml:2:1: 'nodes' is empty: expected at least one node, as node name → {type, in, config}";
        assertThat(errors("name: demo\nnodes: {}\n")).containsExactly(empty);
        assertThat(errors("name: demo\nnodes:\n")).containsExactly(empty);
        assertThat(errors("name: demo\nnodes: [a, b]\n"))
                .containsExactly(
                        "p.yaml:2:8: expected a mapping for 'nodes' (node name → {type, in, config}), got a list");
    }

    @Test
    void duplicateNodeName() {
        assertThat(
                        errors(
                                """
                name: demo
                nodes:
                  s: { type: sim.sine }
                  s: { type: sim.ttl }
                """))
                .containsExactly("p.yaml:4:3: duplicate node name 's' (first at 3:3)");
    }

    @Test
    void duplicateConfigKey() {
        assertThat(
                        errors(
                                """
                nodes:
                  s:
                    type: sim.sine
                    config:
                      channels: 2
                      channels: 3
                """))
                .containsExactly("p.yaml:6:7: duplicate config key 'channels' (first at 5:7)");
    }

    @Test
    void badNodeName() {
        assertThat(
                        errors(
                                """
                nodes:
                  my.sig: { type: sim.sine }
                  2x: { type: sim.ttl }
                """))
                .containsExactly(
                        "p.yaml:2:3: bad node name 'my.sig': expected a letter, then letters, digits, '_' or '-'"
                                + " (no dots: '.' separates node and port in stream names)",
                        "p.yaml:3:3: bad node name '2x': expected a letter, then letters, digits, '_' or '-'"
                                + " (no dots: '.' separates node and port in stream names)");
    }

    @Test
    void missingType() {
        assertThat(
                        errors(
                                """
                nodes:
                  s:
                    config: { channels: 2 }
                """))
                .containsExactly("p.yaml:2:3: node 's' has no 'type'");
    }

    @Test
    void unknownTypeListsTheClosestKnownTypes() {
        assertThat(
                        errors(
                                """
                nodes:
                  s: { type: sim.sine }
                  g:
                    type: gain.sclae
                    in: s
                """))
                .containsExactly(
                        "p.yaml:4:11: unknown type 'gain.sclae' for node 'g' (closest known: gain.scale, sim.sine, rates.zscore)");
    }

    @Test
    void unknownKeyInANode() {
        assertThat(
                        errors(
                                """
                nodes:
                  s:
                    type: sim.sine
                    confg: { channels: 2 }
                """))
                .containsExactly("p.yaml:4:5: unknown key 'confg' in node 's' (did you mean 'config'?)");
    }

    @Test
    void unknownConfigKeySuggestsTheNearestKey() {
        assertThat(
                        errors(
                                """
                nodes:
                  s:
                    type: sim.sine
                    config:
                      chanels: 2
                      volume: 11
                """))
                .containsExactly(
                        "p.yaml:5:7: unknown config key 'chanels' for type 'sim.sine' (did you mean 'channels'?)",
                        "p.yaml:6:7: unknown config key 'volume' for type 'sim.sine' (known keys: channels, rate,"
                                + " blockSamples, kind, amplitude, frequency, pace, samples)");
    }

    @Test
    void wrongValueType() {
        assertThat(
                        errors(
                                """
                nodes:
                  s: { type: sim.sine }
                  bp:
                    type: filter.bandpass
                    in: s
                    config:
                      order: three
                      lowHz: [1, 2]
                """))
                .containsExactly(
                        "p.yaml:7:14: expected an integer for 'order', got 'three'",
                        "p.yaml:8:14: expected a number for 'lowHz', got a list");
    }

    @Test
    void wrongValueTypeInsideAList() {
        assertThat(
                        errors(
                                """
                nodes:
                  s: { type: sim.sine }
                  rec:
                    type: record.sink
                    in: s
                    config: { dir: out, channels: [1, two, 3, 4, 5] }
                """))
                .containsExactly("p.yaml:6:35: too many values for 'channels': at most 4, got 5");
        assertThat(
                        errors(
                                """
                nodes:
                  s: { type: sim.sine }
                  rec:
                    type: record.sink
                    in: s
                    config: { dir: out, channels: [1, two] }
                """))
                .containsExactly("p.yaml:6:39: expected an integer for 'channels', got 'two'");
    }

    @Test
    void outOfRangeViaMinAndMax() {
        assertThat(
                        errors(
                                """
                nodes:
                  s:
                    type: sim.sine
                    config:
                      channels: 5000
                      rate: 0
                """))
                .containsExactly(
                        "p.yaml:5:17: value 5000 for 'channels' is out of range: expected 1..4096",
                        "p.yaml:6:13: value 0 for 'rate' is out of range: expected 0.01..1000000");
    }

    @Test
    void outOfRangeViaTheValidator() {
        assertThat(
                        errors(
                                """
                nodes:
                  s: { type: sim.sine }
                  rec:
                    type: record.sink
                    in: s
                    config:
                      dir: my recordings
                """))
                .containsExactly("p.yaml:7:12: invalid value 'my recordings' for 'dir': no spaces allowed");
    }

    @Test
    void valueNotAmongOptions() {
        assertThat(
                        errors(
                                """
                nodes:
                  s:
                    type: sim.sine
                    config: { kind: int8 }
                """))
                .containsExactly("p.yaml:4:21: value 'int8' for 'kind' is not one of: int16, float32");
    }

    @Test
    void missingRequiredKey() {
        assertThat(
                        errors(
                                """
                nodes:
                  s: { type: sim.sine }
                  rec:
                    type: record.sink
                    in: s
                    config: { append: true }
                  rec2: { type: record.sink, in: s }
                """))
                .containsExactly(
                        "p.yaml:6:5: node 'rec' is missing required config key 'dir' (a string)",
                        "p.yaml:7:3: node 'rec2' is missing required config key 'dir' (a string)");
    }

    @Test
    void sourceGivenIn() {
        assertThat(
                        errors(
                                """
                nodes:
                  t: { type: sim.ttl }
                  s:
                    type: sim.sine
                    in: t
                """))
                .containsExactly("p.yaml:5:5: node 's' is a source (type 'sim.sine') and takes no 'in'");
    }

    @Test
    void processorOrSinkWithoutIn() {
        assertThat(
                        errors(
                                """
                nodes:
                  g: { type: gain.scale }
                  rec:
                    type: record.sink
                    in: []
                    config: { dir: out }
                """))
                .containsExactly(
                        "p.yaml:2:3: node 'g' needs 'in' (type 'gain.scale' is a processor): a stream name or a list of them",
                        "p.yaml:5:5: node 'rec' needs 'in' (type 'record.sink' is a sink): a stream name or a list of them");
    }

    @Test
    void unknownStreamListsTheNodesPorts() {
        assertThat(
                        errors(
                                """
                nodes:
                  probe: { type: sim.probe }
                  sig: { type: sim.sine }
                  a: { type: gain.scale, in: probe.lfx }
                  b: { type: gain.scale, in: sgi }
                  c: { type: gain.scale, in: probe }
                  rec: { type: record.sink, in: sig, config: { dir: out } }
                  d: { type: gain.scale, in: rec }
                """))
                .containsExactly(
                        "p.yaml:4:30: unknown stream 'probe.lfx': node 'probe' has probe.ap, probe.lfp",
                        "p.yaml:5:30: unknown stream 'sgi': there is no node 'sgi' (did you mean 'sig'?)",
                        "p.yaml:6:30: stream 'probe' is ambiguous: node 'probe' has several ports (probe.ap, probe.lfp);"
                                + " name one of them",
                        "p.yaml:8:30: unknown stream 'rec': node 'rec' has no outputs (type 'record.sink' is a sink)");
    }

    @Test
    void inputKindNotAccepted() {
        assertThat(
                        errors(
                                """
                nodes:
                  ttl: { type: sim.ttl }
                  g:
                    type: gain.scale
                    in: ttl
                """))
                .containsExactly("p.yaml:5:9: input 'ttl.ttl' is EVENTS but type 'gain.scale' accepts only"
                        + " CONTINUOUS_I16, CONTINUOUS_F32");
    }

    @Test
    void rateMismatchAmongTheInputsOfASameRateNode() {
        assertThat(
                        errors(
                                """
                nodes:
                  probe: { type: sim.probe }
                  sum:
                    type: math.add
                    in: [probe.ap, probe.lfp]
                """))
                .containsExactly("p.yaml:5:20: rate mismatch: input 'probe.lfp' runs at 2500 Hz but 'probe.ap'"
                        + " at 30000 Hz; type 'math.add' needs all its inputs at the same rate");
    }

    @Test
    void binsOfDifferentWidthsDoNotMeetAtASameRateNode() {
        assertThat(
                        errors(
                                """
                nodes:
                  sig: { type: sim.sine }
                  b20: { type: bin.counts, in: sig, config: { binMs: 20 } }
                  b25: { type: bin.counts, in: sig, config: { binMs: 25 } }
                  sum: { type: math.add, in: [b20.bins, b25.bins] }
                """))
                .containsExactly("p.yaml:5:41: rate mismatch: input 'b25.bins' runs at 40 Hz but 'b20.bins'"
                        + " at 50 Hz; type 'math.add' needs all its inputs at the same rate");
    }

    @Test
    void aRateDerivedFromAWidthNeedsAPositiveWidth() {
        // two ports derive their rate from binMs: one error, not two
        assertThat(
                        errors(
                                """
                nodes:
                  sig: { type: sim.sine }
                  b: { type: bin.counts, in: sig, config: { binMs: 0 } }
                """))
                .containsExactly("p.yaml:3:52: expected a positive number for 'binMs' (the output rate is"
                        + " 1000/binMs Hz), got '0'");
    }

    @Test
    void cycleIsNamed() {
        assertThat(
                        errors(
                                """
                nodes:
                  s: { type: sim.sine }
                  a:
                    type: math.add
                    in: [s, c]
                  b: { type: gain.scale, in: a }
                  c: { type: gain.scale, in: b }
                  d: { type: gain.scale, in: d }
                  after: { type: gain.scale, in: c }
                """))
                .containsExactly(
                        "p.yaml:5:13: cycle: a → b → c → a (a node cannot take its own output as input, directly or through others)",
                        "p.yaml:8:30: cycle: d → d (a node cannot take its own output as input, directly or through others)");
    }

    @Test
    void malformedNodeBodiesAndInputs() {
        assertThat(
                        errors(
                                """
                nodes:
                  s: sim.sine
                  t:
                  g: { type: gain.scale, in: { a: 1 } }
                  h: { type: [gain.scale] , in: [s, [x]] }
                """))
                .containsExactly(
                        "p.yaml:2:6: expected a mapping {type, in, config} for node 's', got 'sim.sine'",
                        "p.yaml:3:3: expected a mapping {type, in, config} for node 't', got nothing",
                        "p.yaml:4:30: expected a stream name or a list of them for 'in' of node 'g', got a mapping",
                        "p.yaml:5:14: expected a type name for 'type' of node 'h', got a list",
                        "p.yaml:5:37: expected a stream name in 'in' of node 'h', got a list");
    }

    @Test
    void kindFromConfigNeedsAValidKind() {
        NodeType player = new NodeType(
                "play.file",
                Role.SOURCE,
                List.of(new ParamDef("kind", ParamType.STRING, 0, false, List.of(), null, null, List.of(), "", null)),
                List.of(PortDef.parse("out:config:kind@=")),
                null,
                false,
                null);
        NodeTypeCatalog one = new NodeTypeCatalog() {
            @Override
            public java.util.Optional<NodeType> find(String typeName) {
                return typeName.equals(player.name()) ? java.util.Optional.of(player) : java.util.Optional.empty();
            }

            @Override
            public java.util.Collection<NodeType> all() {
                return List.of(player);
            }
        };
        PipelineException e = catchThrowableOfType(
                () -> new PipelineParser(one)
                        .parse(
                                "p.yaml",
                                """
                nodes:
                  a: { type: play.file }
                  b: { type: play.file, config: { kind: int8 } }
                  c: { type: play.file, config: { kind: Float32 } }
                """),
                PipelineException.class);
        assertThat(e.errors())
                .map(PipelineError::toString)
                .containsExactly(
                        "p.yaml:2:3: node 'a' needs config key 'kind' to tell the kind of stream 'a.out'"
                                + " (int16, float32 or a kind name such as CONTINUOUS_F32)",
                        "p.yaml:3:41: expected a stream kind for 'kind' (int16, float32 or a kind name such as CONTINUOUS_F32),"
                                + " got 'int8'");
    }

    @Test
    void fiveDifferentErrorsAreAllReportedSortedByPosition() {
        assertThat(
                        errors(
                                """
                name: demo
                nodes:
                  sig:
                    type: sim.sine
                    config: { channels: 0, colour: red }
                  bp:
                    type: filter.bandpas
                    in: sig
                  g: { type: gain.scale, in: sgi }
                  rec: { type: record.sink, in: g }
                  rec: { type: record.sink, in: sig }
                """))
                .containsExactly(
                        "p.yaml:5:25: value 0 for 'channels' is out of range: expected 1..4096",
                        "p.yaml:5:28: unknown config key 'colour' for type 'sim.sine' (known keys: channels, rate,"
                                + " blockSamples, kind, amplitude, frequency, pace, samples)",
                        "p.yaml:7:11: unknown type 'filter.bandpas' for node 'bp' (closest known: filter.bandpass,"
                                + " filter.highpass, filter.lowpass)",
                        "p.yaml:9:30: unknown stream 'sgi': there is no node 'sgi' (did you mean 'sig'?)",
                        "p.yaml:10:3: node 'rec' is missing required config key 'dir' (a string)",
                        "p.yaml:11:3: duplicate node name 'rec' (first at 10:3)");
    }
}
