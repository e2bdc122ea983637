package org.neurorig.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.neurorig.api.Kind;

/**
 * A node type that pipeline files can name: what it is, which configuration keys it takes, which
 * ports it outputs and which inputs it accepts.
 *
 * @param name       the type name used in pipeline files (also component name and factory PID)
 * @param role       source, processor or sink
 * @param params     configuration keys, in declaration order
 * @param outputs    output ports; a processor that declares none gets {@code out:=@=}; a sink has none
 * @param inputKinds accepted input kinds; empty = any
 * @param sameRate   all inputs must have the same sample rate
 * @param delivery   {@code lossless} (default) or {@code live}
 * @param constraints rules between its keys as declared ({@code neurorig.constraints}), checked
 *                   through {@link NodeConstraints#of(NodeType)}; empty when none
 * @param pathKeys   the keys whose values are file-system paths ({@code neurorig.paths}); empty when none
 */
public record NodeType(String name, Role role, List<ParamDef> params, List<PortDef> outputs,
                       Set<Kind> inputKinds, boolean sameRate, String delivery, List<String> constraints,
                       Set<String> pathKeys) {
    /** A type without constraints between its keys. */
    public NodeType(String name, Role role, List<ParamDef> params, List<PortDef> outputs, Set<Kind> inputKinds,
                    boolean sameRate, String delivery) {
        this(name, role, params, outputs, inputKinds, sameRate, delivery, List.of());
    }

    /** A type without path keys. */
    public NodeType(String name, Role role, List<ParamDef> params, List<PortDef> outputs, Set<Kind> inputKinds,
                    boolean sameRate, String delivery, List<String> constraints) {
        this(name, role, params, outputs, inputKinds, sameRate, delivery, constraints, Set.of());
    }

    public NodeType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        params = params == null ? List.of() : List.copyOf(params);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        inputKinds = inputKinds == null ? Set.of() : Set.copyOf(inputKinds);
        pathKeys = pathKeys == null ? Set.of() : Set.copyOf(pathKeys);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        delivery = delivery == null || delivery.isBlank() ? "lossless" : delivery.trim();
        if (!delivery.equals("lossless") && !delivery.equals("live")) {
            throw new IllegalArgumentException("node type '" + name + "': delivery must be lossless or live, got '"
                    + delivery + "'");
        }
        if (role == Role.PROCESSOR && outputs.isEmpty()) {
            outputs = List.of(PortDef.parse("out:=@="));
        }
        if (role == Role.SINK && !outputs.isEmpty()) {
            throw new IllegalArgumentException("node type '" + name + "' is a sink and cannot declare outputs");
        }
    }
}
