package org.neurorig.plugin.rates.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code rates.zscore}. */
@ObjectClassDefinition(
        name = "Running z-score",
        description =
                "(x − mean) / sd per channel, with mean and" + " variance running over about the last windowS seconds")
public @interface RateZscoreConfig {
    @AttributeDefinition(
            name = "Window (s)",
            description = "Memory of the running mean and variance:"
                    + " exact (cumulative) over the first window, exponentially weighted with weight 1/window rows"
                    + " after it",
            min = "0.001",
            max = "86400")
    double windowS() default 60;
}
