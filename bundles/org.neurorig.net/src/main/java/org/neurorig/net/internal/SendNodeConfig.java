package org.neurorig.net.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code net.send} node (written by the coordinator; see docs/HOSTS.md). */
@ObjectClassDefinition(name = "net.send", description = "Sends one stream to another host, lossless across reconnects")
public @interface SendNodeConfig {
    @AttributeDefinition(description = "ZeroMQ endpoint to bind, e.g. tcp://10.0.0.2:5673")
    String bind();

    @AttributeDefinition(description = "Name of the receiving host (its key secures the connection off loopback)")
    String peer() default "";

    @AttributeDefinition(
            description = "Blocks kept until the receiver confirms them: an outage shorter than this many"
                    + " blocks loses nothing (at 1 ms blocks, 10000 = 10 s)",
            min = "16",
            max = "1000000")
    int bufferBlocks() default 10000;

    @AttributeDefinition(
            description = "At the end of a run, how long to wait for the receiver to confirm the last blocks (ms)",
            min = "0",
            max = "60000")
    int drainMillis() default 2000;
}
