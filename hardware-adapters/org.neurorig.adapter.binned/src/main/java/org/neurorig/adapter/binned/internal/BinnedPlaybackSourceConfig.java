package org.neurorig.adapter.binned.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of a {@code playback.binned} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(
        name = "playback.binned",
        description = "Plays binned spike counts and behaviour from .mat, .npy or .npz files")
public @interface BinnedPlaybackSourceConfig {
    @AttributeDefinition(description = "A MATLAB v5 .mat, a NumPy .npz, or a .npy holding the counts alone")
    String path();

    @AttributeDefinition(
            description = "Variable with the counts: a bins × units matrix (either orientation), or a "
                    + "struct/cell tree of per-unit spike-time vectors (see timeField), binned at binSeconds")
    String counts() default "spikes";

    @AttributeDefinition(
            description = "Variables with behaviour (e.g. handVel, handPos), one column per component, "
                    + "in this order; none = an empty behaviour stream",
            cardinality = 16)
    String[] behaviour() default {};

    @AttributeDefinition(
            description = "Which axis of the counts is time: auto (the axis that matches the 'time' "
                    + "variable or the behaviour, else the longer one), rows or columns",
            options = {
                @Option(label = "auto", value = "auto"),
                @Option(label = "rows", value = "rows"),
                @Option(label = "columns", value = "columns")
            })
    String orientation() default "auto";

    @AttributeDefinition(
            description = "Bin width in seconds; 0 = from the spacing of the 'time' variable",
            min = "0",
            max = "3600")
    double binSeconds() default 0;

    @AttributeDefinition(description = "Variable holding bin times in seconds (used when binSeconds is 0)")
    String timeVariable() default "time";

    @AttributeDefinition(
            description = "Struct field holding spike times in seconds, when the counts variable is a tree "
                    + "of units rather than a matrix (MatClust: 'time')")
    String timeField() default "time";

    @AttributeDefinition(
            description = "realtime: one bin per binSeconds by the host clock; fast: as fast as consumers take it",
            options = {@Option(label = "realtime", value = "realtime"), @Option(label = "fast", value = "fast")})
    String pace() default "realtime";

    @AttributeDefinition(description = "Start again at the end (bin numbers keep increasing; each new pass is flagged)")
    boolean loop() default false;

    @AttributeDefinition(description = "Bins (matrix rows) per block", min = "1", max = "65536")
    int blockRows() default 1;
}
