package org.neurorig.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurorig.config.internal.PipelineEdit;

/**
 * A validated pipeline file.
 *
 * @param name     the file's {@code name}, or the file name without extension when it has none
 * @param fileName the file name as given to the parser
 * @param nodes    nodes in topological order: sources first, then each node after all its inputs;
 *                 ties in file order
 * @param text     YAML that reads back as this pipeline: the file's text as read, or, for a pipeline
 *                 changed by {@link #withNode}, {@link #withoutNode} or {@link #withKey}, its model
 *                 written out (the file's comments and layout are not kept)
 * @param warnings what is accepted but should change, as {@code file:line:col: warning: message}
 *                 (e.g. a type named by its former name); empty when none
 * @param placement which nodes run on other hosts ({@link Placement#LOCAL} when all run here)
 */
public record Pipeline(
        String name, String fileName, List<NodeSpec> nodes, String text, List<String> warnings, Placement placement) {
    /** A pipeline without warnings, all on this host. */
    public Pipeline(String name, String fileName, List<NodeSpec> nodes, String text) {
        this(name, fileName, nodes, text, List.of(), Placement.LOCAL);
    }

    /** A pipeline all on this host. */
    public Pipeline(String name, String fileName, List<NodeSpec> nodes, String text, List<String> warnings) {
        this(name, fileName, nodes, text, warnings, Placement.LOCAL);
    }

    public Pipeline {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        nodes = List.copyOf(nodes);
        text = text == null ? "" : text;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        placement = placement == null ? Placement.LOCAL : placement;
    }

    /** The node called {@code name}. */
    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * This pipeline plus a node, checked with the whole as a file is: the same checks give the same
     * errors (name, inputs, keys, kinds, rates, rules between keys); an error about the new node is
     * placed after the file's last line.
     *
     * @param inputs stream names as a file's {@code in} would give them
     * @param config values as text (read by each key's type, as file text is) or typed values;
     *               missing keys take their defaults
     * @throws PipelineException with every problem; this pipeline is unchanged
     */
    public Pipeline withNode(String name, NodeType type, List<String> inputs, Map<String, ?> config)
            throws PipelineException {
        return PipelineEdit.withNode(this, name, type, inputs, config);
    }

    /**
     * This pipeline without node {@code name}, checked as a file is (a node reading its streams is an
     * error).
     *
     * @throws PipelineException with every problem; this pipeline is unchanged
     */
    public Pipeline withoutNode(String name) throws PipelineException {
        return PipelineEdit.withoutNode(this, name);
    }

    /**
     * This pipeline with one configuration key of one node set, checked as a file is (type, range,
     * options, rules between keys, and the streams whose kind or rate follow from it).
     *
     * @param value text as a file would give it, a typed value, or a list for a list key
     * @throws PipelineException with every problem; this pipeline is unchanged
     */
    public Pipeline withKey(String node, String key, Object value) throws PipelineException {
        return PipelineEdit.withKey(this, node, key, value);
    }
}
