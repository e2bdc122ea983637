package org.neurorig.plugin.models.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code model.pca} node. */
@ObjectClassDefinition(
        name = "model.pca",
        description = "Streaming covariance, its top principal components and the projection of every row on them")
public @interface PcaConfig {
    @AttributeDefinition(description = "Principal components kept", min = "1", max = "1000")
    int components() default 3;

    @AttributeDefinition(
            description = "Recompute the components after this many new rows; 0 = at the end of the stream only",
            min = "0",
            max = "100000000")
    int refitEvery() default 1000;

    @AttributeDefinition(description = "Rows gathered per accelerator call", min = "16", max = "1048576")
    int chunkRows() default 1024;
}
