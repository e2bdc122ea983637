package org.neurorig.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineParser;

class PipelineChangesTest {
    private final PipelineParser parser = new PipelineParser(new TinyCatalog());

    private Pipeline parse(String nodes) throws Exception {
        return parser.parse("p", "name: p\nnodes:\n" + nodes);
    }

    @Test
    void keysAddedRemovedAndRewiredNodes() throws Exception {
        Pipeline before = parse("  a: { type: src.tone }\n"
                + "  b: { type: src.tone }\n"
                + "  t: { type: sink.tally, in: a, config: { label: one } }\n"
                + "  u: { type: sink.tally, in: a }\n");
        Pipeline after = parse("  a: { type: src.tone, config: { amplitude: 2.5 } }\n"
                + "  b: { type: src.tone }\n"
                + "  t: { type: sink.tally, in: a, config: { label: two } }\n"
                + "  v: { type: sink.tally, in: b }\n");
        Map<String, Object> c = PipelineChanges.between(before, after);
        assertThat(c.get("added")).isEqualTo(List.of("v"));
        assertThat(c.get("removed")).isEqualTo(List.of("u"));
        assertThat(c.get("rewired")).isEqualTo(List.of());
        assertThat(c.get("keys"))
                .isEqualTo(List.of(
                        Map.of("node", "a", "key", "amplitude", "from", 1.0, "to", 2.5),
                        Map.of("node", "t", "key", "label", "from", "one", "to", "two")));
    }

    @Test
    void aNodeFedFromAnotherStreamIsRewired() throws Exception {
        Pipeline before = parse("  a: { type: src.tone }\n  b: { type: src.tone }\n  t: { type: sink.tally, in: a }\n");
        Pipeline after = parse("  a: { type: src.tone }\n  b: { type: src.tone }\n  t: { type: sink.tally, in: b }\n");
        Map<String, Object> c = PipelineChanges.between(before, after);
        assertThat(c.get("rewired")).isEqualTo(List.of("t"));
        assertThat(c.get("keys")).isEqualTo(List.of());
        assertThat(PipelineChanges.between(before, before).get("keys")).isEqualTo(List.of());
    }
}
