package org.neurorig.net.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code net.receive} node (written by the coordinator; see docs/HOSTS.md). */
@ObjectClassDefinition(name = "net.receive", description = "Receives one stream from another host")
public @interface ReceiveNodeConfig {
    @AttributeDefinition(description = "The sending host's edge endpoint, e.g. tcp://10.0.0.2:5673")
    String connect();

    @AttributeDefinition(description = "Name of the sending host (its key secures the connection off loopback)")
    String peer() default "";

    @AttributeDefinition(
            description = "Kind of the stream (as the sender declares it)",
            options = {
                @org.osgi.service.metatype.annotations.Option(value = "CONTINUOUS_I16"),
                @org.osgi.service.metatype.annotations.Option(value = "CONTINUOUS_F32"),
                @org.osgi.service.metatype.annotations.Option(value = "EVENTS"),
                @org.osgi.service.metatype.annotations.Option(value = "SPIKES"),
                @org.osgi.service.metatype.annotations.Option(value = "MATRIX_F32")
            })
    String kind();

    @AttributeDefinition(description = "Sample rate of the stream in Hz (0 = irregular)", min = "0")
    double rate() default 0;

    @AttributeDefinition(description = "Frames in flight before the receiver confirms them", min = "1", max = "4096")
    int window() default 256;

    @AttributeDefinition(
            description = "How long the start waits for the sender to answer (ms); the node is retried after",
            min = "100",
            max = "60000")
    int connectMillis() default 1000;
}
