package org.neurorig.bench.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code bench.faulty} node. */
@ObjectClassDefinition(
        name = "bench.faulty",
        description = "Soak test: accepts any stream and throws on every Nth block")
public @interface FaultySinkConfig {
    @AttributeDefinition(description = "Throw on every Nth block (1 = every block, 0 = never)", min = "0")
    int failEvery() default 500;
}
