package org.neurorig.plugin.models.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code model.sort.rastermap} node. */
@ObjectClassDefinition(
        name = "model.sort.rastermap",
        description = "Rastermap-style neuron order (PCs, k-means, cluster sequence, upsampling) refitted on a"
                + " rolling window on a background thread")
public @interface RastermapConfig {
    @AttributeDefinition(description = "Seconds of frames each fit uses (the newest)", min = "1", max = "3600")
    double windowSeconds() default 300;

    @AttributeDefinition(description = "Seconds of frames between the starts of two fits", min = "0.1", max = "3600")
    double refitSeconds() default 60;

    @AttributeDefinition(
            description = "Frames averaged into one row of the window (the window holds windowSeconds × rate /"
                    + " binFrames rows of N values, twice: the ring and the fit's copy)",
            min = "1",
            max = "1000")
    int binFrames() default 1;

    @AttributeDefinition(
            description = "Principal components (fewer when the window has fewer rows or neurons)",
            min = "1",
            max = "1000")
    int components() default 64;

    @AttributeDefinition(description = "Clusters (at most half the non-silent neurons)", min = "2", max = "1000")
    int clusters() default 100;

    @AttributeDefinition(
            description = "Weight of the nearest-neighbour term of the cluster-order kernel (0 = global only)",
            min = "0",
            max = "1")
    double locality() default 0.5;

    @AttributeDefinition(description = "Power iterations of the randomized SVD", min = "0", max = "10")
    int powerIterations() default 2;

    @AttributeDefinition(description = "Seed of the SVD's random test matrix and of k-means++", min = "0")
    int seed() default 1;
}
