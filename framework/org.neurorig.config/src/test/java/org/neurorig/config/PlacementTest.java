package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hosts:} and a node's {@code at:}: where nodes run, and the errors a file gets for them. */
class PlacementTest {
    private final PipelineParser parser = new PipelineParser(new FixedNodeTypeCatalog());

    @Test
    void nodesArePlacedOnNamedHosts() throws PipelineException {
        Pipeline p = parser.parse(
                "p.yaml",
                """
                name: two
                hosts: { acq: 10.0.0.2, gpu: "10.0.0.3:6000" }
                nodes:
                  s: { type: sim.sine }
                  g: { type: gain.scale, in: s.out, at: gpu }
                """);
        assertThat(p.placement().distributed()).isTrue();
        assertThat(p.placement().hostOf("g")).contains("gpu");
        assertThat(p.placement().hostOf("s")).isEmpty();
        assertThat(p.placement().address("gpu")).isEqualTo("10.0.0.3");
        assertThat(p.placement().controlPort("gpu")).isEqualTo(6000);
        assertThat(p.placement().controlPort("acq")).isEqualTo(Placement.DEFAULT_CONTROL_PORT);
        assertThat(p.placement().hosts()).containsOnlyKeys("acq", "gpu");
    }

    @Test
    void aFileWithoutHostsRunsHere() throws PipelineException {
        Pipeline p = parser.parse("p.yaml", "nodes:\n  s: { type: sim.sine }\n");
        assertThat(p.placement()).isEqualTo(Placement.LOCAL);
        assertThat(p.placement().distributed()).isFalse();
    }

    @Test
    void errorsNameLineAndColumn() {
        assertThat(
                        errors(
                                """
                hosts: { acq: 10.0.0.2, 2bad: 10.0.0.4, gpu: "10.0.0.3:70000", x: [1] }
                nodes:
                  s: { type: sim.sine, at: acx }
                  g: { type: gain.scale, in: s.out, at: [gpu] }
                """))
                .containsExactly(
                        "p.yaml:1:25: bad host name '2bad': expected a letter, then letters, digits, '_' or '-'",
                        "p.yaml:1:46: bad address '10.0.0.3:70000' of host 'gpu': expected a name or IP address with"
                                + " an optional :port 1..65535 (e.g. 10.0.0.2:5572)",
                        "p.yaml:1:67: expected an address for host 'x' (e.g. 10.0.0.2 or 10.0.0.2:5572), got a list",
                        "p.yaml:3:28: unknown host 'acx' for 'at' of node 's' (did you mean 'acq'?)",
                        "p.yaml:4:41: expected a host name for 'at' of node 'g', got a list");
    }

    @Test
    void atWithoutHostsSaysWhatToAdd() {
        assertThat(errors("nodes:\n  s: { type: sim.sine, at: rig2 }\n"))
                .containsExactly("p.yaml:2:28: node 's' is placed at host 'rig2', but the file names no hosts:"
                        + " add 'hosts: { rig2: ADDRESS }'");
    }

    @Test
    void placementRefusesUnknownHosts() {
        assertThatThrownBy(() -> new Placement(java.util.Map.of(), java.util.Map.of("n", "h")))
                .hasMessageContaining("unknown host 'h'");
    }

    private List<String> errors(String text) {
        try {
            parser.parse("p.yaml", text);
        } catch (PipelineException e) {
            return e.errors().stream().map(PipelineError::toString).toList();
        }
        throw new AssertionError("no errors for:\n" + text);
    }
}
