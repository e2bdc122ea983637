package org.neurorig.plugin.models.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code model.selectivity} node. */
@ObjectClassDefinition(
        name = "model.selectivity",
        description =
                "Running per-neuron d' between two conditions given by event labels, coding direction and the projection of every frame on it")
public @interface SelectivityConfig {
    @AttributeDefinition(description = "Event text that starts condition A (e.g. leaf)")
    String conditionA() default "A";

    @AttributeDefinition(description = "Event text that starts condition B (e.g. circle)")
    String conditionB() default "B";

    @AttributeDefinition(
            description = "Emit the d' and coding-direction rows every this many frames (and at the end)",
            min = "1",
            max = "1000000")
    int emitEvery() default 30;
}
