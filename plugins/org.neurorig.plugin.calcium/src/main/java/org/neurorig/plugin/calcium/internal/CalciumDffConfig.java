package org.neurorig.plugin.calcium.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code calcium.dff}. */
@ObjectClassDefinition(
        name = "ΔF/F",
        description = "(F − F0) / F0 per channel, F0 = a low percentile of"
                + " the last windowS seconds of F (causal running baseline).")
public @interface CalciumDffConfig {
    @AttributeDefinition(
            name = "Baseline window (s)",
            description = "Span of recent frames the baseline"
                    + " percentile is taken over; shorter follows bleaching faster, longer ignores long activity",
            min = "0.1",
            max = "3600")
    double windowS() default 60;

    @AttributeDefinition(
            name = "Baseline percentile",
            description = "Percentile of the window used as F0" + " (low, so that transients do not raise it)",
            min = "0",
            max = "100")
    double percentile() default 8;
}
