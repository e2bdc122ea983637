package org.neurorig.runtime.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeConstraints;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.ParamDef;
import org.neurorig.runtime.RigException;
import org.osgi.service.cm.Configuration;

/**
 * Changes a running node's configuration through ConfigAdmin after checking the new value the way
 * pipeline validation would: type, options, range, the type's own validator and its rules between
 * keys ({@link NodeConstraints}) against the values the node runs with now. A key that sets the
 * shape of an output stream is refused: its consumers were prepared for the old shape. A refused
 * value changes nothing.
 */
final class NodeReconfigurer {
    private NodeReconfigurer() {}

    /**
     * Checks a new value without applying it, for a pipeline that was validated as a whole (so its
     * rules between keys hold already).
     */
    static void check(NodeSpec node, String key, String text) throws RigException {
        ParamDef p = param(node, key);
        Object value = parse(node, p, text.trim());
        refuseShapeChange(node, p, value, node.config().get(key));
    }

    private static ParamDef param(NodeSpec node, String key) throws RigException {
        Optional<ParamDef> def =
                node.type().params().stream().filter(p -> p.key().equals(key)).findFirst();
        if (def.isEmpty()) {
            throw new RigException(
                    "node '" + node.name() + "' (" + node.type().name() + ") has no key '" + key + "'; keys: "
                            + node.type().params().stream().map(ParamDef::key).toList());
        }
        if (def.get().cardinality() != 0) {
            throw new RigException(
                    "'" + key + "' of node '" + node.name() + "' is a list; change it in the pipeline file");
        }
        return def.get();
    }

    /**
     * Checks a new value against the node's current configuration and applies it.
     *
     * @param inputs the node's input streams as prepared (the first one's rate is {@code input.rate});
     *               empty for a source
     */
    static void apply(NodeSpec node, Configuration cfg, String key, String text, List<StreamSpec> inputs)
            throws RigException {
        ParamDef p = param(node, key);
        Object value = parse(node, p, text.trim());
        Map<String, Object> now = current(node, cfg);
        refuseShapeChange(node, p, value, now.get(key));
        now.put(key, value);
        double inputRate =
                inputs == null || inputs.isEmpty() ? Double.NaN : inputs.get(0).sampleRate();
        List<NodeConstraints.Violation> broken = NodeConstraints.of(node.type()).check(now, inputRate);
        if (!broken.isEmpty()) {
            throw new RigException("'" + key + "' of node '" + node.name() + "' cannot be " + text.trim() + ": type '"
                    + node.type().name() + "' " + broken.get(0).message() + "; nothing changed");
        }
        try {
            Dictionary<String, Object> props = cfg.getProperties();
            props.put(key, value);
            cfg.update(props);
        } catch (IOException | IllegalStateException e) {
            throw new RigException("could not update node '" + node.name() + "': " + e.getMessage(), e);
        }
    }

    /** The values the node runs with: the pipeline's, overlaid by what live changes set since. */
    private static Map<String, Object> current(NodeSpec node, Configuration cfg) {
        Map<String, Object> now = new LinkedHashMap<>(node.config());
        Dictionary<String, Object> props = cfg.getProperties();
        if (props != null) {
            for (ParamDef p : node.type().params()) {
                Object v = props.get(p.key());
                if (v != null) {
                    now.put(p.key(), v);
                }
            }
        }
        return now;
    }

    private static void refuseShapeChange(NodeSpec node, ParamDef p, Object value, Object old) throws RigException {
        if (!NodeConstraints.of(node.type()).isFixed(p.key()) || sameValue(value, old)) {
            return;
        }
        throw new RigException("'" + p.key() + "' of node '" + node.name() + "' sets the shape of "
                + (node.outputs().isEmpty() ? "its input" : String.join(", ", node.outputs()))
                + " (type '" + node.type().name() + "') and cannot change while the pipeline runs; change it in"
                + " the pipeline file and load that (the pipeline restarts); nothing changed");
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return a != null && a.equals(b);
    }

    private static Object parse(NodeSpec node, ParamDef p, String text) throws RigException {
        String where = "'" + p.key() + "' of node '" + node.name() + "'";
        if (!p.options().isEmpty() && !p.options().contains(text)) {
            throw new RigException(where + " must be one of " + p.options() + ", got '" + text + "'");
        }
        Object v;
        try {
            v = switch (p.type()) {
                case STRING -> text;
                case INTEGER -> Integer.valueOf(text);
                case LONG -> Long.valueOf(text);
                case FLOAT -> Float.valueOf(text);
                case DOUBLE -> Double.valueOf(text);
                case BOOLEAN -> {
                    String t = text.toLowerCase(Locale.ROOT);
                    if (!t.equals("true") && !t.equals("false")) {
                        throw new NumberFormatException(text);
                    }
                    yield Boolean.valueOf(t);
                }
            };
        } catch (NumberFormatException e) {
            throw new RigException(
                    where + " expects " + p.type().name().toLowerCase(Locale.ROOT) + ", got '" + text + "'");
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new RigException(where + " must be finite, got '" + text + "'");
            }
            if (p.min() != null && !p.min().isBlank() && d < Double.parseDouble(p.min())) {
                throw new RigException(where + " must be at least " + p.min() + ", got " + text);
            }
            if (p.max() != null && !p.max().isBlank() && d > Double.parseDouble(p.max())) {
                throw new RigException(where + " must be at most " + p.max() + ", got " + text);
            }
        }
        if (p.validator() != null) {
            String problem = p.validator().apply(text);
            if (problem != null && !problem.isEmpty()) {
                throw new RigException(where + ": " + problem);
            }
        }
        return v;
    }

    /** The configuration as the node sees it, without the runtime's own keys. */
    static Map<String, Object> view(Configuration cfg) {
        Map<String, Object> out = new LinkedHashMap<>();
        Dictionary<String, Object> props = cfg.getProperties();
        if (props == null) {
            return out;
        }
        for (var e = props.keys(); e.hasMoreElements(); ) {
            String k = e.nextElement();
            if (!k.startsWith("neurorig.") && !k.startsWith("service.") && !k.startsWith("component.")) {
                out.put(k, props.get(k));
            }
        }
        return out;
    }
}
