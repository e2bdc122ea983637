package org.neurorig.plugin.views.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code view.trajectory}. */
@ObjectClassDefinition(name = "view.trajectory")
public @interface TrajectoryViewConfig {
    @AttributeDefinition(
            description = "The two columns drawn, by channel name or 0-based index, x first (e.g. x,y or vx,vy)")
    String columns() default "x,y";

    @AttributeDefinition(description = "Seconds of trajectory the page keeps", min = "0.5", max = "120")
    double seconds() default 5.0;

    @AttributeDefinition(description = "Most frames per second sent to the page", min = "1", max = "30")
    int framesPerSecond() default 30;
}
