package org.neurorig.plugin.spikes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code spikes.bin}. */
@ObjectClassDefinition(
        name = "Spike binner",
        description = "Spike counts per channel in consecutive bins"
                + " aligned to sample numbers (bin b covers samples [b·W, (b+1)·W), W = binMs·rate/1000).")
public @interface SpikeBinnerConfig {
    @AttributeDefinition(
            name = "Bin width (ms)",
            description = "Must be a whole number of input samples",
            min = "0.01",
            max = "60000")
    double binMs() default 50;
}
