package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values that used to pass validation and fail at start or later (issue 11, C.7): limits and the
 * rules between keys, each reported at the key at fault, against the real node types.
 */
class ConstraintErrorsTest {
    private final PipelineParser parser = new PipelineParser(new FixedNodeTypeCatalog());

    private List<String> errors(String yaml) {
        PipelineException e = catchThrowableOfType(() -> parser.parse("p.yaml", yaml), PipelineException.class);
        assertThat(e).as("expected the file to be rejected").isNotNull();
        return e.errors().stream().map(PipelineError::toString).toList();
    }

    @Test
    void bandpassLowAtOrAboveHigh() {
        assertThat(
                        errors(
                                """
                nodes:
                  sig: { type: sim.sine }
                  bp:
                    type: filter.bandpass
                    in: sig
                    config:
                      lowHz: 7000
                      highHz: 6000
                """))
                .containsExactly("p.yaml:7:14: node 'bp' (type 'filter.bandpass') needs lowHz < highHz,"
                        + " got lowHz = 7000, highHz = 6000");
        // equal corners are not a band either; only highHz is written, so it is the one named
        assertThat(
                        errors(
                                """
                nodes:
                  sig: { type: sim.sine }
                  bp: { type: filter.bandpass, in: sig, config: { highHz: 300 } }
                """))
                .containsExactly("p.yaml:3:59: node 'bp' (type 'filter.bandpass') needs lowHz < highHz,"
                        + " got lowHz = 300, highHz = 300");
    }

    @Test
    void highHzAboveTheInputsNyquistIsReportedAtTheKey() {
        assertThat(
                        errors(
                                """
                nodes:
                  sig: { type: sim.sine, config: { rate: 10000 } }
                  bp:
                    type: filter.bandpass
                    in: sig
                    config: { highHz: 6000 }
                """))
                .containsExactly("p.yaml:6:23: node 'bp' (type 'filter.bandpass') needs highHz < input.rate / 2,"
                        + " got highHz = 6000, input.rate = 10000 (the rate of 'sig.out')");
    }

    @Test
    void aDefaultAboveNyquistIsReportedAtTheInputThatBringsTheRate() {
        // sim.ephys' LFP runs at 2500 Hz; the default highHz of 6000 Hz does not fit it
        assertThat(
                        errors(
                                """
                nodes:
                  probe: { type: sim.ephys }
                  bp: { type: filter.bandpass, in: probe.lfp }
                """))
                .containsExactly("p.yaml:3:36: node 'bp' (type 'filter.bandpass') needs highHz < input.rate / 2,"
                        + " got highHz = 6000, input.rate = 2500 (the rate of 'probe.lfp')");
    }

    @Test
    void sourceRateZeroAndHuge() {
        assertThat(
                        errors(
                                """
                nodes:
                  a: { type: sim.sine, config: { rate: 0 } }
                  b: { type: sim.sine, config: { rate: 1e15 } }
                """))
                .containsExactly(
                        "p.yaml:2:40: value 0 for 'rate' is out of range: expected 0.01..1000000",
                        "p.yaml:3:40: value 1e15 for 'rate' is out of range: expected 0.01..1000000");
    }

    @Test
    void blockSamplesThatWouldOverflowIsOutOfRange() {
        assertThat(
                        errors(
                                """
                nodes:
                  a:
                    type: sim.sine
                    config:
                      blockSamples: 2147483647
                """))
                .containsExactly(
                        "p.yaml:5:21: value 2147483647 for 'blockSamples' is out of range:" + " expected 1..65536");
    }

    @Test
    void aBlockTooLargeForTheWireIsReportedAtTheRulesFirstKeyInTheFile() {
        assertThat(
                        errors(
                                """
                nodes:
                  a:
                    type: sim.sine
                    config:
                      blockSamples: 60000
                      channels: 4096
                """))
                .containsExactly("p.yaml:6:17: node 'a' (type 'sim.sine') needs channels * blockSamples <= 1048576,"
                        + " got channels = 4096, blockSamples = 60000");
    }

    @Test
    void everyRuleOfANodeIsReportedAtOnce() {
        assertThat(
                        errors(
                                """
                nodes:
                  sig: { type: sim.sine, config: { rate: 1000 } }
                  bp:
                    type: filter.bandpass
                    in: sig
                    config:
                      highHz: 600
                      lowHz: 700
                """))
                .containsExactly(
                        "p.yaml:7:15: node 'bp' (type 'filter.bandpass') needs highHz < input.rate / 2, got highHz = 600,"
                                + " input.rate = 1000 (the rate of 'sig.out')",
                        "p.yaml:8:14: node 'bp' (type 'filter.bandpass') needs lowHz < highHz, got lowHz = 700, highHz = 600");
    }

    @Test
    void aRuleNeedingAnUnknownRateIsNotJudged() throws Exception {
        // playback.openephys learns its rate from the file: the Nyquist rule waits for the run
        Pipeline p = parser.parse(
                "p.yaml",
                """
                nodes:
                  oe: { type: playback.openephys, config: { path: rec } }
                  bp: { type: filter.bandpass, in: oe.out, config: { highHz: 100000 } }
                """);
        assertThat(p.node("bp").orElseThrow().config().get("highHz")).isEqualTo(100000.0);
    }

    @Test
    void aBadDeclarationIsReportedAgainstTheType() {
        NodeType broken = new NodeType(
                "x.broken",
                Role.SOURCE,
                List.of(
                        new ParamDef("n", ParamType.INTEGER, 0, false, List.of("1"), null, null, List.of(), "", null),
                        new ParamDef(
                                "label", ParamType.STRING, 0, false, List.of("a"), null, null, List.of(), "", null)),
                List.of(PortDef.parse("out:MATRIX_F32@1")),
                null,
                false,
                null,
                List.of("n << 2", "label > 1", "n < input.rate", "fixed: m", "n > 0"));
        NodeTypeCatalog one = new NodeTypeCatalog() {
            @Override
            public java.util.Optional<NodeType> find(String name) {
                return name.equals(broken.name()) ? java.util.Optional.of(broken) : java.util.Optional.empty();
            }

            @Override
            public java.util.Collection<NodeType> all() {
                return List.of(broken);
            }
        };
        PipelineException e = catchThrowableOfType(
                () -> new PipelineParser(one)
                        .parse(
                                "p.yaml",
                                """
                nodes:
                  a: { type: x.broken, config: { n: 0 } }
                """),
                PipelineException.class);
        assertThat(e.errors().stream().map(PipelineError::toString))
                .containsExactly(
                        "p.yaml:2:14: type 'x.broken' declares a bad constraint 'n << 2': more than one comparison",
                        "p.yaml:2:14: type 'x.broken' declares a bad constraint 'label > 1': 'label' is not a single number",
                        "p.yaml:2:14: type 'x.broken' declares a bad constraint 'n < input.rate': a source has no input, so"
                                + " no input.rate",
                        "p.yaml:2:14: type 'x.broken' declares a bad constraint 'fixed: m': 'm' is not a key of the type",
                        "p.yaml:2:37: node 'a' (type 'x.broken') needs n > 0, got n = 0");
    }
}
