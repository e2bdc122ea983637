package org.neurorig.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;

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
 * @param roles      what the type is for beside its {@link Role} ({@code neurorig.roles}), e.g.
 *                   {@link #RECORDER}: the framework asks for a role, never for a plugin's type name
 * @param minInputs  the fewest inputs a processor or sink takes (0 for a source)
 * @param maxInputs  the most inputs it takes ({@link Integer#MAX_VALUE} = no limit; 0 for a source)
 * @param aliases    former names that pipeline files may still use, with a warning
 * @param origin     the bundle and class that provide the type, or {@link Origin#UNKNOWN}
 */
public record NodeType(
        String name,
        Role role,
        List<ParamDef> params,
        List<PortDef> outputs,
        Set<Kind> inputKinds,
        boolean sameRate,
        String delivery,
        List<String> constraints,
        Set<String> pathKeys,
        Set<String> roles,
        int minInputs,
        int maxInputs,
        List<String> aliases,
        Origin origin) {
    /**
     * Where a type comes from ({@code neurorig types} prints it).
     *
     * @param bundle    the providing bundle's symbolic name
     * @param version   its version
     * @param className the component's implementation class
     */
    public record Origin(String bundle, String version, String className) {
        /** For types built outside OSGi without a class, e.g. in tests. */
        public static final Origin UNKNOWN = new Origin("", "", "");

        public Origin {
            bundle = bundle == null ? "" : bundle;
            version = version == null ? "" : version;
            className = className == null ? "" : className;
        }
    }

    /**
     * The role of a sink that records every stream of the kinds it accepts into the folder given by
     * its key {@code dir}; {@code run --record} and live recording add a node of such a type.
     */
    public static final String RECORDER = "recorder";

    /** A type without constraints between its keys. */
    public NodeType(
            String name,
            Role role,
            List<ParamDef> params,
            List<PortDef> outputs,
            Set<Kind> inputKinds,
            boolean sameRate,
            String delivery) {
        this(name, role, params, outputs, inputKinds, sameRate, delivery, List.of());
    }

    /** A type without path keys. */
    public NodeType(
            String name,
            Role role,
            List<ParamDef> params,
            List<PortDef> outputs,
            Set<Kind> inputKinds,
            boolean sameRate,
            String delivery,
            List<String> constraints) {
        this(name, role, params, outputs, inputKinds, sameRate, delivery, constraints, Set.of());
    }

    /** A type without roles. */
    public NodeType(
            String name,
            Role role,
            List<ParamDef> params,
            List<PortDef> outputs,
            Set<Kind> inputKinds,
            boolean sameRate,
            String delivery,
            List<String> constraints,
            Set<String> pathKeys) {
        this(name, role, params, outputs, inputKinds, sameRate, delivery, constraints, pathKeys, Set.of());
    }

    /** A type taking any number of inputs (at least one unless a source), without aliases or origin. */
    public NodeType(
            String name,
            Role role,
            List<ParamDef> params,
            List<PortDef> outputs,
            Set<Kind> inputKinds,
            boolean sameRate,
            String delivery,
            List<String> constraints,
            Set<String> pathKeys,
            Set<String> roles) {
        this(
                name,
                role,
                params,
                outputs,
                inputKinds,
                sameRate,
                delivery,
                constraints,
                pathKeys,
                roles,
                1,
                Integer.MAX_VALUE,
                List.of(),
                Origin.UNKNOWN);
    }

    /**
     * Checks {@code inputs} against the declared arity, input kinds and same rate, as the runtime
     * does before {@code prepare} and the test kit before running a node.
     *
     * @param node the node's name, for the message
     * @throws IllegalArgumentException naming the node, the input at fault and what was expected
     */
    public void checkInputs(String node, List<StreamSpec> inputs) {
        if (role == Role.SOURCE) {
            return;
        }
        int n = inputs.size();
        if (n < minInputs || n > maxInputs) {
            throw new IllegalArgumentException("node '" + node + "' (" + name + ") takes " + arity() + ", got " + n
                    + (n == 0
                            ? ""
                            : ": " + inputs.stream().map(StreamSpec::name).toList()));
        }
        for (int i = 0; i < n; i++) {
            StreamSpec in = inputs.get(i);
            if (!inputKinds.isEmpty() && !inputKinds.contains(in.kind())) {
                throw new IllegalArgumentException("node '" + node + "' (" + name + "): input " + (i + 1) + " '"
                        + in.name() + "' is " + in.kind() + "; expected " + kindList());
            }
            if (sameRate && Double.compare(in.sampleRate(), inputs.get(0).sampleRate()) != 0) {
                throw new IllegalArgumentException("node '" + node + "' (" + name + "): input " + (i + 1) + " '"
                        + in.name() + "' runs at " + in.sampleRate() + " Hz but input 1 '"
                        + inputs.get(0).name()
                        + "' at " + inputs.get(0).sampleRate() + " Hz; expected all inputs at the same rate");
            }
        }
    }

    /** "one input", "2 inputs", "1 to 4 inputs", "at least 3 inputs". */
    public String arity() {
        if (minInputs == maxInputs) {
            return minInputs == 1 ? "one input" : minInputs + " inputs";
        }
        if (maxInputs == Integer.MAX_VALUE) {
            return minInputs <= 1 ? "one or more inputs" : "at least " + minInputs + " inputs";
        }
        return minInputs + " to " + maxInputs + " inputs";
    }

    private String kindList() {
        List<String> names = inputKinds.stream().map(Kind::name).sorted().toList();
        return names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** True when the type declares {@code role} ({@code neurorig.roles}). */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public NodeType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        params = params == null ? List.of() : List.copyOf(params);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        inputKinds = inputKinds == null ? Set.of() : Set.copyOf(inputKinds);
        pathKeys = pathKeys == null ? Set.of() : Set.copyOf(pathKeys);
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        origin = origin == null ? Origin.UNKNOWN : origin;
        if (role == Role.SOURCE) {
            minInputs = 0;
            maxInputs = 0;
        } else if (minInputs < 1 || maxInputs < minInputs) {
            throw new IllegalArgumentException("node type '" + name
                    + "': inputs must be 1 <= minInputs <= maxInputs, got " + minInputs + " and " + maxInputs);
        }
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        delivery = delivery == null || delivery.isBlank() ? "lossless" : delivery.trim();
        if (!delivery.equals("lossless") && !delivery.equals("live")) {
            throw new IllegalArgumentException(
                    "node type '" + name + "': delivery must be lossless or live, got '" + delivery + "'");
        }
        if (role == Role.PROCESSOR && outputs.isEmpty()) {
            outputs = List.of(PortDef.parse("out:=@="));
        }
        if (role == Role.SINK && !outputs.isEmpty()) {
            throw new IllegalArgumentException("node type '" + name + "' is a sink and cannot declare outputs");
        }
    }
}
