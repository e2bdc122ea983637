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

    @AttributeDefinition(
            description = "Also hash every value (order-sensitive, to compare runs exactly); one multiply per"
                    + " value, which at 8 probes costs more than a band-pass filter, so it is off unless asked for")
    boolean hash() default false;
}
