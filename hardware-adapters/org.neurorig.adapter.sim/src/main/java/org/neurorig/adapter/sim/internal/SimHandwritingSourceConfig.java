package org.neurorig.adapter.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of a {@code sim.handwriting} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(
        name = "sim.handwriting",
        description = "Simulated intracortical array while characters are"
                + " written: threshold-crossing counts per bin, pen kinematics and trial markers, with known tuning")
public @interface SimHandwritingSourceConfig {
    @AttributeDefinition(description = "Array channels, one unit each", min = "96", max = "192")
    int channels() default 96;

    @AttributeDefinition(
            description = "Fraction of units tuned to character identity and stroke index"
                    + " (the rest are cosine-tuned to pen velocity and position)",
            min = "0",
            max = "1")
    double featureFraction() default 0.5;

    @AttributeDefinition(
            description = "Bin width, ms (the rate of every port is 1000 / binMs)",
            min = "1",
            max = "1000")
    double binMs() default 20;

    @AttributeDefinition(
            description = "Characters to write, comma-separated, drawn at random each trial;"
                    + " empty = the whole built-in set (a b c d e h k l m n o t v x z)",
            required = false)
    String characters() default "";

    @AttributeDefinition(
            description = "Still time with the pen at the start point after the character marker, ms",
            min = "0",
            max = "60000")
    double holdMs() default 300;

    @AttributeDefinition(
            description = "Time between trials (pen-up move to the next start point), ms",
            min = "0",
            max = "60000")
    double restMs() default 500;

    @AttributeDefinition(description = "Seed: the same seed gives the same units, characters and counts")
    long seed() default 1;

    @AttributeDefinition(
            description = "realtime: emit each bin when it ends by the host clock; fast: one bin per read",
            options = {@Option(label = "realtime", value = "realtime"), @Option(label = "fast", value = "fast")})
    String pace() default "realtime";

    @AttributeDefinition(description = "Stop after exactly this many bins (0 = unlimited)", min = "0")
    long bins() default 0;

    @AttributeDefinition(
            description = "Ground-truth JSON file (unit tuning, characters, trials); empty = none",
            required = false)
    String groundTruth() default "";
}
