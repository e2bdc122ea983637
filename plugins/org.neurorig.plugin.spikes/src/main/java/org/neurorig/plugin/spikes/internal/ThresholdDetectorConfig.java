package org.neurorig.plugin.spikes.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of {@code spikes.threshold}. */
@ObjectClassDefinition(
        name = "Threshold spike detector",
        description =
                "Threshold crossings at k × robust"
                        + " noise (MAD / 0.6745) or at a fixed level, with refractory period, optional snippets and peak alignment.")
public @interface ThresholdDetectorConfig {
    @AttributeDefinition(
            name = "k",
            description = "Threshold in multiples of the robust noise σ" + " (ignored when thresholdUv > 0)",
            min = "0.5",
            max = "100")
    double k() default 4.5;

    @AttributeDefinition(
            name = "Fixed threshold (µV)",
            description = "Absolute threshold magnitude; 0 = use"
                    + " k × noise. The sign comes from 'sign' (negative: −thresholdUv).",
            min = "0",
            max = "100000")
    double thresholdUv() default 0;

    @AttributeDefinition(
            name = "Sign",
            description = "Which crossings count",
            options = {
                @Option(label = "negative", value = "negative"),
                @Option(label = "positive", value = "positive"),
                @Option(label = "both", value = "both")
            })
    String sign() default "negative";

    @AttributeDefinition(
            name = "Refractory period (ms)",
            description = "No new spike on a channel this soon" + " after the last one",
            min = "0",
            max = "1000")
    double refractoryMs() default 1.0;

    @AttributeDefinition(
            name = "Noise window (s)",
            description =
                    "Span of recent signal the noise is" + " estimated on (subsampled to 2048 values per channel)",
            min = "0.01",
            max = "600")
    double noiseWindowS() default 1.0;

    @AttributeDefinition(
            name = "Noise refresh (s)",
            description = "How often the estimate is renewed",
            min = "0.01",
            max = "3600")
    double noiseRefreshS() default 10.0;

    @AttributeDefinition(
            name = "Waveforms",
            description = "Attach a snippet of preSamples + postSamples" + " around each spike")
    boolean waveforms() default false;

    @AttributeDefinition(
            name = "Samples before",
            description = "Snippet samples before the spike sample",
            min = "0",
            max = "1000")
    int preSamples() default 8;

    @AttributeDefinition(
            name = "Samples after",
            description = "Snippet samples from the spike sample on",
            min = "1",
            max = "1000")
    int postSamples() default 32;

    @AttributeDefinition(
            name = "Align to peak",
            description = "Report the extreme sample within"
                    + " peakWindowMs after the crossing instead of the crossing itself")
    boolean alignToPeak() default false;

    @AttributeDefinition(name = "Peak window (ms)", description = "Where to look for the peak", min = "0", max = "10")
    double peakWindowMs() default 0.5;
}
