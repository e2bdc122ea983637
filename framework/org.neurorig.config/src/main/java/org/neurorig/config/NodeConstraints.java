package org.neurorig.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules between a node type's configuration keys, declared once per type (the
 * {@link NodeType#constraints()}, from the {@code neurorig.constraints} component property) and
 * checked by pipeline validation and by live changes alike. One rule per declaration:
 *
 * <pre>
 * rule    := side OP side | "fixed:" key {"," key}
 * side    := operand [("*" | "/") operand]
 * operand := key | "input.rate" | number (decimal, may be negative)
 * OP      := "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * </pre>
 *
 * e.g. {@code lowHz < highHz}, {@code highHz < input.rate / 2},
 * {@code channels * blockSamples <= 1048576}, {@code fixed: channels, blockSamples}. A key in a
 * comparison is a numeric single-value key of the type; {@code input.rate} is the sample rate of
 * the node's first input. A {@code fixed} key sets the shape of an output stream and cannot change
 * while the node runs; keys that an output port takes its kind or rate from ({@code config:rate},
 * {@code 1000/config:binMs}) are fixed without being declared. A declaration that does not parse is
 * one of {@link #problems()}, reported against the type, and checks nothing. Immutable.
 */
public final class NodeConstraints {
    /** The operand naming the rate of the node's first input. */
    public static final String INPUT_RATE = "input.rate";

    private static final String FIXED = "fixed:";
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(input\\.rate|[A-Za-z_][A-Za-z0-9_]*|-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|<=|>=|<|>|\\*|/)");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> COMPARISONS = List.of("<", "<=", ">", ">=");

    /**
     * A rule that does not hold.
     *
     * @param rule    the rule as declared, e.g. {@code lowHz < highHz}
     * @param keys    the configuration keys it names, in order (where to point in a file)
     * @param message what was required and the values found, e.g.
     *                {@code needs lowHz < highHz, got lowHz = 7000, highHz = 6000}
     */
    public record Violation(String rule, List<String> keys, String message) {
        public Violation {
            keys = List.copyOf(keys);
        }

        /** True when the rule involves the input's rate. */
        public boolean namesInputRate() {
            return rule.contains(INPUT_RATE);
        }
    }

    /** One side of a comparison: {@code a}, or {@code a op b}. Operands are keys, INPUT_RATE or numbers. */
    private record Side(String a, String op, String b) {
        List<String> operands() {
            return op == null ? List.of(a) : List.of(a, b);
        }
    }

    private record Rule(String text, Side left, String comparison, Side right) {}

    private static final NodeConstraints NONE = new NodeConstraints(List.of(), Set.of(), List.of());

    private final List<Rule> rules;
    private final Set<String> fixed;
    private final List<String> problems;

    private NodeConstraints(List<Rule> rules, Set<String> fixed, List<String> problems) {
        this.rules = List.copyOf(rules);
        this.fixed = Collections.unmodifiableSet(fixed);
        this.problems = List.copyOf(problems);
    }

    /** The rules of {@code type}: its declarations parsed against its keys, plus the keys its ports derive from. */
    public static NodeConstraints of(NodeType type) {
        Objects.requireNonNull(type, "type");
        Set<String> fixed = new LinkedHashSet<>();
        for (PortDef p : type.outputs()) {
            if (p.kind().startsWith("config:")) {
                fixed.add(p.kind().substring("config:".length()));
            }
            if (p.rateKey() != null) {
                fixed.add(p.rateKey());
            }
        }
        if (type.constraints().isEmpty() && fixed.isEmpty()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String text : type.constraints()) {
            String rule = text == null ? "" : text.trim();
            try {
                if (rule.startsWith(FIXED)) {
                    fixed.addAll(fixedKeys(type, rule.substring(FIXED.length())));
                } else {
                    rules.add(parse(type, rule));
                }
            } catch (IllegalArgumentException e) {
                problems.add("bad constraint '" + rule + "': " + e.getMessage());
            }
        }
        return new NodeConstraints(rules, fixed, problems);
    }

    /** Problems of the declarations, one message each; their rules check nothing. */
    public List<String> problems() {
        return problems;
    }

    /** True when {@code key} sets the shape of an output stream, so it cannot change while the node runs. */
    public boolean isFixed(String key) {
        return fixed.contains(key);
    }

    /** The keys that cannot change while the node runs, declared ones first. */
    public Set<String> fixedKeys() {
        return fixed;
    }

    /**
     * The rules that do not hold for {@code config}. A rule is skipped when a value it needs is
     * missing, not a number, or the input rate is unknown (NaN): what cannot be known is not judged.
     *
     * @param config    key → value ({@link Number}, or text of a number)
     * @param inputRate the rate of the first input in Hz; NaN when unknown or when there is none
     */
    public List<Violation> check(Map<String, ?> config, double inputRate) {
        List<Violation> out = new ArrayList<>();
        for (Rule r : rules) {
            double left = value(r.left, config, inputRate);
            double right = value(r.right, config, inputRate);
            if (Double.isNaN(left) || Double.isNaN(right) || holds(left, r.comparison, right)) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (Side s : List.of(r.left, r.right)) {
                for (String operand : s.operands()) {
                    if (operand.equals(INPUT_RATE)) {
                        shown.add(INPUT_RATE + " = " + number(inputRate));
                    } else if (KEY.matcher(operand).matches() && !keys.contains(operand)) {
                        keys.add(operand);
                        shown.add(operand + " = " + number(operandValue(operand, config, inputRate)));
                    }
                }
            }
            out.add(new Violation(r.text, keys, "needs " + r.text + ", got " + String.join(", ", shown)));
        }
        return out;
    }

    private static boolean holds(double a, String comparison, double b) {
        return switch (comparison) {
            case "<" -> a < b;
            case "<=" -> a <= b;
            case ">" -> a > b;
            default -> a >= b;
        };
    }

    private static double value(Side s, Map<String, ?> config, double inputRate) {
        double a = operandValue(s.a, config, inputRate);
        if (s.op == null) {
            return a;
        }
        double b = operandValue(s.b, config, inputRate);
        double v = s.op.equals("*") ? a * b : a / b;
        return Double.isNaN(v) ? Double.NaN : v; // 0/0 and ∞·0 are unknown, not a violation
    }

    private static double operandValue(String operand, Map<String, ?> config, double inputRate) {
        if (operand.equals(INPUT_RATE)) {
            return inputRate;
        }
        if (!KEY.matcher(operand).matches()) {
            return Double.parseDouble(operand);
        }
        Object v = config.get(operand);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static Rule parse(NodeType type, String rule) {
        List<String> tokens = tokens(rule);
        int cmp = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (COMPARISONS.contains(tokens.get(i))) {
                if (cmp >= 0) {
                    throw new IllegalArgumentException("more than one comparison");
                }
                cmp = i;
            }
        }
        if (cmp < 0) {
            throw new IllegalArgumentException("expected a comparison (<, <=, >, >=) or 'fixed: key, …'");
        }
        return new Rule(
                rule,
                side(type, tokens.subList(0, cmp)),
                tokens.get(cmp),
                side(type, tokens.subList(cmp + 1, tokens.size())));
    }

    private static Side side(NodeType type, List<String> t) {
        if (t.size() == 1) {
            return new Side(operand(type, t.get(0)), null, null);
        }
        if (t.size() == 3 && (t.get(1).equals("*") || t.get(1).equals("/"))) {
            return new Side(operand(type, t.get(0)), t.get(1), operand(type, t.get(2)));
        }
        throw new IllegalArgumentException("expected 'operand' or 'operand * operand' or 'operand / operand' on each"
                + " side, got '" + String.join(" ", t) + "'");
    }

    private static String operand(NodeType type, String t) {
        if (t.equals(INPUT_RATE)) {
            if (type.role() == Role.SOURCE) {
                throw new IllegalArgumentException("a source has no input, so no " + INPUT_RATE);
            }
            return t;
        }
        if (!KEY.matcher(t).matches()) {
            if (COMPARISONS.contains(t) || t.equals("*") || t.equals("/")) {
                throw new IllegalArgumentException("expected a key, " + INPUT_RATE + " or a number, got '" + t + "'");
            }
            return t; // a number: the tokenizer admits nothing else
        }
        ParamDef p = type.params().stream()
                .filter(d -> d.key().equals(t))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + t + "' is not a key of the type"));
        if (p.cardinality() != 0 || p.type() == ParamType.STRING || p.type() == ParamType.BOOLEAN) {
            throw new IllegalArgumentException("'" + t + "' is not a single number");
        }
        return t;
    }

    private static List<String> fixedKeys(NodeType type, String list) {
        List<String> keys = new ArrayList<>();
        for (String k : list.split(",")) {
            String key = k.trim();
            if (type.params().stream().noneMatch(d -> d.key().equals(key))) {
                throw new IllegalArgumentException("'" + key + "' is not a key of the type");
            }
            keys.add(key);
        }
        return keys;
    }

    private static List<String> tokens(String rule) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(rule);
        int at = 0;
        while (at < rule.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(
                        "unexpected '" + rule.substring(at).trim() + "'");
            }
            out.add(m.group(1));
            at = m.end();
            while (at < rule.length() && Character.isWhitespace(rule.charAt(at))) {
                at++;
            }
        }
        return out;
    }

    /** A value as people write it: 30000, not 30000.0; 0.5 stays 0.5. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
