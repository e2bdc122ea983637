package org.neurorig.config.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reading composed YAML nodes while keeping their positions for error messages. */
final class YamlNodes {
    private YamlNodes() {}

    /** True for an absent value: {@code key:} with nothing, {@code ~} or {@code null}. */
    static boolean isNull(Node node) {
        return node == null || Tag.NULL.equals(node.getTag());
    }

    /** What a node is, for "got …" in messages. */
    static String describe(Node node) {
        if (isNull(node)) {
            return "nothing";
        }
        if (node instanceof ScalarNode s) {
            return "'" + s.getValue() + "'";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a mapping";
    }

    /**
     * The entries of a mapping by key, in file order. SnakeYAML's composer keeps duplicate keys and
     * its constructor would silently keep the last, so duplicates are reported here (and the later
     * one dropped), as are keys that are not plain names.
     *
     * @param what how the keys are called in messages, e.g. {@code node name}
     */
    static Map<String, NodeTuple> keyed(MappingNode mapping, ErrorList errors, String what) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode s) || isNull(k)) {
                errors.add(k, "expected a name as " + what + ", got " + describe(k));
                continue;
            }
            String key = s.getValue();
            NodeTuple first = out.get(key);
            if (first != null) {
                errors.add(
                        k,
                        "duplicate " + what + " '" + key + "' (first at " + ErrorList.position(first.getKeyNode())
                                + ")");
                continue;
            }
            out.put(key, t);
        }
        return out;
    }
}
