package org.neurorig.config.internal;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineException;
import org.neurorig.config.Placement;
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
    private static final List<String> TOP_KEYS = List.of("name", "hosts", "nodes");
    private static final List<String> NODE_KEYS = List.of("type", "in", "config", "at");
    /** A host's address: a DNS name, IPv4 or [IPv6], with an optional :port. */
    private static final Pattern HOST_ADDRESS =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9.-]*|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

    private final NodeTypeCatalog catalog;
    private final String fileName;
    private final String text;
    private final ErrorList errors;
    private final ConfigCheck configCheck;
    private final Map<String, Optional<NodeType>> typeCache = new HashMap<>();
    private final Map<String, NodeDraft> drafts = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> hosts = new LinkedHashMap<>();
    private final Map<String, String> nodeHosts = new LinkedHashMap<>();
    /** The {@code at} values, checked once every host is known. */
    private final Map<String, ScalarNode> atRefs = new LinkedHashMap<>();

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
        return check(root);
    }

    /**
     * Checks a document that was not read from text but built from a pipeline's model (see
     * {@link PipelineEdit}): the same checks, so the same errors, as for a file.
     */
    Pipeline check(MappingNode root) throws PipelineException {
        Map<String, NodeTuple> top = YamlNodes.keyed(root, errors, "top-level key");
        top.forEach((key, t) -> {
            if (!TOP_KEYS.contains(key)) {
                errors.add(t.getKeyNode(), "unknown top-level key '" + key + "'" + keyHint(key, TOP_KEYS));
            }
        });
        String name = top.containsKey("name") ? readName(top.get("name")) : baseName(fileName);
        if (top.containsKey("hosts")) {
            readHosts(top.get("hosts"));
        }
        if (top.containsKey("nodes")) {
            readNodes(top.get("nodes"));
        } else {
            errors.add(root, "missing 'nodes': expected a mapping of node name → {type, in, config}");
        }
        checkPlacement();
        List<NodeSpec> nodes = new StreamCheck(errors, drafts).run();
        if (!errors.isEmpty()) {
            throw errors.toException();
        }
        return new Pipeline(name, fileName, nodes, text, warnings, new Placement(hosts, nodeHosts));
    }

    /** {@code hosts: { acq: 10.0.0.2, gpu: "10.0.0.3:6000" }}: host name → control address. */
    private void readHosts(NodeTuple t) {
        Node v = t.getValueNode();
        if (YamlNodes.isNull(v)) {
            return;
        }
        if (!(v instanceof MappingNode m)) {
            errors.add(
                    v,
                    "expected a mapping of host name → address for 'hosts' (e.g. { acq: 10.0.0.2 }), got "
                            + YamlNodes.describe(v));
            return;
        }
        YamlNodes.keyed(m, errors, "host name").forEach((host, e) -> {
            if (!NODE_NAME.matcher(host).matches()) {
                errors.add(
                        e.getKeyNode(),
                        "bad host name '" + host + "': expected a letter, then letters, digits, '_' or '-'");
                return;
            }
            Node a = e.getValueNode();
            if (!(a instanceof ScalarNode s) || YamlNodes.isNull(a)) {
                errors.add(
                        YamlNodes.isNull(a) ? e.getKeyNode() : a,
                        "expected an address for host '" + host + "' (e.g. 10.0.0.2 or 10.0.0.2:5572), got "
                                + YamlNodes.describe(a));
                return;
            }
            String address = s.getValue().trim();
            java.util.regex.Matcher am = HOST_ADDRESS.matcher(address);
            if (!am.matches() || am.group(2) != null && !validPort(am.group(2).substring(1))) {
                errors.add(
                        s,
                        "bad address '" + address + "' of host '" + host
                                + "': expected a name or IP address with an optional :port 1..65535 (e.g. 10.0.0.2:5572)");
                return;
            }
            hosts.put(host, address);
        });
    }

    private static boolean validPort(String digits) {
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535;
    }

    /** A node's {@code at}: a host named under {@code hosts}. */
    private void readAt(NodeDraft d, NodeTuple t) {
        Node v = t.getValueNode();
        if (!(v instanceof ScalarNode s) || YamlNodes.isNull(v)) {
            errors.add(
                    YamlNodes.isNull(v) ? t.getKeyNode() : v,
                    "expected a host name for 'at' of node '" + d.name + "', got " + YamlNodes.describe(v));
            return;
        }
        atRefs.put(d.name, s);
    }

    private void checkPlacement() {
        atRefs.forEach((node, s) -> {
            String host = s.getValue().trim();
            if (hosts.containsKey(host)) {
                nodeHosts.put(node, host);
            } else if (hosts.isEmpty()) {
                errors.add(
                        s,
                        "node '" + node + "' is placed at host '" + host
                                + "', but the file names no hosts: add 'hosts: { " + host + ": ADDRESS }'");
            } else {
                errors.add(
                        s,
                        "unknown host '" + host + "' for 'at' of node '" + node + "'"
                                + keyHint(host, List.copyOf(hosts.keySet())));
            }
        });
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
        } catch (IllegalArgumentException e) {
            // SnakeYAML rejects some malformed tags (e.g. "! x") this way rather than with a YAMLException
            errors.add(1, 1, "not valid YAML: " + e.getMessage());
            return null;
        }
        if (YamlNodes.isNull(root)) {
            errors.add(1, 1, "empty pipeline file: expected a mapping with 'name' and 'nodes'");
            return null;
        }
        if (!(root instanceof MappingNode m)) {
            errors.add(
                    root,
                    "expected a mapping with 'name' and 'nodes' at the top level, got " + YamlNodes.describe(root));
            return null;
        }
        return m;
    }

    private static String yamlProblem(MarkedYAMLException e) {
        String problem = e.getProblem() != null
                ? e.getProblem()
                : e.getMessage().lines().findFirst().orElse("");
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
        errors.add(
                YamlNodes.isNull(v) ? t.getKeyNode() : v, "expected a string for 'name', got " + YamlNodes.describe(v));
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
            errors.add(
                    t.getKeyNode(), "'nodes' is empty: expected at least one node, as node name → {type, in, config}");
            return;
        }
        if (!(v instanceof MappingNode m)) {
            errors.add(
                    v, "expected a mapping for 'nodes' (node name → {type, in, config}), got " + YamlNodes.describe(v));
            return;
        }
        YamlNodes.keyed(m, errors, "node name").forEach(this::readNode);
    }

    private void readNode(String name, NodeTuple t) {
        ScalarNode key = (ScalarNode) t.getKeyNode();
        NodeDraft d = new NodeDraft(name, key, drafts.size());
        drafts.put(name, d);
        if (!NODE_NAME.matcher(name).matches()) {
            errors.add(
                    key,
                    "bad node name '" + name + "': expected a letter, then letters, digits, '_' or '-'"
                            + " (no dots: '.' separates node and port in stream names)");
        }
        Node body = t.getValueNode();
        if (!(body instanceof MappingNode m)) {
            errors.add(
                    YamlNodes.isNull(body) ? key : body,
                    "expected a mapping {type, in, config} for node '" + name + "', got " + YamlNodes.describe(body));
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
        if (fields.containsKey("at")) {
            readAt(d, fields.get("at"));
        }
        if (d.type == null) {
            return;
        }
        if (d.type.role() == Role.SOURCE && d.inKey != null) {
            errors.add(d.inKey, "node '" + name + "' is a source (type '" + d.type.name() + "') and takes no 'in'");
            d.inRefs.clear();
        } else if (d.type.role() != Role.SOURCE && d.inRefs.isEmpty() && inOk) {
            errors.add(
                    fields.containsKey("in") ? fields.get("in").getKeyNode() : key,
                    "node '" + name
                            + "' needs 'in' (type '" + d.type.name() + "' is a " + StreamCheck.roleWord(d.type.role())
                            + "): a stream name or a list of them");
        }
    }

    private void readType(NodeDraft d, NodeTuple t) {
        Node v = t.getValueNode();
        if (!(v instanceof ScalarNode s) || YamlNodes.isNull(v)) {
            errors.add(
                    YamlNodes.isNull(v) ? t.getKeyNode() : v,
                    "expected a type name for 'type' of node '" + d.name + "', got " + YamlNodes.describe(v));
            return;
        }
        String typeName = s.getValue().trim();
        Optional<NodeType> type = typeCache.computeIfAbsent(typeName, catalog::find);
        if (type.isEmpty()) {
            List<String> known = catalog.all().stream().map(NodeType::name).toList();
            errors.add(
                    s,
                    "unknown type '" + typeName + "' for node '" + d.name + "'"
                            + (known.isEmpty()
                                    ? " (no node types are installed)"
                                    : " (closest known: " + String.join(", ", ClosestNames.closest(typeName, known, 3))
                                            + ")"));
            return;
        }
        d.type = type.get();
        d.typeNode = s;
        if (!d.type.name().equals(typeName)) {
            // a renamed type (its declaration lists the old name as an alias): the file still works
            warnings.add(fileName + ":" + (s.getStartMark().getLine() + 1) + ":"
                    + (s.getStartMark().getColumn() + 1)
                    + ": warning: type '" + typeName + "' of node '" + d.name + "' is now called '" + d.type.name()
                    + "'; the old name will be removed");
        }
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
                    errors.add(
                            e, "expected a stream name in 'in' of node '" + d.name + "', got " + YamlNodes.describe(e));
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
                errors.add(
                        v,
                        "expected a mapping of key → value for 'config' of node '" + d.name + "', got "
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

    private static String keyHint(String key, List<String> known) {
        String typo = ClosestNames.typoOf(key, known);
        return typo != null ? " (did you mean '" + typo + "'?)" : " (expected " + String.join(", ", known) + ")";
    }
}
