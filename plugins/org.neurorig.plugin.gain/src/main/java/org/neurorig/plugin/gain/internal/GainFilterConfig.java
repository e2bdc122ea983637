package org.neurorig.plugin.gain.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code gain.scale} node; {@code gain} may change while data flows. */
@ObjectClassDefinition(name = "gain.scale", description = "Multiplies every sample of every channel by a gain")
public @interface GainFilterConfig {
    @AttributeDefinition(description = "Factor applied to every sample (live)", min = "-1000", max = "1000")
    double gain() default 1.0;
}
