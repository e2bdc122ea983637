package org.neurorig.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.neurorig.api.Kind;
import org.neurorig.config.NodeConstraints;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.ParamType;
import org.neurorig.config.PortDef;
import org.neurorig.config.Role;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The graph part of checking a pipeline, once its nodes are read: stream references, cycles, then
 * input kinds and rates, output kinds and rates and the rules between keys in topological order.
 */
final class StreamCheck {
    private static final String CONFIG_REF = "config:";

    private final ErrorList errors;
    private final Map<String, NodeDraft> drafts;

    StreamCheck(ErrorList errors, Map<String, NodeDraft> drafts) {
        this.errors = errors;
        this.drafts = drafts;
    }

    /** Resolves every input, orders the nodes and infers their outputs; problems go to the error list. */
    List<NodeSpec> run() {
        resolveInputs();
        List<NodeDraft> order = order(new ArrayList<>(drafts.values()));
        order.forEach(this::infer);
        return errors.isEmpty() ? order.stream().map(StreamCheck::spec).toList() : List.of();
    }

    private void resolveInputs() {
        for (NodeDraft d : drafts.values()) {
            for (ScalarNode ref : d.inRefs) {
                resolve(d, ref);
            }
        }
    }

    private void resolve(NodeDraft d, ScalarNode ref) {
        String stream = ref.getValue().trim();
        int dot = stream.indexOf('.');
        String nodeName = dot < 0 ? stream : stream.substring(0, dot);
        NodeDraft p = drafts.get(nodeName);
        if (p == null) {
            String typo = ClosestNames.typoOf(nodeName, drafts.keySet());
            errors.add(
                    ref,
                    "unknown stream '" + stream + "': there is no node '" + nodeName + "'"
                            + (typo != null ? " (did you mean '" + typo + "'?)" : ""));
            return;
        }
        if (p.type == null) {
            return; // its type was reported; its ports are unknown
        }
        List<PortDef> ports = p.type.outputs();
        if (ports.isEmpty()) {
            errors.add(
                    ref,
                    "unknown stream '" + stream + "': node '" + nodeName + "' has no outputs (type '" + p.type.name()
                            + "' is a " + roleWord(p.type.role()) + ")");
            return;
        }
        int port = -1;
        if (dot < 0) {
            if (ports.size() > 1) {
                errors.add(
                        ref,
                        "stream '" + stream + "' is ambiguous: node '" + nodeName + "' has several ports (" + streams(p)
                                + "); name one of them");
                return;
            }
            port = 0;
        } else {
            String portName = stream.substring(dot + 1);
            for (int i = 0; i < ports.size(); i++) {
                if (ports.get(i).port().equals(portName)) {
                    port = i;
                }
            }
            if (port < 0) {
                errors.add(ref, "unknown stream '" + stream + "': node '" + nodeName + "' has " + streams(p));
                return;
            }
        }
        d.inputs.add(new NodeDraft.Input(nodeName + "." + ports.get(port).port(), p, port, ref));
    }

    private static String streams(NodeDraft p) {
        return p.type.outputs().stream().map(o -> p.name + "." + o.port()).collect(Collectors.joining(", "));
    }

    /** Topological order; each cycle is reported at the input that closes it. */
    private List<NodeDraft> order(List<NodeDraft> all) {
        List<List<Integer>> producers = new ArrayList<>();
        boolean[] source = new boolean[all.size()];
        for (NodeDraft d : all) {
            producers.add(d.inputs.stream().map(i -> i.producer().index).toList());
            source[d.index] = d.type != null && d.type.role() == Role.SOURCE;
        }
        GraphOrder graph = GraphOrder.of(producers, source);
        for (List<Integer> cycle : graph.cycles()) {
            NodeDraft start = all.get(cycle.get(0));
            NodeDraft last = all.get(cycle.get(cycle.size() - 2));
            ScalarNode at = start.inputs.stream()
                    .filter(i -> i.producer() == last)
                    .findFirst()
                    .orElseThrow()
                    .at();
            errors.add(
                    at,
                    "cycle: " + cycle.stream().map(i -> all.get(i).name).collect(Collectors.joining(" → "))
                            + " (a node cannot take its own output as input, directly or through others)");
        }
        return graph.order().stream().map(all::get).toList();
    }

    /** Checks the inputs' kinds and rates, then infers the outputs. Producers are already done. */
    private void infer(NodeDraft d) {
        NodeType type = d.type;
        if (type == null) {
            return;
        }
        int n = d.inRefs.size();
        if (type.role() != Role.SOURCE && n > 0 && (n < type.minInputs() || n > type.maxInputs())) {
            errors.add(
                    d.inKey != null ? d.inKey : d.keyNode,
                    "node '" + d.name + "' has " + n + (n == 1 ? " input" : " inputs") + " but type '" + type.name()
                            + "' takes " + type.arity());
        }
        NodeDraft.Input rateRef = null;
        for (NodeDraft.Input in : d.inputs) {
            Kind kind = kindOf(in);
            if (kind != null
                    && !type.inputKinds().isEmpty()
                    && !type.inputKinds().contains(kind)) {
                errors.add(
                        in.at(),
                        "input '" + in.stream() + "' is " + kind + " but type '" + type.name()
                                + "' accepts only "
                                + type.inputKinds().stream()
                                        .sorted()
                                        .map(Kind::name)
                                        .collect(Collectors.joining(", ")));
            }
            double rate = rateOf(in);
            if (!type.sameRate() || Double.isNaN(rate)) {
                continue;
            }
            if (rateRef == null) {
                rateRef = in;
            } else if (Double.compare(rate, rateOf(rateRef)) != 0) {
                errors.add(
                        in.at(),
                        "rate mismatch: input '" + in.stream() + "' runs at " + hz(rate) + " Hz but '"
                                + rateRef.stream() + "' at " + hz(rateOf(rateRef)) + " Hz; type '" + type.name()
                                + "' needs all its inputs at the same rate");
            }
        }
        List<PortDef> ports = type.outputs();
        d.outKinds = new Kind[ports.size()];
        d.outRates = new double[ports.size()];
        for (int i = 0; i < ports.size(); i++) {
            d.outKinds[i] = outputKind(d, ports.get(i));
            d.outRates[i] = outputRate(d, ports.get(i));
        }
        checkConstraints(d);
    }

    /**
     * The type's rules between keys, with the first input's rate known by now. A violation is
     * reported at the first key of the rule written in the file; when the file gives none of them,
     * at the first input (for a rule on its rate), else at {@code config}, else at the node's name.
     */
    private void checkConstraints(NodeDraft d) {
        NodeConstraints rules = NodeConstraints.of(d.type);
        for (String problem : rules.problems()) {
            // A plugin bug rather than a file error, but its rules would go unchecked.
            errors.add(d.typeNode, "type '" + d.type.name() + "' declares a " + problem);
        }
        NodeDraft.Input first = d.firstInput();
        double inputRate = first == null ? Double.NaN : rateOf(first);
        for (NodeConstraints.Violation v : rules.check(d.config, inputRate)) {
            Node at = v.keys().stream()
                    .filter(d.configValueNodes::containsKey)
                    .findFirst()
                    .map(d.configValueNodes::get)
                    .orElse(null);
            if (at == null) {
                at = v.namesInputRate() && first != null ? first.at() : d.configKey != null ? d.configKey : d.keyNode;
            }
            errors.add(
                    at,
                    "node '" + d.name + "' (type '" + d.type.name() + "') " + v.message()
                            + (v.namesInputRate() && first != null ? " (the rate of '" + first.stream() + "')" : ""));
        }
    }

    private static Kind kindOf(NodeDraft.Input in) {
        Kind[] kinds = in.producer().outKinds;
        return kinds == null ? null : kinds[in.port()];
    }

    private static double rateOf(NodeDraft.Input in) {
        double[] rates = in.producer().outRates;
        return rates == null ? Double.NaN : rates[in.port()];
    }

    /** The kind of one output port; {@code null} when unknown (the reason is reported or was earlier). */
    private Kind outputKind(NodeDraft d, PortDef port) {
        String k = port.kind();
        if (k.equals("=")) {
            if (d.type.role() == Role.SOURCE) {
                errors.add(
                        d.typeNode,
                        "type '" + d.type.name() + "' declares output '" + port.port()
                                + "' with the kind of its first input, but a source has no input");
                return null;
            }
            NodeDraft.Input first = d.firstInput();
            return first == null ? null : kindOf(first);
        }
        if (!k.startsWith(CONFIG_REF)) {
            return Kind.valueOf(k);
        }
        String key = k.substring(CONFIG_REF.length());
        if (d.badConfigKeys.contains(key)) {
            return null;
        }
        Object v = d.config.get(key);
        if (v == null) {
            boolean declared = d.type.params().stream().anyMatch(p -> p.key().equals(key));
            errors.add(
                    declared ? (d.configKey != null ? d.configKey : d.keyNode) : d.typeNode,
                    declared
                            ? "node '" + d.name + "' needs config key '" + key + "' to tell the kind of stream '"
                                    + d.name + "." + port.port() + "' (" + KindNames.EXPECTED + ")"
                            : "type '" + d.type.name() + "' takes the kind of output '" + port.port()
                                    + "' from config key '" + key + "', which it does not declare");
            return null;
        }
        Kind kind = KindNames.parse(String.valueOf(v));
        if (kind == null) {
            errors.add(
                    d.configValueNodes.getOrDefault(key, d.typeNode),
                    "expected a stream kind for '" + key + "' (" + KindNames.EXPECTED + "), got '" + v + "'");
        }
        return kind;
    }

    /** The rate of one output port in Hz; NaN when unknown. */
    private double outputRate(NodeDraft d, PortDef port) {
        String r = port.rate();
        if (r.isEmpty()) {
            return Double.NaN;
        }
        if (r.equals("=")) {
            NodeDraft.Input first = d.firstInput();
            return first == null ? Double.NaN : rateOf(first);
        }
        String key = port.rateKey();
        if (key == null) {
            return Double.parseDouble(r);
        }
        double numerator = port.rateNumerator();
        boolean quotient = !Double.isNaN(numerator);
        Object v = d.config.get(key);
        double value = Double.NaN;
        if (v instanceof Number n) {
            value = n.doubleValue();
        } else if (v instanceof String s && ConfigCheck.convert(ParamType.DOUBLE, s.trim()) instanceof Double parsed) {
            value = parsed;
        }
        // a plain rate key keeps its rules (a number is taken as given); a width under a quotient
        // (1000/config:binMs) must be positive, or there is no rate
        boolean bad = quotient ? v != null && !(value > 0) : v instanceof String && !(value >= 0);
        if (bad) {
            Node at = d.configValueNodes.getOrDefault(key, d.typeNode);
            Object shown = at instanceof ScalarNode written ? written.getValue() : v; // as typed, not 0.0
            errors.add(
                    at,
                    (quotient
                                    ? "expected a positive number for '" + key + "' (the output rate is "
                                            + hz(numerator) + "/" + key + " Hz)"
                                    : "expected a sample rate in Hz for '" + key + "'")
                            + ", got '" + shown + "'");
            return Double.NaN;
        }
        return quotient ? numerator / value : value;
    }

    private static NodeSpec spec(NodeDraft d) {
        List<PortDef> ports = d.type.outputs();
        List<String> outputs = ports.stream().map(p -> d.name + "." + p.port()).toList();
        List<Double> rates = new ArrayList<>();
        for (double r : d.outRates) {
            rates.add(r);
        }
        Mark at = d.keyNode.getStartMark();
        return new NodeSpec(
                d.name,
                d.type,
                d.inputs.stream().map(NodeDraft.Input::stream).toList(),
                d.config,
                outputs,
                List.of(d.outKinds),
                rates,
                at.getLine() + 1,
                at.getColumn() + 1);
    }

    static String roleWord(Role role) {
        return switch (role) {
            case SOURCE -> "source";
            case PROCESSOR -> "processor";
            case SINK -> "sink";
        };
    }

    private static String hz(double rate) {
        return rate == Math.rint(rate) && Math.abs(rate) < 1e15 ? Long.toString((long) rate) : Double.toString(rate);
    }
}
