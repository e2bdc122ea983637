package org.neurorig.plugin.calcium.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code calcium.deconvolve}; defaults suit GCaMP6f ΔF/F. */
@ObjectClassDefinition(
        name = "Calcium deconvolution (OASIS AR(1))",
        description = "Online non-negative"
                + " deconvolution of ΔF/F into inferred spikes, with an exponential decay per spike.")
public @interface CalciumDeconvolverConfig {
    @AttributeDefinition(
            name = "Decay time constant (s)",
            description = "Indicator decay τ; γ = exp(−1/(τ·rate))",
            min = "0.01",
            max = "100")
    double tauS() default 0.7;

    @AttributeDefinition(
            name = "Minimum spike",
            description =
                    "Smallest jump reported as a spike, in input" + " units (OASIS s_min; 0 = any non-negative jump)",
            min = "0",
            max = "1000")
    double minSpike() default 0;

    @AttributeDefinition(
            name = "Read-out lag (s)",
            description = "A frame's spike is output this long after"
                    + " the frame arrived, when later frames have settled it",
            min = "0",
            max = "60")
    double lagS() default 0.2;

    @AttributeDefinition(
            name = "Indicator delay (ms)",
            description = "Spikes are stamped this much earlier"
                    + " than the frame where the fit places them: the indicator's rise time, which an AR(1) model"
                    + " does not have (GCaMP6f: about 35 ms)",
            min = "0",
            max = "1000")
    double delayMs() default 0;

    @AttributeDefinition(
            name = "Baseline window (s)",
            description = "Span of the running percentile"
                    + " subtracted from the input first; 0 = the input is already baseline-free",
            min = "0",
            max = "3600")
    double baselineWindowS() default 30;

    @AttributeDefinition(
            name = "Baseline percentile",
            description = "Percentile of the window taken as the" + " baseline",
            min = "0",
            max = "100")
    double baselinePercentile() default 8;
}
