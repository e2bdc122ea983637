package org.neurorig.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated pipeline file.
 *
 * @param name     the file's {@code name}, or the file name without extension when it has none
 * @param fileName the file name as given to the parser
 * @param nodes    nodes in topological order: sources first, then each node after all its inputs;
 *                 ties in file order
 * @param text     the file's text as read
 */
public record Pipeline(String name, String fileName, List<NodeSpec> nodes, String text) {
    public Pipeline {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        nodes = List.copyOf(nodes);
        text = text == null ? "" : text;
    }

    /** The node called {@code name}. */
    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}
