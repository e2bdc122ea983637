package org.neurorig.plugin.channels.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of {@code channels.map}. */
@ObjectClassDefinition(
        name = "Channel map",
        description =
                "Probe map: reorders every channel (by a list or"
                        + " by probe position) and can set channel positions and names. Drops nothing: use channels.select for that.")
public @interface ChannelMapConfig {
    @AttributeDefinition(
            name = "Order",
            description = "Every input channel once, in output order: indices,"
                    + " ranges or names such as '3, 0-2, CH7'; empty = input order",
            required = false)
    String channels() default "";

    @AttributeDefinition(
            name = "Positions (µm)",
            description = "Probe site of each input channel as 'x y'"
                    + " pairs separated by ';' (e.g. '16 0; 48 0; 16 20'); empty = keep the input's positions",
            required = false)
    String positions() default "";

    @AttributeDefinition(
            name = "Sort by",
            description = "Then sort (stably) by probe position: y = depth" + " order, tip first; x = column order",
            options = {
                @Option(label = "none", value = "none"),
                @Option(label = "y", value = "y"),
                @Option(label = "x", value = "x")
            })
    String sortBy() default "none";

    @AttributeDefinition(
            name = "Names",
            description = "New names of the output channels, in output order,"
                    + " separated by ','; empty = keep the input names",
            required = false)
    String names() default "";
}
