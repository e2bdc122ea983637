package com.example.neurorig.flaky.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of a {@code sim.flaky} node. Every key here needs a reconnect (the stream's shape
 * or the link changes): NeuroRig restarts the node when one changes. A live setting (a gain, a
 * threshold) would instead be read in an {@code @Modified} method without reconnecting.
 */
@ObjectClassDefinition(name = "sim.flaky", description = "A simulated device that drops out and comes back")
public @interface FlakySourceConfig {
    @AttributeDefinition(description = "Channels", min = "1", max = "1024")
    int channels() default 4;

    @AttributeDefinition(description = "Device sample rate in Hz", min = "1", max = "1000000")
    double rate() default 1000;

    @AttributeDefinition(description = "Samples per block (one device frame)", min = "1", max = "65536")
    int blockSamples() default 10;

    @AttributeDefinition(
            description =
                    "The link drops after this many samples, and again this many samples after each reconnect (0 = never)",
            min = "0")
    long dropEvery() default 0;

    @AttributeDefinition(
            description = "Failed connection attempts before the device answers again",
            min = "0",
            max = "1000")
    int failedAttempts() default 2;

    @AttributeDefinition(
            description =
                    "The device answers open() only this many ms after activation (0 = at once): plugged in after the rig started",
            min = "0",
            max = "3600000")
    long absentMillis() default 0;

    @AttributeDefinition(
            description = "First reconnect back-off in ms; doubles per failed attempt up to 1000 ms",
            min = "1",
            max = "1000")
    long backoffMillis() default 50;
}
