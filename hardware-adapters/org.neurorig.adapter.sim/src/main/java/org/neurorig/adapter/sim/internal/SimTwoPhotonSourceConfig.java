package org.neurorig.adapter.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of a {@code sim.twophoton} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(
        name = "sim.twophoton",
        description = "Simulated two-photon imaging in a virtual corridor:"
                + " dF/F of many neurons, behaviour and corridor entries, with known texture selectivity (d'),"
                + " a planted sequence of place fields and planted assemblies")
public @interface SimTwoPhotonSourceConfig {
    @AttributeDefinition(description = "Neurons (channels of the dff port)", min = "1000", max = "100000")
    int neurons() default 10000;

    @AttributeDefinition(description = "Imaging frame rate, Hz (the rate of every port)", min = "3", max = "30")
    double rateHz() default 30;

    @AttributeDefinition(
            description = "Corridor textures, comma-separated; each trial draws one at random",
            required = false)
    String textures() default "leaf1,circle1";

    @AttributeDefinition(
            description = "Texture whose corridor gives a reward at 150 cm; empty = no rewards",
            required = false)
    String rewardTexture() default "leaf1";

    @AttributeDefinition(description = "Fraction of neurons selective for one texture", min = "0", max = "1")
    double selectiveFraction() default 0.1;

    @AttributeDefinition(
            description = "Mean d' of selective neurons (each draws 0.5..1.5 times this)",
            min = "0",
            max = "10")
    double dPrime() default 1.0;

    @AttributeDefinition(
            description = "Fraction of reward-ramping neurons (rate rises towards the reward)",
            min = "0",
            max = "1")
    double rampFraction() default 0.05;

    @AttributeDefinition(
            description = "Fraction of neurons with place fields tiling the corridor (a planted sequence)",
            min = "0",
            max = "1")
    double sequenceFraction() default 0.1;

    @AttributeDefinition(
            description = "Planted assemblies: groups of neurons that fire together (0 = none)",
            min = "0",
            max = "50000")
    int assemblies() default 5;

    @AttributeDefinition(description = "Neurons in each planted assembly", min = "2", max = "100000")
    int assemblySize() default 50;

    @AttributeDefinition(description = "Seed: the same seed gives the same neurons, behaviour and signal")
    long seed() default 1;

    @AttributeDefinition(
            description = "realtime: emit each frame when it ends by the host clock; fast: one frame per read",
            options = {@Option(label = "realtime", value = "realtime"), @Option(label = "fast", value = "fast")})
    String pace() default "realtime";

    @AttributeDefinition(description = "Stop after exactly this many frames (0 = unlimited)", min = "0")
    long frames() default 0;

    @AttributeDefinition(
            description = "Ground-truth JSON file (per-neuron selectivity, d', ramping, place field, assembly;"
                    + " trials, assembly events); empty = none",
            required = false)
    String groundTruth() default "";
}
