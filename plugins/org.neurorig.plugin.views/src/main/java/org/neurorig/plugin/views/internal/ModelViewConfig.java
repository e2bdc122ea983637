package org.neurorig.plugin.views.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code view.model}. */
@ObjectClassDefinition(name = "view.model")
public @interface ModelViewConfig {
    @AttributeDefinition(description = "Most points per sorted R² curve sent to the page", min = "10", max = "5000")
    int points() default 500;

    @AttributeDefinition(description = "Bins of the d' histogram", min = "4", max = "200")
    int bins() default 40;

    @AttributeDefinition(description = "The d' histogram spans -range..range (values beyond fall in the end bins)",
            min = "0.1", max = "100")
    double range() default 3.0;
}
