package org.neurorig.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key of a node type (from its metatype).
 *
 * @param key         the key as written in pipeline files, e.g. {@code lowHz}
 * @param type        value type
 * @param cardinality 0 = a single value; otherwise a list of at most {@code |cardinality|} values
 *                    ({@link Integer#MAX_VALUE} or {@link Integer#MIN_VALUE} = unbounded)
 * @param required    the key must have a value; a default counts as a value
 * @param defaults    default values as text (one for a scalar key); empty when there is none
 * @param min         smallest allowed value of a numeric key, {@code null} when unbounded
 * @param max         largest allowed value of a numeric key, {@code null} when unbounded
 * @param options     allowed values as text; empty = any
 * @param description human description, never {@code null}
 * @param validator   optional extra check of one value as text, returning {@code null} or {@code ""}
 *                    when valid and a message otherwise (the OSGi catalog wires metatype's
 *                    {@code AttributeDefinition.validate} here, which enforces min/max/options);
 *                    {@code null} when there is none
 */
public record ParamDef(
        String key,
        ParamType type,
        int cardinality,
        boolean required,
        List<String> defaults,
        String min,
        String max,
        List<String> options,
        String description,
        Function<String, String> validator) {
    public ParamDef {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        if (key.isBlank()) {
            throw new IllegalArgumentException("blank configuration key");
        }
        defaults = defaults == null ? List.of() : List.copyOf(defaults);
        options = options == null ? List.of() : List.copyOf(options);
        min = min == null || min.isBlank() ? null : min.trim();
        max = max == null || max.isBlank() ? null : max.trim();
        description = description == null ? "" : description;
    }
}
