package org.neurorig.plugin.rates.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of {@code rates.smooth}. */
@ObjectClassDefinition(
        name = "Rate smoothing",
        description = "Causal smoothing of binned counts or rates,"
                + " per channel: a half-Gaussian or an exponential kernel over past rows.")
public @interface RateSmootherConfig {
    @AttributeDefinition(
            name = "Kernel",
            description = "gaussian: k[i] ∝ exp(−i²/2σ²), i = 0..⌈4σ⌉ rows back;"
                    + " exponential: y = a·y + (1 − a)·x, a = exp(−1/τ)",
            options = {
                @Option(label = "gaussian", value = "gaussian"),
                @Option(label = "exponential", value = "exponential")
            })
    String kernel() default "gaussian";

    @AttributeDefinition(
            name = "Width (ms)",
            description = "σ of the Gaussian or τ of the exponential",
            min = "0.001",
            max = "600000")
    double widthMs() default 100;
}
