package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.neurorig.api.Kind;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PipelineParser;

/**
 * The pipeline plus a {@code record.openephys} node ({@code rec}, or {@code rec2}… when taken) taking
 * every output stream of a kind it records: appended to the file's text and parsed again, so the
 * recorder is validated like any node. Used by {@code run --record} and by live recording.
 */
final class RecorderNode {
    static final String TYPE = "record.openephys";

    private RecorderNode() {
    }

    static Pipeline withRecorder(Pipeline p, String dir, NodeTypeCatalog catalog) throws PipelineException {
        NodeType rec = catalog.find(TYPE).orElseThrow(() -> new IllegalArgumentException(
                "recording needs the node type " + TYPE + ", which no installed bundle provides"));
        Set<Kind> accepted = rec.inputKinds();
        List<String> streams = new ArrayList<>();
        for (NodeSpec n : p.nodes()) {
            for (int i = 0; i < n.outputs().size(); i++) {
                if (accepted.isEmpty() || accepted.contains(n.outputKinds().get(i))) {
                    streams.add(n.outputs().get(i));
                }
            }
        }
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("pipeline " + p.fileName() + " has no output stream that " + TYPE
                    + " records (" + accepted + ")");
        }
        String name = "rec";
        for (int k = 2; p.node(name).isPresent(); k++) {
            name = "rec" + k;
        }
        int indent = p.nodes().stream().mapToInt(NodeSpec::column).min().orElse(3) - 1;
        String quoted = "\"" + dir.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        StringBuilder text = new StringBuilder(p.text());
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
        text.append(" ".repeat(Math.max(1, indent))).append(name).append(": { type: ").append(TYPE).append(", in: [")
                .append(String.join(", ", streams)).append("], config: { dir: ").append(quoted).append(" } }\n");
        return new PipelineParser(catalog).parse(p.fileName(), text.toString());
    }

    /** The recorder node that {@link #withRecorder} added: the last node of that type in file order. */
    static NodeSpec added(Pipeline extended) {
        NodeSpec last = null;
        for (NodeSpec n : extended.nodes()) {
            if (n.type().name().equals(TYPE) && (last == null || n.line() > last.line())) {
                last = n;
            }
        }
        return last;
    }
}
