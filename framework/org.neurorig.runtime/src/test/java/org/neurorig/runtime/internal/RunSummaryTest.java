package org.neurorig.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeStatus;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;

class RunSummaryTest {
    private static final RunSnapshot SNAPSHOT = new RunSnapshot(
            2_500_000_000L,
            List.of(
                    new NodeMetrics("probe", "sim.ephys", NodeStatus.STOPPED, "", 2500, 0, 0, 0, 0, 41.5, 0),
                    new NodeMetrics(
                            "bp",
                            "filter.bandpass",
                            NodeStatus.FAILED,
                            "IllegalStateException: boom",
                            2499,
                            3,
                            3,
                            7,
                            1,
                            120.25,
                            2)),
            List.of(
                    new StreamMetrics("probe.ap", Kind.CONTINUOUS_I16, 30_000, 2500, 75_000, 0, 4, 55.0, 310.0, 0, 0),
                    new StreamMetrics("bp.out", Kind.CONTINUOUS_F32, 30_000, 2496, 74_880, 1, 0, 60.0, 290.5, 0, 0)),
            1234,
            Map.of("bad magic", 2L));

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void writesEveryStreamAndNodeWithTheirTotals(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/run1/summary.json"); // parent folders do not exist yet

        RunSummary.write(file, "demo", SNAPSHOT);

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(keys(root)).containsExactly("pipeline", "seconds", "streams", "nodes", "bus");
        assertThat(root.get("pipeline").asText()).isEqualTo("demo");
        assertThat(root.get("seconds").asDouble()).isEqualTo(2.5);

        assertThat(keys(root.get("streams"))).containsExactly("probe.ap", "bp.out");
        JsonNode ap = root.get("streams").get("probe.ap");
        assertThat(keys(ap))
                .containsExactly(
                        "kind",
                        "sampleRate",
                        "blocks",
                        "samples",
                        "gaps",
                        "drops",
                        "hopP50Micros",
                        "hopP99Micros",
                        "hopP999Micros",
                        "ageP50Micros",
                        "ageP99Micros");
        assertThat(ap.get("kind").asText()).isEqualTo("CONTINUOUS_I16");
        assertThat(ap.get("sampleRate").asDouble()).isEqualTo(30_000.0);
        assertThat(ap.get("blocks").asLong()).isEqualTo(2500);
        assertThat(ap.get("samples").asLong()).isEqualTo(75_000);
        assertThat(ap.get("gaps").asLong()).isZero();
        assertThat(ap.get("drops").asLong()).isEqualTo(4);
        assertThat(ap.get("hopP50Micros").asDouble()).isEqualTo(55.0);
        assertThat(ap.get("hopP99Micros").asDouble()).isEqualTo(310.0);
        JsonNode out = root.get("streams").get("bp.out");
        assertThat(out.get("kind").asText()).isEqualTo("CONTINUOUS_F32");
        assertThat(out.get("samples").asLong()).isEqualTo(74_880);
        assertThat(out.get("gaps").asLong()).isEqualTo(1);

        assertThat(keys(root.get("nodes"))).containsExactly("probe", "bp");
        JsonNode bp = root.get("nodes").get("bp");
        assertThat(keys(bp))
                .containsExactly(
                        "type",
                        "status",
                        "message",
                        "blocksIn",
                        "errors",
                        "restarts",
                        "overruns",
                        "swaps",
                        "malformed",
                        "meanProcessMicros");
        assertThat(bp.get("type").asText()).isEqualTo("filter.bandpass");
        assertThat(bp.get("status").asText()).isEqualTo("FAILED");
        assertThat(bp.get("message").asText()).isEqualTo("IllegalStateException: boom");
        assertThat(bp.get("blocksIn").asLong()).isEqualTo(2499);
        assertThat(bp.get("errors").asLong()).isEqualTo(3);
        assertThat(bp.get("restarts").asLong()).isEqualTo(3);
        assertThat(bp.get("overruns").asLong()).isEqualTo(7);
        assertThat(bp.get("swaps").asLong()).isEqualTo(1);
        assertThat(bp.get("malformed").asLong()).isEqualTo(2);
        assertThat(bp.get("meanProcessMicros").asDouble()).isEqualTo(120.25);
        assertThat(root.get("nodes").get("probe").get("status").asText()).isEqualTo("STOPPED");

        assertThat(root.get("bus").get("forwarded").asLong()).isEqualTo(1234);
        assertThat(root.get("bus").get("malformed").get("bad magic").asLong()).isEqualTo(2);

        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("summary.json"); // no .tmp left
        }
    }

    @Test
    void rewritingReplacesTheWholeFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("summary.json");
        Files.writeString(file, "{\"stale\": true, \"padding\": \"" + "x".repeat(10_000) + "\"}");

        RunSummary.write(file, "again", new RunSnapshot(0, List.of(), List.of(), 0, Map.of()));

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.get("pipeline").asText()).isEqualTo("again");
        assertThat(root.has("stale")).isFalse();
        assertThat(root.get("streams").size()).isZero();
        assertThat(root.get("nodes").size()).isZero();
        assertThat(root.get("seconds").asDouble()).isZero();
    }
}
