package org.neurorig.plugin.channels.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code channels.select}. */
@ObjectClassDefinition(
        name = "Channel selection",
        description =
                "Keeps the listed channels, in the listed" + " order (so it also reorders, e.g. to probe depth order).")
public @interface ChannelSelectConfig {
    @AttributeDefinition(
            name = "Channels",
            description = "0-based indices, inclusive ranges or names, e.g."
                    + " '0-31, 40, CH63'; a channel may appear more than once")
    String channels();
}
