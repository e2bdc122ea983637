package org.neurorig.plugin.filter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code filter.lowpass}. */
@ObjectClassDefinition(
        name = "Butterworth low-pass filter",
        description = "Causal Butterworth low-pass"
                + " (SciPy butter(order, highHz, 'lowpass', output='sos') + sosfilt), per-channel state.")
public @interface LowpassFilterConfig {
    @AttributeDefinition(
            name = "Cut-off (Hz)",
            description = "-3 dB corner; frequencies above it are removed;" + " must be below Nyquist",
            min = "0.001",
            max = "500000")
    double highHz() default 300;

    @AttributeDefinition(name = "Order", description = "Butterworth order", min = "1", max = "8")
    int order() default 3;
}
