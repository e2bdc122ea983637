package org.neurorig.config.internal;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.neurorig.api.Kind;
import org.neurorig.config.NodeConstraints;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.PortDef;
import org.neurorig.config.Role;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks one pipeline file in one pass and builds its {@link Pipeline}: structure, node types,
 * configuration, stream references, cycles, then kinds and rates in topological order. Every
 * problem is collected; the file is rejected at the end with all of them. One instance per file.
 */
public final class PipelineCheck {
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final List<String> TOP_KEYS = List.of("name", "nodes");
    private static final List<String> NODE_KEYS = List.of("type", "in", "config");
    private static final String CONFIG_REF = "config:";

    private final NodeTypeCatalog catalog;
    private final String fileName;
    private final String text;
    private final ErrorList errors;
    private final ConfigCheck configCheck;
    private final Map<String, Optional<NodeType>> typeCache = new HashMap<>();
    private final Map<String, NodeDraft> drafts = new LinkedHashMap<>();

    public PipelineCheck(NodeTypeCatalog catalog, String fileName, String text) {
        this.catalog = catalog;
        this.fileName = fileName;
        this.text = text == null ? "" : text;
        this.errors = new ErrorList(fileName);
        this.configCheck = new ConfigCheck(errors);
    }

    /** The validated pipeline, or every problem found. */
    public Pipeline run() throws PipelineException {
        MappingNode root = readRoot();
        if (root == null) {
            throw errors.toException();
        }
        Map<String, NodeTuple> top = YamlNodes.keyed(root, errors, "top-level key");
        top.forEach((key, t) -> {
            if (!TOP_KEYS.contains(key)) {
                errors.add(t.getKeyNode(), "unknown top-level key '" + key + "'" + keyHint(key, TOP_KEYS));
            }
        });
        String name = top.containsKey("name") ? readName(top.get("name")) : baseName(fileName);
        if (top.containsKey("nodes")) {
            readNodes(top.get("nodes"));
        } else {
            errors.add(root, "missing 'nodes': expected a mapping of node name → {type, in, config}");
        }
        resolveInputs();
        List<NodeDraft> all = new ArrayList<>(drafts.values());
        List<NodeDraft> order = order(all);
        order.forEach(this::infer);
        if (!errors.isEmpty()) {
            throw errors.toException();
        }
        return new Pipeline(name, fileName, order.stream().map(PipelineCheck::spec).toList(), text);
    }

    private MappingNode readRoot() {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            errors.add(at, "not valid YAML: " + yamlProblem(e));
            return null;
        } catch (YAMLException e) {
            errors.add(1, 1, "not valid YAML: " + e.getMessage());
            return null;
        }
        if (YamlNodes.isNull(root)) {
            errors.add(1, 1, "empty pipeline file: expected a mapping with 'name' and 'nodes'");
            return null;
        }
        if (!(root instanceof MappingNode m)) {
            errors.add(root, "expected a mapping with 'name' and 'nodes' at the top level, got "
                    + YamlNodes.describe(root));
            return null;
        }
        return m;
    }

    private static String yamlProblem(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage().lines().findFirst().orElse("");
        if (e.getContext() == null) {
            return problem;
        }
        Mark cm = e.getContextMark();
        return problem + " (" + e.getContext()
                + (cm != null ? " at " + (cm.getLine() + 1) + ":" + (cm.getColumn() + 1) : "") + ")";
    }

    private String readName(NodeTuple t) {
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            return s.getValue();
        }
        errors.add(YamlNodes.isNull(v) ? t.getKeyNode() : v,
                "expected a string for 'name', got " + YamlNodes.describe(v));
        return baseName(fileName);
    }

    private static String baseName(String file) {
        String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private void readNodes(NodeTuple t) {
        Node v = t.getValueNode();
        if (YamlNodes.isNull(v) || v instanceof MappingNode m && m.getValue().isEmpty()) {
            errors.add(t.getKeyNode(), "'nodes' is empty: expected at least one node, as node name → {type, in, config}");
            return;
        }
        if (!(v instanceof MappingNode m)) {
            errors.add(v, "expected a mapping for 'nodes' (node name → {type, in, config}), got "
                    + YamlNodes.describe(v));
            return;
        }
        YamlNodes.keyed(m, errors, "node name").forEach(this::readNode);
    }

    private void readNode(String name, NodeTuple t) {
        ScalarNode key = (ScalarNode) t.getKeyNode();
        NodeDraft d = new NodeDraft(name, key, drafts.size());
        drafts.put(name, d);
        if (!NODE_NAME.matcher(name).matches()) {
            errors.add(key, "bad node name '" + name + "': expected a letter, then letters, digits, '_' or '-'"
                    + " (no dots: '.' separates node and port in stream names)");
        }
        Node body = t.getValueNode();
        if (!(body instanceof MappingNode m)) {
            errors.add(YamlNodes.isNull(body) ? key : body, "expected a mapping {type, in, config} for node '"
                    + name + "', got " + YamlNodes.describe(body));
            return;
        }
        Map<String, NodeTuple> fields = YamlNodes.keyed(m, errors, "key");
        fields.forEach((k, f) -> {
            if (!NODE_KEYS.contains(k)) {
                errors.add(f.getKeyNode(), "unknown key '" + k + "' in node '" + name + "'" + keyHint(k, NODE_KEYS));
            }
        });
        if (fields.containsKey("type")) {
            readType(d, fields.get("type"));
        } else {
            errors.add(key, "node '" + name + "' has no 'type'");
        }
        boolean inOk = readIn(d, fields.get("in"));
        readConfig(d, fields.get("config"));
        if (d.type == null) {
            return;
        }
        if (d.type.role() == Role.SOURCE && d.inKey != null) {
            errors.add(d.inKey, "node '" + name + "' is a source (type '" + d.type.name() + "') and takes no 'in'");
            d.inRefs.clear();
        } else if (d.type.role() != Role.SOURCE && d.inRefs.isEmpty() && inOk) {
            errors.add(fields.containsKey("in") ? fields.get("in").getKeyNode() : key, "node '" + name
                    + "' needs 'in' (type '" + d.type.name() + "' is a " + roleWord(d.type.role())
                    + "): a stream name or a list of them");
        }
    }

    private void readType(NodeDraft d, NodeTuple t) {
        Node v = t.getValueNode();
        if (!(v instanceof ScalarNode s) || YamlNodes.isNull(v)) {
            errors.add(YamlNodes.isNull(v) ? t.getKeyNode() : v, "expected a type name for 'type' of node '"
                    + d.name + "', got " + YamlNodes.describe(v));
            return;
        }
        String typeName = s.getValue().trim();
        Optional<NodeType> type = typeCache.computeIfAbsent(typeName, catalog::find);
        if (type.isEmpty()) {
            List<String> known = catalog.all().stream().map(NodeType::name).toList();
            errors.add(s, "unknown type '" + typeName + "' for node '" + d.name + "'" + (known.isEmpty()
                    ? " (no node types are installed)"
                    : " (closest known: " + String.join(", ", ClosestNames.closest(typeName, known, 3)) + ")"));
            return;
        }
        d.type = type.get();
        d.typeNode = s;
    }

    /** Collects the stream names of {@code in}; false when some entry was wrong (already reported). */
    private boolean readIn(NodeDraft d, NodeTuple t) {
        if (t == null || YamlNodes.isNull(t.getValueNode())) {
            return true;
        }
        d.inKey = t.getKeyNode();
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s) {
            d.inRefs.add(s);
            return true;
        }
        if (v instanceof SequenceNode seq) {
            boolean ok = true;
            for (Node e : seq.getValue()) {
                if (e instanceof ScalarNode s && !YamlNodes.isNull(s)) {
                    d.inRefs.add(s);
                } else {
                    errors.add(e, "expected a stream name in 'in' of node '" + d.name + "', got " + YamlNodes.describe(e));
                    ok = false;
                }
            }
            return ok;
        }
        errors.add(v, "expected a stream name or a list of them for 'in' of node '" + d.name + "', got a mapping");
        return false;
    }

    private void readConfig(NodeDraft d, NodeTuple t) {
        Node v = t == null ? null : t.getValueNode();
        d.configKey = t == null ? null : t.getKeyNode();
        MappingNode config = null;
        boolean ok = true;
        if (!YamlNodes.isNull(v)) {
            if (v instanceof MappingNode m) {
                config = m;
            } else {
                errors.add(v, "expected a mapping of key → value for 'config' of node '" + d.name + "', got "
                        + YamlNodes.describe(v));
                ok = false;
            }
        }
        if (d.type != null) {
            configCheck.read(d, d.configKey, config, ok);
        } else if (config != null) {
            YamlNodes.keyed(config, errors, "config key"); // keys are unknown, but duplicates are not
        }
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
            errors.add(ref, "unknown stream '" + stream + "': there is no node '" + nodeName + "'"
                    + (typo != null ? " (did you mean '" + typo + "'?)" : ""));
            return;
        }
        if (p.type == null) {
            return; // its type was reported; its ports are unknown
        }
        List<PortDef> ports = p.type.outputs();
        if (ports.isEmpty()) {
            errors.add(ref, "unknown stream '" + stream + "': node '" + nodeName + "' has no outputs (type '"
                    + p.type.name() + "' is a " + roleWord(p.type.role()) + ")");
            return;
        }
        int port = -1;
        if (dot < 0) {
            if (ports.size() > 1) {
                errors.add(ref, "stream '" + stream + "' is ambiguous: node '" + nodeName + "' has several ports ("
                        + streams(p) + "); name one of them");
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
            ScalarNode at = start.inputs.stream().filter(i -> i.producer() == last).findFirst().orElseThrow().at();
            errors.add(at, "cycle: " + cycle.stream().map(i -> all.get(i).name).collect(Collectors.joining(" → "))
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
        NodeDraft.Input rateRef = null;
        for (NodeDraft.Input in : d.inputs) {
            Kind kind = kindOf(in);
            if (kind != null && !type.inputKinds().isEmpty() && !type.inputKinds().contains(kind)) {
                errors.add(in.at(), "input '" + in.stream() + "' is " + kind + " but type '" + type.name()
                        + "' accepts only " + type.inputKinds().stream().sorted().map(Kind::name)
                        .collect(Collectors.joining(", ")));
            }
            double rate = rateOf(in);
            if (!type.sameRate() || Double.isNaN(rate)) {
                continue;
            }
            if (rateRef == null) {
                rateRef = in;
            } else if (Double.compare(rate, rateOf(rateRef)) != 0) {
                errors.add(in.at(), "rate mismatch: input '" + in.stream() + "' runs at " + hz(rate) + " Hz but '"
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
            Node at = v.keys().stream().filter(d.configValueNodes::containsKey).findFirst()
                    .map(d.configValueNodes::get).orElse(null);
            if (at == null) {
                at = v.namesInputRate() && first != null ? first.at()
                        : d.configKey != null ? d.configKey : d.keyNode;
            }
            errors.add(at, "node '" + d.name + "' (type '" + d.type.name() + "') " + v.message()
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
                errors.add(d.typeNode, "type '" + d.type.name() + "' declares output '" + port.port()
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
            errors.add(declared ? (d.configKey != null ? d.configKey : d.keyNode) : d.typeNode, declared
                    ? "node '" + d.name + "' needs config key '" + key + "' to tell the kind of stream '" + d.name
                            + "." + port.port() + "' (" + KindNames.EXPECTED + ")"
                    : "type '" + d.type.name() + "' takes the kind of output '" + port.port()
                            + "' from config key '" + key + "', which it does not declare");
            return null;
        }
        Kind kind = KindNames.parse(String.valueOf(v));
        if (kind == null) {
            errors.add(d.configValueNodes.getOrDefault(key, d.typeNode), "expected a stream kind for '" + key
                    + "' (" + KindNames.EXPECTED + "), got '" + v + "'");
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
        } else if (v instanceof String s && ConfigCheck.convert(org.neurorig.config.ParamType.DOUBLE, s.trim())
                instanceof Double parsed) {
            value = parsed;
        }
        // a plain rate key keeps its rules (a number is taken as given); a width under a quotient
        // (1000/config:binMs) must be positive, or there is no rate
        boolean bad = quotient ? v != null && !(value > 0) : v instanceof String && !(value >= 0);
        if (bad) {
            Node at = d.configValueNodes.getOrDefault(key, d.typeNode);
            Object shown = at instanceof ScalarNode written ? written.getValue() : v; // as typed, not 0.0
            errors.add(at, (quotient
                    ? "expected a positive number for '" + key + "' (the output rate is " + hz(numerator) + "/" + key
                            + " Hz)"
                    : "expected a sample rate in Hz for '" + key + "'") + ", got '" + shown + "'");
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
        return new NodeSpec(d.name, d.type, d.inputs.stream().map(NodeDraft.Input::stream).toList(), d.config,
                outputs, List.of(d.outKinds), rates, at.getLine() + 1, at.getColumn() + 1);
    }

    private static String keyHint(String key, List<String> known) {
        String typo = ClosestNames.typoOf(key, known);
        return typo != null ? " (did you mean '" + typo + "'?)" : " (expected " + String.join(", ", known) + ")";
    }

    private static String roleWord(Role role) {
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
