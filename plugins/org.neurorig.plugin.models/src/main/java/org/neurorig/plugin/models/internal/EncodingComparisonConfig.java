package org.neurorig.plugin.models.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code model.encoding.compare} node. */
@ObjectClassDefinition(
        name = "model.encoding.compare",
        description =
                "Per-neuron held-out R² of a ridge encoding model for each of several feature sets; best set per neuron")
public @interface EncodingComparisonConfig {
    @AttributeDefinition(
            description = "Names of the feature sets (inputs 2, 3, …), comma-separated; empty = the input stream names")
    String sets() default "";

    @AttributeDefinition(
            description = "Event texts that become one-hot features of an EVENTS feature input, comma-separated")
    String labels() default "";

    @AttributeDefinition(
            description = "Smallest lag in rows (bins) of the features; negative = features after the response",
            min = "-100",
            max = "100")
    int minLag() default 0;

    @AttributeDefinition(description = "Largest lag in rows (bins) of the features", min = "-100", max = "100")
    int maxLag() default 0;

    @AttributeDefinition(description = "Penalty grid, comma-separated, each > 0")
    String lambdas() default "0.1,1,10,100,1000,10000";

    @AttributeDefinition(description = "Cross-validation folds", min = "2", max = "20")
    int folds() default 5;

    @AttributeDefinition(
            description = "Contiguous rows per fold block; row t belongs to fold (t / foldRows) mod folds",
            min = "1",
            max = "1000000")
    int foldRows() default 3000;

    @AttributeDefinition(
            description = "Refit after this many new rows; 0 = fit only at the end of the streams",
            min = "0",
            max = "100000000")
    int fitEvery() default 3000;

    @AttributeDefinition(description = "Rows gathered per accelerator call", min = "16", max = "1048576")
    int chunkRows() default 4096;

    @AttributeDefinition(description = "Rows any input may run ahead of the others", min = "16", max = "10000000")
    int maxSkewRows() default 65536;
}
