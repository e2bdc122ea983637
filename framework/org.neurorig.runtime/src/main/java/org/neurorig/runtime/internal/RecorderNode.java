package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurorig.api.Kind;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.Role;

/**
 * A pipeline plus a recorder: a node of the installed sink type with role {@link NodeType#RECORDER}
 * (the first by name when several are installed), named {@code rec} ({@code rec2}… when taken),
 * taking every output stream of a kind it accepts and writing into the folder {@code dir}. Added
 * through the pipeline's model, so it is validated as a node of a file would be. Used by
 * {@code run --record} and by live recording.
 *
 * @param pipeline the pipeline with the recorder
 * @param node     the recorder node
 */
record RecorderNode(Pipeline pipeline, NodeSpec node) {
    /** The recorder's key for the folder it writes into. */
    static final String DIR_KEY = "dir";

    /**
     * @throws IllegalArgumentException when no installed type records, or the pipeline has no stream
     *                                  it can record (the message says which)
     * @throws PipelineException        when the recorder node is not valid in the pipeline
     */
    static RecorderNode added(Pipeline p, String dir, NodeTypeCatalog catalog) throws PipelineException {
        NodeType type = catalog.all().stream()
                .filter(t -> t.role() == Role.SINK && t.hasRole(NodeType.RECORDER))
                .min(Comparator.comparing(NodeType::name))
                .orElseThrow(() -> new IllegalArgumentException("recording needs a node type with role '"
                        + NodeType.RECORDER + "' (neurorig.roles), which no installed bundle provides"));
        Set<Kind> accepted = type.inputKinds();
        List<String> streams = new ArrayList<>();
        for (NodeSpec n : p.nodes()) {
            for (int i = 0; i < n.outputs().size(); i++) {
                if (accepted.isEmpty() || accepted.contains(n.outputKinds().get(i))) {
                    streams.add(n.outputs().get(i));
                }
            }
        }
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("pipeline " + p.fileName() + " has no output stream that " + type.name()
                    + " records (" + accepted + ")");
        }
        String name = "rec";
        for (int k = 2; p.node(name).isPresent(); k++) {
            name = "rec" + k;
        }
        Pipeline with = p.withNode(name, type, streams, Map.of(DIR_KEY, dir));
        return new RecorderNode(with, with.node(name).orElseThrow());
    }
}
