package org.neurorig.plugin.filter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of {@code filter.car}. */
@ObjectClassDefinition(
        name = "Common reference",
        description = "Subtracts, per sample, the mean or median"
                + " of a channel group (all channels, or each probe shank) from every channel of that group.")
public @interface CommonReferenceConfig {
    @AttributeDefinition(
            name = "Statistic",
            options = {@Option(label = "mean (CAR)", value = "mean"), @Option(label = "median (CMR)", value = "median")
            })
    String mode() default "mean";

    @AttributeDefinition(
            name = "Groups",
            description = "Channel groups, each a list such as '0-95' or"
                    + " 'CH1,CH2'; none = one group of all channels. Channels in no group pass through.",
            required = false)
    String[] groups() default {};

    @AttributeDefinition(
            name = "Bad channels",
            description = "Left out of every reference (they are" + " still re-referenced), e.g. '3, 17-18'",
            required = false)
    String badChannels() default "";
}
