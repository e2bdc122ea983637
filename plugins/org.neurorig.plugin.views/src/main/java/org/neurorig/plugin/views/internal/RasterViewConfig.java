package org.neurorig.plugin.views.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code view.raster}. */
@ObjectClassDefinition(name = "view.raster")
public @interface RasterViewConfig {
    @AttributeDefinition(description = "Frames per second sent to the page", min = "1", max = "60")
    int framesPerSecond() default 30;

    @AttributeDefinition(description = "Most spikes per frame; more are counted, not sent", min = "10", max = "100000")
    int maxSpikesPerFrame() default 5000;

    @AttributeDefinition(
            description = "Seconds between re-orderings of the rows (similar channels together)",
            min = "1",
            max = "600")
    double resortSeconds() default 5.0;

    @AttributeDefinition(description = "Rate bin for the ordering, in milliseconds", min = "5", max = "1000")
    double binMillis() default 50.0;
}
