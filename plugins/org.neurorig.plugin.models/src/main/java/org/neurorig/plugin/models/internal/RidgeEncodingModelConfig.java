package org.neurorig.plugin.models.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code model.encoding.ridge} node. */
@ObjectClassDefinition(
        name = "model.encoding.ridge",
        description = "Per-response ridge regression on lagged features, cross-validated over a penalty grid")
public @interface RidgeEncodingModelConfig {
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
            description = "Refit after this many new rows; 0 = fit only at the end of the stream",
            min = "0",
            max = "100000000")
    int fitEvery() default 3000;

    @AttributeDefinition(description = "Rows gathered per accelerator call", min = "16", max = "1048576")
    int chunkRows() default 4096;

    @AttributeDefinition(description = "Rows either input may run ahead of the other", min = "16", max = "10000000")
    int maxSkewRows() default 65536;

    @AttributeDefinition(description = "Folder for <node>.ridge.json after each fit; empty = keep in memory only")
    String saveDir() default "";
}
