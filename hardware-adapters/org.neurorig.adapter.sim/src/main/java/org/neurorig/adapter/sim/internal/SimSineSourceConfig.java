package org.neurorig.adapter.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of a {@code sim.sine} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(name = "sim.sine", description = "Simulated rig: a phase-shifted sine on every channel")
public @interface SimSineSourceConfig {
    @AttributeDefinition(description = "Number of channels", min = "1", max = "4096")
    int channels() default 8;

    @AttributeDefinition(description = "Sample rate in Hz (> 0)", min = "0.01", max = "1000000")
    double rate() default 30000;

    @AttributeDefinition(description = "Samples per block", min = "1", max = "65536")
    int blockSamples() default 30;

    @AttributeDefinition(
            description = "Sample type of the output stream",
            options = {@Option(label = "int16", value = "int16"), @Option(label = "float32", value = "float32")})
    String kind() default "int16";

    @AttributeDefinition(description = "Peak value in counts (int16) or units (float32)", min = "0", max = "1000000")
    double amplitude() default 1000;

    @AttributeDefinition(description = "Sine frequency in Hz", min = "0", max = "1000000")
    double frequency() default 10;

    @AttributeDefinition(
            description = "realtime: emit blocks as they fall due by the host clock; fast: one block per read",
            options = {@Option(label = "realtime", value = "realtime"), @Option(label = "fast", value = "fast")})
    String pace() default "realtime";

    @AttributeDefinition(description = "Stop after exactly this many samples (0 = unlimited)", min = "0")
    long samples() default 0;
}
