package org.neurorig.plugin.views.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code view.traces}. */
@ObjectClassDefinition(name = "view.traces")
public @interface TracesViewConfig {
    @AttributeDefinition(description = "First channel shown (0-based)", min = "0", max = "65535")
    int firstChannel() default 0;

    @AttributeDefinition(description = "Number of channels shown", min = "1", max = "512")
    int channels() default 32;

    @AttributeDefinition(description = "Min/max envelope columns per second of signal", min = "10", max = "4000")
    int columnsPerSecond() default 500;

    @AttributeDefinition(description = "Frames per second sent to the page", min = "1", max = "60")
    int framesPerSecond() default 30;

    @AttributeDefinition(description = "Display gain (the page's initial vertical zoom)", min = "0.001", max = "1000")
    double gain() default 1.0;
}
