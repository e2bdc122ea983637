package org.neurorig.plugin.views.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of {@code view.heatmap}. */
@ObjectClassDefinition(name = "view.heatmap")
public @interface HeatmapViewConfig {
    @AttributeDefinition(
            description = "Most pixel rows sent: neurons are pooled into this many rows at most",
            min = "1",
            max = "4000")
    int rows() default 1000;

    @AttributeDefinition(
            description = "How the neurons of one pixel row are pooled",
            options = {@Option(label = "max", value = "max"), @Option(label = "mean", value = "mean")})
    String reduce() default "max";

    @AttributeDefinition(description = "Time bins (columns) the page keeps on screen", min = "10", max = "4000")
    int columns() default 300;

    @AttributeDefinition(description = "Most frames per second sent to the page", min = "1", max = "30")
    int framesPerSecond() default 30;

    @AttributeDefinition(description = "Scale each frame to its own min/max (true) or to lo..hi (false)")
    boolean autoScale() default true;

    @AttributeDefinition(
            description = "Value drawn darkest when autoScale is false",
            min = "-1000000000",
            max = "1000000000")
    double lo() default 0.0;

    @AttributeDefinition(
            description = "Value drawn brightest when autoScale is false",
            min = "-1000000000",
            max = "1000000000")
    double hi() default 1.0;
}
