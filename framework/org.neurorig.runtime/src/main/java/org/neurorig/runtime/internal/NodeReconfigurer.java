package org.neurorig.runtime.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.neurorig.config.NodeSpec;
import org.neurorig.config.ParamDef;
import org.neurorig.runtime.RigException;
import org.osgi.service.cm.Configuration;

/**
 * Changes a running node's configuration through ConfigAdmin after checking the new value the way
 * pipeline validation would: type, options, range and the type's own validator.
 */
final class NodeReconfigurer {
    private NodeReconfigurer() {
    }

    /** Checks a new value without applying it. */
    static void check(NodeSpec node, String key, String text) throws RigException {
        parse(node, param(node, key), text.trim());
    }

    private static ParamDef param(NodeSpec node, String key) throws RigException {
        Optional<ParamDef> def = node.type().params().stream().filter(p -> p.key().equals(key)).findFirst();
        if (def.isEmpty()) {
            throw new RigException("node '" + node.name() + "' (" + node.type().name() + ") has no key '" + key
                    + "'; keys: " + node.type().params().stream().map(ParamDef::key).toList());
        }
        if (def.get().cardinality() != 0) {
            throw new RigException("'" + key + "' of node '" + node.name() + "' is a list; restart to change it");
        }
        return def.get();
    }

    static void apply(NodeSpec node, Configuration cfg, String key, String text) throws RigException {
        Optional<ParamDef> def = node.type().params().stream().filter(p -> p.key().equals(key)).findFirst();
        if (def.isEmpty()) {
            throw new RigException("node '" + node.name() + "' (" + node.type().name() + ") has no key '" + key
                    + "'; keys: " + node.type().params().stream().map(ParamDef::key).toList());
        }
        ParamDef p = def.get();
        if (p.cardinality() != 0) {
            throw new RigException("'" + key + "' of node '" + node.name() + "' is a list; change it in the pipeline file");
        }
        Object value = parse(node, p, text.trim());
        try {
            Dictionary<String, Object> props = cfg.getProperties();
            props.put(key, value);
            cfg.update(props);
        } catch (IOException | IllegalStateException e) {
            throw new RigException("could not update node '" + node.name() + "': " + e.getMessage(), e);
        }
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
            throw new RigException(where + " expects " + p.type().name().toLowerCase(Locale.ROOT) + ", got '" + text + "'");
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
        for (var e = props.keys(); e.hasMoreElements();) {
            String k = e.nextElement();
            if (!k.startsWith("neurorig.") && !k.startsWith("service.") && !k.startsWith("component.")) {
                out.put(k, props.get(k));
            }
        }
        return out;
    }
}
