package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurorig.config.NodeConstraints;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.Pipeline;
import org.neurorig.config.Role;

/**
 * What changed between the running pipeline and a new version of it, and whether the change can be
 * applied live: sinks may come and go, any node's scalar keys may change; sources and processors
 * must keep their type, inputs and outputs (their streams feed others), list keys need a restart.
 * A file that places nodes on other hosts is always a restart of the whole rig.
 */
record PipelineDiff(boolean live, List<NodeSpec> addedSinks, List<String> removedSinks, List<KeyChange> keyChanges) {
    /** One configuration key of one node, with its new value as pipeline-file text. */
    record KeyChange(String node, String key, String value) {}

    static PipelineDiff of(Pipeline current, Pipeline next) {
        if (next.placement().distributed()) {
            // this host runs only its part of a rig over hosts (with its edges): compared with a whole
            // file, other hosts' nodes would look like nodes to add here
            return restart();
        }
        List<NodeSpec> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<KeyChange> keys = new ArrayList<>();
        for (NodeSpec n : current.nodes()) {
            NodeSpec m = next.node(n.name()).orElse(null);
            if (m == null || !sameShape(n, m)) {
                if (n.type().role() != Role.SINK) {
                    return restart();
                }
                removed.add(n.name());
                if (m != null) {
                    added.add(m); // a sink re-wired or retyped: replaced
                }
                continue;
            }
            for (Map.Entry<String, Object> e : m.config().entrySet()) {
                Object old = n.config().get(e.getKey());
                if (!Objects.equals(old, e.getValue())) {
                    if (e.getValue() instanceof List<?>
                            || old instanceof List<?>
                            || NodeConstraints.of(n.type()).isFixed(e.getKey())) { // the stream's shape changes
                        return restart();
                    }
                    keys.add(new KeyChange(n.name(), e.getKey(), String.valueOf(e.getValue())));
                }
            }
        }
        for (NodeSpec m : next.nodes()) {
            if (current.node(m.name()).isEmpty()) {
                if (m.type().role() != Role.SINK) {
                    return restart();
                }
                added.add(m);
            }
        }
        return new PipelineDiff(true, List.copyOf(added), List.copyOf(removed), List.copyOf(keys));
    }

    private static boolean sameShape(NodeSpec a, NodeSpec b) {
        return a.type().name().equals(b.type().name())
                && a.inputs().equals(b.inputs())
                && a.outputs().equals(b.outputs())
                && a.outputKinds().equals(b.outputKinds());
    }

    private static PipelineDiff restart() {
        return new PipelineDiff(false, List.of(), List.of(), List.of());
    }
}
