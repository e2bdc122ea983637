package org.neurorig.plugin.sink.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code sink.count} node. */
@ObjectClassDefinition(name = "sink.count", description = "Counts blocks, samples and gaps per input stream")
public @interface CountSinkConfig {
    @AttributeDefinition(
            description = "JSON file the counts are written to once per second and on close (empty = none)",
            required = false)
    String file() default "";
}
