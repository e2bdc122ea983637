package org.neurorig.plugin.trigger.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of {@code trigger.threshold}; every key can change while the node runs. */
@ObjectClassDefinition(
        name = "trigger.threshold",
        description =
                "Emits an event when one channel of a stream"
                        + " crosses a level (spike on a channel, decoded state, dF/F), then stays quiet for a refractory period")
public @interface ThresholdTriggerConfig {
    @AttributeDefinition(description = "Channel (column) index of the input, 0-based", min = "0", max = "65535")
    int channel() default 0;

    @AttributeDefinition(
            description = "Level in the channel's units (int16 inputs are scaled by bitVolts first)",
            min = "-1000000000",
            max = "1000000000")
    double level() default -50;

    @AttributeDefinition(
            description = "falling: from above the level to at or below it; rising: from below to at or above",
            options = {@Option(label = "falling", value = "falling"), @Option(label = "rising", value = "rising")})
    String direction() default "falling";

    @AttributeDefinition(
            description = "No new trigger until this long after the last one, ms",
            min = "0",
            max = "60000")
    double refractoryMs() default 1;

    @AttributeDefinition(description = "TTL line written into the emitted events", min = "0", max = "63")
    int line() default 0;
}
