package org.neurorig.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeProperties;

/**
 * Turns a component's {@code neurorig.*} properties (what its {@code @NodeType} declares) into a
 * {@link NodeType}: the one reading that the OSGi catalog, the test kit and the tests' catalog
 * built from the real bundles share, so they cannot disagree.
 */
public final class NodeTypeReader {
    private NodeTypeReader() {}

    /**
     * @param properties the component's properties (values as DS gives them: String, String[],
     *                   boxed numbers or arrays of them)
     * @param warn       told about each declaration part that is ignored (a bad port, an unknown kind)
     * @throws IllegalArgumentException when the declaration as a whole cannot make a type
     */
    public static NodeType read(
            String type,
            Role role,
            Map<String, ?> properties,
            List<ParamDef> params,
            NodeType.Origin origin,
            Consumer<String> warn) {
        List<PortDef> outputs = new ArrayList<>();
        for (String s : strings(properties.get(NodeProperties.OUTPUTS))) {
            try {
                outputs.add(PortDef.parse(s));
            } catch (IllegalArgumentException e) {
                warn.accept(e.getMessage() + "; port ignored");
            }
        }
        Set<Kind> inputs = EnumSet.noneOf(Kind.class);
        for (String s : strings(properties.get(NodeProperties.INPUTS))) {
            try {
                inputs.add(Kind.valueOf(s.trim()));
            } catch (IllegalArgumentException e) {
                warn.accept("unknown input kind '" + s + "'; ignored");
            }
        }
        boolean sameRate = strings(properties.get(NodeProperties.SAME_RATE)).stream()
                .anyMatch(s -> s.trim().equalsIgnoreCase("true"));
        // @NodeType gives the enum constant (LOSSLESS, LIVE); pipeline-facing text is lower case
        String delivery = strings(properties.get(NodeProperties.DELIVERY)).stream()
                .findFirst()
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .orElse(null);
        Set<String> pathKeys = new HashSet<>();
        for (String s : strings(properties.get(NodeProperties.PATHS))) {
            if (params.stream().anyMatch(p -> p.key().equals(s.trim()))) {
                pathKeys.add(s.trim());
            } else {
                warn.accept(NodeProperties.PATHS + " names '" + s + "', which is not one of its keys; ignored");
            }
        }
        Set<String> roles = new HashSet<>();
        for (String s : strings(properties.get(NodeProperties.ROLES))) {
            roles.add(s.trim());
        }
        int min = integer(properties.get(NodeProperties.MIN_INPUTS), 1);
        int max = integer(properties.get(NodeProperties.MAX_INPUTS), Integer.MAX_VALUE);
        return new NodeType(
                type,
                role,
                params,
                outputs,
                inputs,
                sameRate,
                delivery,
                strings(properties.get(NodeProperties.CONSTRAINTS)),
                pathKeys,
                roles,
                min,
                max,
                strings(properties.get(NodeProperties.ALIASES)),
                origin);
    }

    /**
     * A service property as strings: DS gives String or String[] (or boxed values and primitive
     * arrays for typed properties).
     */
    public static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(String::valueOf).toList();
        }
        if (value.getClass().isArray()) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(String.valueOf(Array.get(value, i)));
            }
            return out;
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    private static int integer(Object value, int absent) {
        List<String> s = strings(value);
        if (s.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(s.get(0).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("input count '" + s.get(0) + "' is not a whole number", e);
        }
    }
}
