package org.neurorig.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineParser;
import org.neurorig.config.RealNodeTypes;

/** A pipeline over three hosts split into one file per host, with an edge per stream and consuming host. */
class PipelineSplitTest {
    private static final NodeTypeCatalog CATALOG = new NodeTypeCatalog() {
        @Override
        public Optional<NodeType> find(String name) {
            return all().stream().filter(t -> t.name().equals(name)).findFirst();
        }

        @Override
        public Collection<NodeType> all() {
            return RealNodeTypes.all();
        }
    };

    @Test
    void eachStreamCrossesOnceToEachHostThatReadsIt() throws Exception {
        Pipeline p = new PipelineParser(CATALOG)
                .parse(
                        "rig.yaml",
                        """
                name: rig
                hosts: { acq: 10.0.0.2, gpu: "10.0.0.3:6000" }
                nodes:
                  probe: { type: sim.ephys, at: acq }
                  bp:    { type: filter.bandpass, in: probe.ap, at: acq }
                  car:   { type: filter.car, in: bp, at: gpu }
                  count: { type: sink.count, in: [car, bp] }
                  tally: { type: sink.count, in: [bp, probe.lfp], at: gpu }
                  look:  { type: view.traces, in: probe.lfp }
                """);
        PipelineSplit split = new PipelineSplit(p, host -> "10.0.0.1", 7000);
        // bp crosses to gpu once (car and tally read it there) and to the coordinator once; car to the
        // coordinator; probe.lfp to gpu
        assertThat(split.edges())
                .extracting(e -> e.stream() + " " + e.fromHost() + "→" + e.toHost() + " " + e.endpoint())
                .containsExactly(
                        "bp.out acq→gpu tcp://10.0.0.2:5573",
                        "car.out gpu→ tcp://10.0.0.3:6002",
                        "bp.out acq→ tcp://10.0.0.2:5575",
                        "probe.lfp acq→gpu tcp://10.0.0.2:5576",
                        "probe.lfp acq→ tcp://10.0.0.2:5577");
        Map<String, String> parts = split.parts();
        assertThat(parts).containsOnlyKeys("", "acq", "gpu");
        assertThat(parts.get("gpu"))
                .contains("\"car\": {\"type\":\"filter.car\",\"in\":[\"net-bp-out-from-acq.out\"]")
                .contains("\"tally\": {\"type\":\"sink.count\",\"in\":[\"net-bp-out-from-acq.out\","
                        + "\"net-probe-lfp-from-acq.out\"]");
        assertThat(parts.get("acq"))
                .contains("\"net-bp-out-to-gpu\": {\"type\":\"net.send\",\"in\":[\"bp.out\"],"
                        + "\"config\":{\"bind\":\"tcp://10.0.0.2:5573\",\"peer\":\"gpu\"}}");
        assertThat(parts.get(""))
                .contains("\"net-car-out-from-gpu\": {\"type\":\"net.receive\",\"config\":{\"connect\":"
                        + "\"tcp://10.0.0.3:6002\",\"peer\":\"gpu\",\"kind\":\"CONTINUOUS_F32\",\"rate\":30000.0}}");
        // the view reads live: its edge keeps a short backlog only; the counters' edges the default
        assertThat(parts.get("acq"))
                .contains("\"net-probe-lfp-to-coordinator\": {\"type\":\"net.send\",\"in\":[\"probe.lfp\"],"
                        + "\"config\":{\"bind\":\"tcp://10.0.0.2:5577\",\"peer\":\"coordinator\",\"bufferBlocks\":64}}")
                .contains("\"config\":{\"bind\":\"tcp://10.0.0.2:5576\",\"peer\":\"gpu\"}}");
        // a line of a host's file names its node, so a host's error finds the original line
        List<String> gpuLines = parts.get("gpu").lines().toList();
        int carLine = gpuLines.indexOf(gpuLines.stream()
                        .filter(l -> l.startsWith("  \"car\""))
                        .findFirst()
                        .orElseThrow())
                + 1;
        assertThat(split.nodeAt("gpu", carLine)).isEqualTo("car");
        assertThat(split.nodeAt("gpu", 1)).isNull();
    }
}
