package org.neurorig.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurorig.config.PipelineParser;
import org.neurorig.web.internal.PipelineValidation.Issue;

class PipelineValidationTest {
    private final PipelineParser parser = new PipelineParser(new TinyCatalog());

    @Test
    void aValidTextHasItsPipelineAndNoErrors() {
        PipelineValidation v = PipelineValidation.check(
                parser, "name: ok\nnodes:\n  a: { type: src.tone }\n  t: { type: sink.tally, in: a }\n");
        assertThat(v.valid()).isTrue();
        assertThat(v.pipeline().name()).isEqualTo("ok");
        assertThat(v.json()).isEqualTo(Map.of("valid", true, "errors", List.of(), "warnings", List.of()));
    }

    @Test
    void everyErrorAtItsLineAndColumn() {
        // line 3: the type's value starts at column 14 ("  a: { type: " is 13 characters);
        // line 7: the unknown config key starts at column 15 ("    config: { " is 14)
        String text = "name: two\n"
                + "nodes:\n"
                + "  a: { type: src.tonne }\n"
                + "  t:\n"
                + "    type: sink.tally\n"
                + "    in: a\n"
                + "    config: { lable: x }\n";
        PipelineValidation v = PipelineValidation.check(parser, text);
        assertThat(v.valid()).isFalse();
        assertThat(v.pipeline()).isNull();
        assertThat(v.errors()).extracting(Issue::line, Issue::column).containsExactly(tuple(3, 14), tuple(7, 15));
        assertThat(v.errors().get(0).message()).contains("src.tonne");
        assertThat(v.errors().get(1).message()).contains("lable");
    }

    @Test
    void notYamlIsAnErrorWithAPosition() {
        PipelineValidation v = PipelineValidation.check(parser, "name: x\nnodes: [\n");
        assertThat(v.valid()).isFalse();
        assertThat(v.errors()).hasSize(1);
        assertThat(v.errors().get(0).line()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aWarningKeepsItsPositionAndLosesTheFileName() {
        // line 4, column 14: the value of 'type', the former name
        PipelineValidation v = PipelineValidation.check(
                parser, "name: w\nnodes:\n  a: { type: src.tone }\n  t: { type: tally.old, in: a }\n");
        assertThat(v.valid()).isTrue();
        assertThat(v.warnings()).hasSize(1);
        Issue w = v.warnings().get(0);
        assertThat(w.line()).isEqualTo(4);
        assertThat(w.column()).isEqualTo(14);
        assertThat(w.message()).startsWith("type 'tally.old'").doesNotContain("pipeline:");
    }

    @Test
    void theRefusalCarriesTheErrorsAsTextAndWithPositions() {
        PipelineValidation v = PipelineValidation.check(parser, "name: r\nnodes:\n  a: { type: nope }\n");
        ApiError e = v.refusal();
        assertThat(e.status).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("1 error(s): pipeline:3:14: unknown type 'nope'");
        assertThat((List<?>) e.extra).hasSize(1);
        assertThat(e.more.get("issues"))
                .isEqualTo(List.of(Map.of(
                        "line", 3, "column", 14, "message", v.errors().get(0).message())));
    }
}
