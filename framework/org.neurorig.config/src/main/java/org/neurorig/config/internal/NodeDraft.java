package org.neurorig.config.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurorig.api.Kind;
import org.neurorig.config.NodeType;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * What is known about one node while its file is being checked; fields stay empty or
 * {@code null} where the file is wrong, so that later checks skip what was already reported.
 */
final class NodeDraft {
    /** A resolved input: full stream name, its producer and port, and where the file names it. */
    record Input(String stream, NodeDraft producer, int port, ScalarNode at) {}

    final String name;
    final ScalarNode keyNode;
    final int index;

    NodeType type;
    ScalarNode typeNode;

    /** The {@code in} key when given with a value; stream names as written. */
    Node inKey;

    final List<ScalarNode> inRefs = new ArrayList<>();
    final List<Input> inputs = new ArrayList<>();

    /** The {@code config} key, if any; typed values; value positions; keys whose value was wrong. */
    Node configKey;

    final Map<String, Object> config = new LinkedHashMap<>();
    final Map<String, Node> configValueNodes = new HashMap<>();
    final Set<String> badConfigKeys = new HashSet<>();

    /** Inferred outputs, aligned with the type's ports; {@code null} entries are unknown. */
    Kind[] outKinds;

    double[] outRates;

    NodeDraft(String name, ScalarNode keyNode, int index) {
        this.name = name;
        this.keyNode = keyNode;
        this.index = index;
    }

    /** The first input as written, or {@code null} when it did not resolve. */
    Input firstInput() {
        if (inRefs.isEmpty() || inputs.isEmpty() || inputs.get(0).at() != inRefs.get(0)) {
            return null;
        }
        return inputs.get(0);
    }
}
