package org.neurorig.adapter.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of a {@code sim.ephys} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(
        name = "sim.ephys",
        description = "Simulated Neuropixels-like probes with known units:"
                + " AP 384 ch x probes at 30 kHz, LFP at 2.5 kHz, 1 Hz sync TTL")
public @interface SimEphysSourceConfig {
    @AttributeDefinition(
            description = "Number of probes; their channels are concatenated in each stream",
            min = "1",
            max = "16")
    int probes() default 1;

    @AttributeDefinition(description = "Units per probe", min = "0", max = "1000")
    int units() default 32;

    @AttributeDefinition(description = "Seed: the same seed gives the same signal, units and spikes")
    long seed() default 1;

    @AttributeDefinition(
            description = "realtime: emit blocks as they fall due by the host clock; fast: one block per read",
            options = {@Option(label = "realtime", value = "realtime"), @Option(label = "fast", value = "fast")})
    String pace() default "realtime";

    @AttributeDefinition(description = "AP samples per block (30 = 1 ms)", min = "1", max = "30000")
    int blockSamples() default 30;

    @AttributeDefinition(
            description = "Mean background noise per AP channel, uV rms (channels vary by +-20 %)",
            min = "0",
            max = "1000")
    double noiseUv() default 10;

    @AttributeDefinition(description = "Stop after exactly this many AP samples (0 = unlimited)", min = "0")
    long samples() default 0;

    @AttributeDefinition(
            description = "Ground-truth JSON file (units, templates, peak channels, spike samples);" + " empty = none",
            required = false)
    String groundTruth() default "";
}
