package org.neurorig.plugin.filter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code filter.highpass}. */
@ObjectClassDefinition(
        name = "Butterworth high-pass filter",
        description = "Causal Butterworth high-pass"
                + " (SciPy butter(order, lowHz, 'highpass', output='sos') + sosfilt), per-channel state.")
public @interface HighpassFilterConfig {
    @AttributeDefinition(
            name = "Cut-off (Hz)",
            description = "-3 dB corner; frequencies below it are removed;" + " must be below Nyquist",
            min = "0.001",
            max = "500000")
    double lowHz() default 300;

    @AttributeDefinition(name = "Order", description = "Butterworth order", min = "1", max = "8")
    int order() default 3;
}
