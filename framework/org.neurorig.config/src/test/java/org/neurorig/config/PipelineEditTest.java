package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Kind;

/**
 * Changing a pipeline through its model (add a node, remove one, set a key): the result is checked
 * as a file is, whatever the file's style (flow mappings, comments, document markers).
 */
class PipelineEditTest {
    /** Flow style, comments, a document start and end marker: text appended after it would be lost. */
    private static final String FLOW =
            """
            # a rig written in flow style
            ---
            { name: flow, nodes: {
                sig: { type: t.sine, config: { channels: 4, rate: 1000 } },   # the source
                bp:  { type: t.bandpass, in: sig, config: { lowHz: 10, highHz: 200 } },
                ttl: { type: t.ttl } } }  # trailing comment
            ...
            """;

    private final Catalog catalog = new Catalog();
    private final PipelineParser parser = new PipelineParser(catalog);

    @Test
    void addsANodeToAFlowStyleFileWithCommentsAndDocumentMarkers() throws Exception {
        Pipeline p = parser.parse("flow.yaml", FLOW);

        Pipeline q = p.withNode("rec", catalog.type("t.rec"), List.of("bp", "ttl.ttl"), Map.of("dir", "out dir/a"));

        assertThat(q.name()).isEqualTo("flow");
        assertThat(q.nodes()).extracting(NodeSpec::name).containsExactly("sig", "ttl", "bp", "rec");
        NodeSpec rec = q.node("rec").orElseThrow();
        assertThat(rec.inputs()).containsExactly("bp.out", "ttl.ttl");
        assertThat(rec.config()).containsExactly(Map.entry("dir", "out dir/a"), Map.entry("append", false));
        assertThat(rec.line()).as("placed after the file's last line").isEqualTo(8);
        // the other nodes are as the file gave them
        assertThat(q.node("bp").orElseThrow()).isEqualTo(p.node("bp").orElseThrow());
        assertThat(p.node("rec")).as("the original is unchanged").isEmpty();
        // the text is the model written out: it reads back as the same nodes
        Pipeline back = parser.parse("back.yaml", q.text());
        assertThat(back.nodes())
                .extracting(NodeSpec::name, NodeSpec::inputs, NodeSpec::config, NodeSpec::outputRates)
                .containsExactlyElementsOf(q.nodes().stream()
                        .map(n ->
                                org.assertj.core.groups.Tuple.tuple(n.name(), n.inputs(), n.config(), n.outputRates()))
                        .toList());
    }

    @Test
    void anAddedNodeGetsTheErrorsTheSameNodeInTheFileGets() throws Exception {
        String block =
                """
                name: block
                nodes:
                  sig: { type: t.sine, config: { channels: 4, rate: 1000 } }
                """;
        Pipeline p = parser.parse("block.yaml", block);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dir", "d");
        config.put("apend", "true");
        PipelineException edit =
                catchEdit(() -> p.withNode("bad.name", catalog.type("t.rec"), List.of("sig", "nope.out"), config));
        PipelineException file = catchEdit(() -> parser.parse(
                "block.yaml",
                block + "  bad.name: { type: t.rec, in: [sig, nope.out], config: { dir: d, apend: true } }\n"));

        // the same errors; their order follows their positions, which differ within the line
        assertThat(edit.errors())
                .extracting(PipelineError::message)
                .containsExactlyInAnyOrderElementsOf(
                        file.errors().stream().map(PipelineError::message).toList())
                .contains(
                        "unknown stream 'nope.out': there is no node 'nope'",
                        "unknown config key 'apend' for type 't.rec' (did you mean 'append'?)");
        assertThat(edit.errors())
                .extracting(PipelineError::file, PipelineError::line)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("block.yaml", 4));
    }

    @Test
    void removingANodeThatFeedsAnotherIsRefusedAtTheReader() throws Exception {
        Pipeline p = parser.parse("flow.yaml", FLOW);

        PipelineException e = catchEdit(() -> p.withoutNode("sig"));

        assertThat(e.errors())
                .extracting(PipelineError::line, PipelineError::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(5, "unknown stream 'sig.out': there is no node 'sig'"));
        assertThat(p.withoutNode("ttl").nodes()).extracting(NodeSpec::name).containsExactly("sig", "bp");
        assertThat(catchEdit(() -> p.withoutNode("rec")).errors())
                .extracting(PipelineError::message)
                .containsExactly("no node 'rec' in pipeline 'flow' (nodes: sig, ttl, bp)");
    }

    @Test
    void aChangedKeyIsCheckedWithEverythingThatFollowsFromIt() throws Exception {
        Pipeline p = parser.parse("flow.yaml", FLOW);

        Pipeline faster = p.withKey("sig", "rate", "2000");
        assertThat(faster.node("sig").orElseThrow().config()).containsEntry("rate", 2000.0);
        assertThat(faster.node("bp").orElseThrow().outputRates()).containsExactly(2000.0);
        assertThat(p.node("bp").orElseThrow().outputRates())
                .as("the original is unchanged")
                .containsExactly(1000.0);

        // 300 Hz sampling puts the band-pass's 200 Hz corner above Nyquist: the rule of t.bandpass breaks
        assertThat(catchEdit(() -> p.withKey("sig", "rate", 300)).errors())
                .extracting(PipelineError::message)
                .containsExactly("node 'bp' (type 't.bandpass') needs highHz < input.rate / 2, got highHz = 200,"
                        + " input.rate = 300 (the rate of 'sig.out')");
        assertThat(catchEdit(() -> p.withKey("sig", "channels", "many")).errors())
                .extracting(PipelineError::message)
                .containsExactly("expected an integer for 'channels', got 'many'");
        assertThat(catchEdit(() -> p.withKey("sig", "channels", 65)).errors())
                .extracting(PipelineError::message)
                .containsExactly("value 65 for 'channels' is out of range: expected 1..64");
    }

    private static PipelineException catchEdit(Edit edit) {
        try {
            edit.run();
        } catch (PipelineException e) {
            return e;
        }
        throw new AssertionError("expected a PipelineException");
    }

    @FunctionalInterface
    private interface Edit {
        Object run() throws PipelineException;
    }

    /** Made-up types, so that these cases do not depend on the installed plugins. */
    private static final class Catalog implements NodeTypeCatalog {
        private final Map<String, NodeType> types = new LinkedHashMap<>();

        Catalog() {
            add(new NodeType(
                    "t.sine",
                    Role.SOURCE,
                    List.of(
                            new ParamDef(
                                    "channels",
                                    ParamType.INTEGER,
                                    0,
                                    true,
                                    List.of("8"),
                                    "1",
                                    "64",
                                    List.of(),
                                    "",
                                    null),
                            new ParamDef(
                                    "rate",
                                    ParamType.DOUBLE,
                                    0,
                                    true,
                                    List.of("30000"),
                                    "1",
                                    null,
                                    List.of(),
                                    "",
                                    null)),
                    List.of(PortDef.parse("out:CONTINUOUS_F32@config:rate")),
                    Set.of(),
                    false,
                    null));
            add(new NodeType(
                    "t.ttl", Role.SOURCE, List.of(), List.of(PortDef.parse("ttl:EVENTS@0")), Set.of(), false, null));
            add(new NodeType(
                    "t.bandpass",
                    Role.PROCESSOR,
                    List.of(
                            new ParamDef(
                                    "lowHz", ParamType.DOUBLE, 0, true, List.of("300"), "0", null, List.of(), "", null),
                            new ParamDef(
                                    "highHz",
                                    ParamType.DOUBLE,
                                    0,
                                    true,
                                    List.of("6000"),
                                    "0",
                                    null,
                                    List.of(),
                                    "",
                                    null)),
                    List.of(),
                    Set.of(Kind.CONTINUOUS_F32),
                    false,
                    null,
                    List.of("lowHz < highHz", "highHz < input.rate / 2")));
            add(new NodeType(
                    "t.rec",
                    Role.SINK,
                    List.of(
                            new ParamDef("dir", ParamType.STRING, 0, true, List.of(), null, null, List.of(), "", null),
                            new ParamDef(
                                    "append",
                                    ParamType.BOOLEAN,
                                    0,
                                    true,
                                    List.of("false"),
                                    null,
                                    null,
                                    List.of(),
                                    "",
                                    null)),
                    List.of(),
                    Set.of(Kind.CONTINUOUS_F32, Kind.EVENTS),
                    false,
                    "lossless",
                    List.of(),
                    Set.of("dir"),
                    Set.of(NodeType.RECORDER)));
        }

        private void add(NodeType t) {
            types.put(t.name(), t);
        }

        NodeType type(String name) {
            return types.get(name);
        }

        @Override
        public Optional<NodeType> find(String typeName) {
            return Optional.ofNullable(types.get(typeName));
        }

        @Override
        public Collection<NodeType> all() {
            return types.values();
        }
    }
}
