package org.neurorig.plugin.models.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code model.decode.ridge} node. */
@ObjectClassDefinition(
        name = "model.decode.ridge",
        description =
                "Lagged linear (Wiener) decoder of behaviour from binned neural activity, ridge-regularised and cross-validated")
public @interface RidgeDecoderConfig {
    @AttributeDefinition(
            description = "Smallest lag in bins of the neural rows behind the decoded bin (causal: ≥ 0)",
            min = "0",
            max = "100")
    int minLag() default 0;

    @AttributeDefinition(
            description = "Largest lag in bins of the neural rows behind the decoded bin",
            min = "0",
            max = "100")
    int maxLag() default 4;

    @AttributeDefinition(description = "Penalty grid, comma-separated, each > 0")
    String lambdas() default "1,10,100,1000";

    @AttributeDefinition(description = "Cross-validation folds", min = "2", max = "20")
    int folds() default 5;

    @AttributeDefinition(
            description = "Contiguous rows per fold block; row t belongs to fold (t / foldRows) mod folds",
            min = "1",
            max = "1000000")
    int foldRows() default 3000;

    @AttributeDefinition(
            description = "Refit after this many new calibration rows; 0 = fit when the behaviour input ends",
            min = "0",
            max = "100000000")
    int fitEvery() default 3000;

    @AttributeDefinition(description = "Rows gathered per accelerator call", min = "16", max = "1048576")
    int chunkRows() default 4096;

    @AttributeDefinition(
            description = "Rows either input may run ahead of the other during calibration",
            min = "16",
            max = "10000000")
    int maxSkewRows() default 65536;
}
