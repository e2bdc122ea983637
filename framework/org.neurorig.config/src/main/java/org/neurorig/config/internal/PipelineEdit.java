package org.neurorig.config.internal;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PipelineError;
import org.neurorig.config.PipelineException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Changes a validated pipeline through its model, never its text (which may be flow style, carry
 * comments or document markers): the pipeline is built into a YAML document tree from its nodes,
 * the tree is changed, and {@link PipelineCheck} checks it exactly as it checks a file, so a change
 * gets the errors the same entries in a file would. Errors point at the node concerned in the file
 * it was read from; an added node sits after the file's last line. The result's text is the changed
 * tree written out by SnakeYAML, so that it reads back as the same pipeline.
 */
public final class PipelineEdit {
    private final Pipeline pipeline;
    private final Map<String, NodeType> types = new LinkedHashMap<>();

    private PipelineEdit(Pipeline pipeline) {
        this.pipeline = pipeline;
        for (NodeSpec n : pipeline.nodes()) {
            types.put(n.type().name(), n.type());
        }
    }

    /** {@code p} plus node {@code name} of {@code type}; see {@link Pipeline#withNode}. */
    public static Pipeline withNode(Pipeline p, String name, NodeType type, List<String> inputs, Map<String, ?> config)
            throws PipelineException {
        PipelineEdit edit = new PipelineEdit(p);
        edit.types.putIfAbsent(type.name(), type);
        List<NodeTuple> nodes = edit.nodes(null, null);
        Mark at = edit.afterLastLine();
        nodes.add(node(name, type.name(), inputs, config, at));
        return edit.check(nodes);
    }

    /** {@code p} without node {@code name}; see {@link Pipeline#withoutNode}. */
    public static Pipeline withoutNode(Pipeline p, String name) throws PipelineException {
        PipelineEdit edit = new PipelineEdit(p);
        edit.require(name);
        return edit.check(edit.nodes(name, null));
    }

    /** {@code p} with key {@code key} of node {@code node} set; see {@link Pipeline#withKey}. */
    public static Pipeline withKey(Pipeline p, String node, String key, Object value) throws PipelineException {
        PipelineEdit edit = new PipelineEdit(p);
        NodeSpec n = edit.require(node);
        Map<String, Object> config = new LinkedHashMap<>(n.config());
        config.put(key, value);
        return edit.check(edit.nodes(null, node(n.name(), n.type().name(), n.inputs(), config, mark(p, n))));
    }

    private NodeSpec require(String name) throws PipelineException {
        Optional<NodeSpec> n = pipeline.node(name);
        if (n.isEmpty()) {
            throw new PipelineException(List.of(new PipelineError(
                    pipeline.fileName(),
                    1,
                    1,
                    "no node '" + name
                            + "' in pipeline '" + pipeline.name() + "' (nodes: "
                            + String.join(
                                    ", ",
                                    pipeline.nodes().stream()
                                            .map(NodeSpec::name)
                                            .toList()) + ")")));
        }
        return n.get();
    }

    /**
     * The pipeline's nodes as document entries, in its (topological) order, which a check keeps.
     *
     * @param without  a node to leave out, or null
     * @param replaced an entry replacing the node of the same name, or null
     */
    private List<NodeTuple> nodes(String without, NodeTuple replaced) {
        String replacedName = replaced == null ? null : ((ScalarNode) replaced.getKeyNode()).getValue();
        List<NodeTuple> out = new ArrayList<>();
        for (NodeSpec n : pipeline.nodes()) {
            if (n.name().equals(without)) {
                continue;
            }
            out.add(
                    n.name().equals(replacedName)
                            ? replaced
                            : node(n.name(), n.type().name(), n.inputs(), n.config(), mark(pipeline, n)));
        }
        return out;
    }

    private Pipeline check(List<NodeTuple> nodes) throws PipelineException {
        Mark start = new Mark(pipeline.fileName(), 0, 0, 0, new int[0], 0);
        MappingNode root = mapping(
                List.of(
                        new NodeTuple(scalar("name", start), scalar(pipeline.name(), start)),
                        new NodeTuple(scalar("nodes", start), mapping(nodes, start))),
                start);
        StringWriter text = new StringWriter();
        new Yaml(new DumperOptions()).serialize(root, text);
        NodeTypeCatalog known = new NodeTypeCatalog() {
            @Override
            public Optional<NodeType> find(String typeName) {
                return Optional.ofNullable(types.get(typeName));
            }

            @Override
            public Collection<NodeType> all() {
                return types.values();
            }
        };
        return new PipelineCheck(known, pipeline.fileName(), text.toString()).check(root);
    }

    /** Where an added node is reported: the line after the file's last one. */
    private Mark afterLastLine() {
        String text = pipeline.text();
        int lines = (int) text.chars().filter(c -> c == '\n').count();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            lines++;
        }
        return new Mark(pipeline.fileName(), 0, lines, 0, new int[0], 0);
    }

    private static Mark mark(Pipeline p, NodeSpec n) {
        return new Mark(p.fileName(), 0, Math.max(0, n.line() - 1), Math.max(0, n.column() - 1), new int[0], 0);
    }

    private static NodeTuple node(String name, String type, List<String> inputs, Map<String, ?> config, Mark at) {
        List<NodeTuple> body = new ArrayList<>();
        body.add(new NodeTuple(scalar("type", at), scalar(type, at)));
        if (!inputs.isEmpty()) {
            body.add(new NodeTuple(scalar("in", at), sequence(inputs, at)));
        }
        if (!config.isEmpty()) {
            List<NodeTuple> keys = new ArrayList<>();
            config.forEach((k, v) -> keys.add(new NodeTuple(scalar(k, at), value(v, at))));
            body.add(new NodeTuple(scalar("config", at), mapping(keys, at)));
        }
        return new NodeTuple(scalar(name, at), mapping(body, at));
    }

    /**
     * A configuration value as the file would hold it: text is a string scalar, read by the key's
     * type as file text is; numbers and booleans keep their YAML tags so they are written plain.
     */
    private static Node value(Object v, Mark at) {
        if (v instanceof List<?> list) {
            return sequence(list, at);
        }
        Tag tag = v instanceof Integer || v instanceof Long
                ? Tag.INT
                : v instanceof Float || v instanceof Double ? Tag.FLOAT : v instanceof Boolean ? Tag.BOOL : Tag.STR;
        return new ScalarNode(tag, String.valueOf(v), at, at, DumperOptions.ScalarStyle.PLAIN);
    }

    private static ScalarNode scalar(String text, Mark at) {
        return new ScalarNode(Tag.STR, text, at, at, DumperOptions.ScalarStyle.PLAIN);
    }

    private static SequenceNode sequence(List<?> items, Mark at) {
        List<Node> values = new ArrayList<>();
        for (Object item : items) {
            values.add(value(item, at));
        }
        return new SequenceNode(Tag.SEQ, true, values, at, at, DumperOptions.FlowStyle.FLOW);
    }

    private static MappingNode mapping(List<NodeTuple> entries, Mark at) {
        return new MappingNode(Tag.MAP, true, new ArrayList<>(entries), at, at, DumperOptions.FlowStyle.BLOCK);
    }
}
