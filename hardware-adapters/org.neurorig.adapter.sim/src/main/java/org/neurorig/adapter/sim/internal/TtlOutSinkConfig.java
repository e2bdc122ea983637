package org.neurorig.adapter.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of a {@code sim.ttl-out} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(
        name = "sim.ttl-out",
        description =
                "Simulated TTL output (laser, reward valve): records"
                        + " when each trigger would reach the hardware and its latency from the triggering sample's acquisition")
public @interface TtlOutSinkConfig {
    @AttributeDefinition(
            description =
                    "JSON report written on close: trigger count, latency percentiles, trigger log" + " (empty = none)",
            required = false)
    String file() default "";

    @AttributeDefinition(
            description = "Which edges fire the output",
            options = {
                @Option(label = "rising", value = "rising"),
                @Option(label = "falling", value = "falling"),
                @Option(label = "both", value = "both")
            })
    String edges() default "rising";

    @AttributeDefinition(description = "Only events on this line fire (-1 = any line)", min = "-1", max = "63")
    int line() default -1;

    @AttributeDefinition(
            description =
                    "Triggers on samples in the first this-many ms of the stream are counted apart"
                            + " (warmupTriggers) and left out of the statistics: start-up (JIT, first connections) is not the steady loop",
            min = "0",
            max = "3600000")
    double warmupMs() default 0;

    @AttributeDefinition(
            description = "Triggers kept individually in the report's log (all are in the statistics)",
            min = "0",
            max = "10000000")
    int logTriggers() default 100000;
}
