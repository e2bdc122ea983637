package org.neurorig.config.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.neurorig.config.ParamDef;
import org.neurorig.config.ParamType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks a node's {@code config} mapping against its type's keys and turns the values into typed
 * Java values, defaults filled in.
 */
final class ConfigCheck {
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    // Plain decimal notation only: Double.parseDouble would also take "1f", "0x1p3" and "NaN".
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private final ErrorList errors;

    ConfigCheck(ErrorList errors) {
        this.errors = errors;
    }

    /**
     * Fills {@code node.config} (in the type's key order), {@code configValueNodes} and
     * {@code badConfigKeys}.
     *
     * @param configKey     the {@code config} key in the file, or {@code null}
     * @param config        its mapping, or {@code null} when absent or empty
     * @param checkRequired report required keys without a value (off when {@code config} itself was wrong)
     */
    void read(NodeDraft node, Node configKey, MappingNode config, boolean checkRequired) {
        Map<String, ParamDef> params = new LinkedHashMap<>();
        node.type.params().forEach(p -> params.put(p.key(), p));
        Map<String, NodeTuple> given = config == null ? Map.of() : YamlNodes.keyed(config, errors, "config key");
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : given.entrySet()) {
            String key = e.getKey();
            ParamDef p = params.get(key);
            if (p == null) {
                errors.add(
                        e.getValue().getKeyNode(),
                        "unknown config key '" + key + "' for type '" + node.type.name() + "'"
                                + keyHint(key, params.keySet()));
                node.badConfigKeys.add(key);
                continue;
            }
            node.configValueNodes.put(key, e.getValue().getValueNode());
            Object v = p.cardinality() == 0 ? scalar(p, e.getValue()) : list(p, e.getValue());
            if (v == null) {
                node.badConfigKeys.add(key);
            } else {
                values.put(key, v);
            }
        }
        for (ParamDef p : params.values()) {
            String key = p.key();
            if (values.containsKey(key)) {
                node.config.put(key, values.get(key));
            } else if (node.badConfigKeys.contains(key)) {
                continue;
            } else if (!p.defaults().isEmpty()) {
                Object v = defaultValue(node, p);
                if (v != null) {
                    node.config.put(key, v);
                }
            } else if (p.required() && checkRequired) {
                errors.add(
                        configKey != null ? configKey : node.keyNode,
                        "node '" + node.name + "' is missing required config key '" + key + "' (" + word(p.type())
                                + ")");
            }
        }
    }

    private static String keyHint(String key, java.util.Set<String> known) {
        if (known.isEmpty()) {
            return " (it takes no configuration)";
        }
        String typo = ClosestNames.typoOf(key, known);
        return typo != null ? " (did you mean '" + typo + "'?)" : " (known keys: " + String.join(", ", known) + ")";
    }

    private Object scalar(ParamDef p, NodeTuple t) {
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            return value(p, s);
        }
        errors.add(
                YamlNodes.isNull(v) ? t.getKeyNode() : v,
                "expected " + word(p.type()) + " for '" + p.key() + "', got " + YamlNodes.describe(v));
        return null;
    }

    private Object list(ParamDef p, NodeTuple t) {
        Node v = t.getValueNode();
        List<Node> items;
        if (v instanceof ScalarNode && !YamlNodes.isNull(v)) {
            items = List.of(v);
        } else if (v instanceof SequenceNode seq) {
            items = seq.getValue();
        } else {
            errors.add(
                    YamlNodes.isNull(v) ? t.getKeyNode() : v,
                    "expected a list for '" + p.key() + "' (" + word(p.type()) + " each), got "
                            + YamlNodes.describe(v));
            return null;
        }
        int most = p.cardinality() == Integer.MIN_VALUE ? Integer.MAX_VALUE : Math.abs(p.cardinality());
        if (items.size() > most) {
            errors.add(v, "too many values for '" + p.key() + "': at most " + most + ", got " + items.size());
            return null;
        }
        List<Object> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            Object x = null;
            if (item instanceof ScalarNode s && !YamlNodes.isNull(s)) {
                x = value(p, s);
            } else {
                errors.add(
                        item,
                        "expected " + word(p.type()) + " in the list '" + p.key() + "', got "
                                + YamlNodes.describe(item));
            }
            ok &= x != null;
            out.add(x);
        }
        return ok ? List.copyOf(out) : null;
    }

    /** One value: type, then range, then options, then the type's own validator. */
    private Object value(ParamDef p, ScalarNode s) {
        String text = s.getValue().trim();
        String key = p.key();
        Object v = convert(p.type(), text);
        if (v == null) {
            errors.add(s, "expected " + word(p.type()) + " for '" + key + "', got '" + s.getValue() + "'");
            return null;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            double min = bound(p.min(), Double.NEGATIVE_INFINITY);
            double max = bound(p.max(), Double.POSITIVE_INFINITY);
            if (d < min || d > max) {
                errors.add(s, "value " + text + " for '" + key + "' is out of range: expected " + range(p));
                return null;
            }
        }
        if (!p.options().isEmpty()
                && p.options().stream().noneMatch(o -> o.equals(text) || v.equals(convert(p.type(), o)))) {
            errors.add(s, "value '" + text + "' for '" + key + "' is not one of: " + String.join(", ", p.options()));
            return null;
        }
        if (p.validator() != null) {
            String problem = p.validator().apply(String.valueOf(v));
            if (problem != null && !problem.isEmpty()) {
                errors.add(s, "invalid value '" + text + "' for '" + key + "': " + problem);
                return null;
            }
        }
        return v;
    }

    private Object defaultValue(NodeDraft node, ParamDef p) {
        List<Object> out = new ArrayList<>();
        for (String text : p.defaults()) {
            Object v = convert(p.type(), text.trim());
            if (v == null) {
                // A plugin bug rather than a file error, but it stops the node from starting.
                errors.add(
                        node.typeNode,
                        "type '" + node.type.name() + "' declares a bad default '" + text + "' for '" + p.key()
                                + "' (expected " + word(p.type()) + ")");
                return null;
            }
            out.add(v);
        }
        return p.cardinality() == 0 ? out.get(0) : List.copyOf(out);
    }

    /** The typed value of {@code text}, or {@code null} when it is not one. */
    static Object convert(ParamType type, String text) {
        try {
            return switch (type) {
                case STRING -> text;
                case INTEGER -> INTEGER.matcher(text).matches() ? Integer.valueOf(text) : null;
                case LONG -> INTEGER.matcher(text).matches() ? Long.valueOf(text) : null;
                case FLOAT -> DECIMAL.matcher(text).matches() && Float.isFinite(Float.parseFloat(text))
                        ? Float.valueOf(text)
                        : null;
                case DOUBLE -> DECIMAL.matcher(text).matches() && Double.isFinite(Double.parseDouble(text))
                        ? Double.valueOf(text)
                        : null;
                case BOOLEAN -> text.equalsIgnoreCase("true")
                        ? Boolean.TRUE
                        : text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            };
        } catch (NumberFormatException e) {
            return null; // outside the range of int or long
        }
    }

    /** "an integer", "a number", … as used in "expected … for 'key'". */
    static String word(ParamType type) {
        return switch (type) {
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case LONG -> "an integer (64-bit)";
            case FLOAT, DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
        };
    }

    private static double bound(String text, double none) {
        if (text == null) {
            return none;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return none;
        }
    }

    private static String range(ParamDef p) {
        if (p.min() != null && p.max() != null) {
            return p.min() + ".." + p.max();
        }
        return p.min() != null ? "at least " + p.min() : "at most " + p.max();
    }
}
