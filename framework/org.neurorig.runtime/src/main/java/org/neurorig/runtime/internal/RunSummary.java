package org.neurorig.runtime.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurorig.io.AtomicFile;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;

/** Writes the {@code --summary} JSON of DESIGN §7: per stream and per node totals of a run. */
final class RunSummary {
    private RunSummary() {}

    static Map<String, Object> toMap(String pipeline, RunSnapshot s) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pipeline", pipeline);
        root.put("seconds", s.elapsedNanos() / 1e9);
        Map<String, Object> streams = new LinkedHashMap<>();
        for (StreamMetrics m : s.streams()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("kind", m.kind().name());
            o.put("sampleRate", m.sampleRate());
            o.put("blocks", m.blocks());
            o.put("samples", m.samples());
            o.put("gaps", m.gaps());
            o.put("drops", m.drops());
            o.put("hopP50Micros", m.hopP50Micros());
            o.put("hopP99Micros", m.hopP99Micros());
            o.put("hopP999Micros", m.hopP999Micros());
            o.put("ageP50Micros", m.ageP50Micros());
            o.put("ageP99Micros", m.ageP99Micros());
            streams.put(m.name(), o);
        }
        root.put("streams", streams);
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (NodeMetrics n : s.nodes()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", n.type());
            o.put("status", n.status().name());
            o.put("message", n.message());
            o.put("blocksIn", n.blocksIn());
            o.put("errors", n.errors());
            o.put("restarts", n.restarts());
            o.put("overruns", n.overruns());
            o.put("swaps", n.swaps());
            o.put("malformed", n.malformed());
            o.put("meanProcessMicros", n.meanProcessMicros());
            nodes.put(n.name(), o);
        }
        root.put("nodes", nodes);
        Map<String, Object> bus = new LinkedHashMap<>();
        bus.put("forwarded", s.busForwarded());
        bus.put("malformed", s.busMalformed());
        root.put("bus", bus);
        return root;
    }

    /** Writes atomically: a reader never sees half a file. */
    static void write(Path file, String pipeline, RunSnapshot s) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFile.write(file, om.writeValueAsBytes(toMap(pipeline, s)));
    }
}
