package org.neurorig.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurorig.api.Kind;

/**
 * A validated node of a pipeline.
 *
 * @param name        node name from the file
 * @param type        its node type
 * @param inputs      resolved full input stream names ({@code probe.ap}), in file order
 * @param config      typed values ({@code Integer, Long, Float, Double, Boolean, String}, or a
 *                    {@code List} of those for list keys) with defaults filled in, in the order the
 *                    type declares its keys
 * @param outputs     full output stream names {@code <node>.<port>}
 * @param outputKinds kind of each output, aligned with {@code outputs}
 * @param outputRates sample rate of each output in Hz, aligned with {@code outputs}; NaN when unknown
 * @param line        1-based line of the node's name in the file
 * @param column      1-based column of the node's name in the file
 */
public record NodeSpec(
        String name,
        NodeType type,
        List<String> inputs,
        Map<String, Object> config,
        List<String> outputs,
        List<Kind> outputKinds,
        List<Double> outputRates,
        int line,
        int column) {
    public NodeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        inputs = List.copyOf(inputs);
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        outputs = List.copyOf(outputs);
        outputKinds = List.copyOf(outputKinds);
        outputRates = List.copyOf(outputRates);
        if (outputKinds.size() != outputs.size() || outputRates.size() != outputs.size()) {
            throw new IllegalArgumentException("node '" + name + "': outputs, kinds and rates differ in length");
        }
    }
}
