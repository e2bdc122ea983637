package org.neurorig.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.Pipeline;

/**
 * What a new version of a pipeline changes, node by node, for the answer of {@code PUT /api/pipeline}:
 * nodes added, removed, re-wired or retyped (type, inputs or outputs differ), and keys changed with
 * their old and new values. It only describes: whether the change can be applied live is the
 * runtime's decision ({@code RunHandle.applyLive}).
 */
final class PipelineChanges {
    private PipelineChanges() {}

    /** {@code {"added": [...], "removed": [...], "rewired": [...], "keys": [{node, key, from, to}]}} */
    static Map<String, Object> between(Pipeline before, Pipeline after) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> rewired = new ArrayList<>();
        List<Map<String, Object>> keys = new ArrayList<>();
        for (NodeSpec n : before.nodes()) {
            NodeSpec m = after.node(n.name()).orElse(null);
            if (m == null) {
                removed.add(n.name());
            } else if (!sameShape(n, m)) {
                rewired.add(n.name());
            } else {
                // keys in either version: a key left out falls back to its default, which is a change too
                TreeSet<String> names = new TreeSet<>(n.config().keySet());
                names.addAll(m.config().keySet());
                for (String key : names) {
                    Object from = n.config().get(key);
                    Object to = m.config().get(key);
                    if (!Objects.equals(from, to)) {
                        Map<String, Object> k = new LinkedHashMap<>();
                        k.put("node", n.name());
                        k.put("key", key);
                        k.put("from", from);
                        k.put("to", to);
                        keys.add(k);
                    }
                }
            }
        }
        for (NodeSpec m : after.nodes()) {
            if (before.node(m.name()).isEmpty()) {
                added.add(m.name());
            }
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("added", added);
        c.put("removed", removed);
        c.put("rewired", rewired);
        c.put("keys", keys);
        return c;
    }

    private static boolean sameShape(NodeSpec a, NodeSpec b) {
        return a.type().name().equals(b.type().name())
                && a.inputs().equals(b.inputs())
                && a.outputs().equals(b.outputs())
                && a.outputKinds().equals(b.outputKinds());
    }
}
