package org.neurorig.plugin.filter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code filter.decimate}. */
@ObjectClassDefinition(
        name = "Decimator",
        description = "Anti-aliased downsampling, the same as"
                + " scipy.signal.decimate(x, q, n=order, ftype='iir', zero_phase=False): a Chebyshev I low-pass"
                + " (0.05 dB ripple, corner 0.8·outputHz/2) then every q-th sample, aligned to sample numbers.")
public @interface DecimateFilterConfig {
    @AttributeDefinition(
            name = "Output rate (Hz)",
            description = "Must divide the input rate into a whole" + " factor q >= 2, e.g. 1000 for 30 kHz → 1 kHz",
            min = "0.001",
            max = "500000")
    double outputHz() default 1000;

    @AttributeDefinition(
            name = "Order",
            description = "Chebyshev I order (SciPy's default is 8)",
            min = "2",
            max = "12")
    int order() default 8;
}
