package org.neurorig.plugin.filter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code filter.bandpass}. */
@ObjectClassDefinition(
        name = "Butterworth band-pass filter",
        description = "Causal Butterworth band-pass"
                + " (SciPy butter(order, [lowHz, highHz], 'band', output='sos') + sosfilt), per-channel state.")
public @interface BandpassFilterConfig {
    @AttributeDefinition(
            name = "Low cut-off (Hz)",
            description = "-3 dB corner below the pass band",
            min = "0.001",
            max = "500000")
    double lowHz() default 300;

    @AttributeDefinition(
            name = "High cut-off (Hz)",
            description = "-3 dB corner above the pass band;" + " must be above lowHz and below Nyquist",
            min = "0.001",
            max = "500000")
    double highHz() default 6000;

    @AttributeDefinition(
            name = "Order",
            description = "Butterworth order N (2N poles, N sections)",
            min = "1",
            max = "8")
    int order() default 3;
}
