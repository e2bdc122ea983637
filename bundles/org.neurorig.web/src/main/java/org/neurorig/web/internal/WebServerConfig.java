package org.neurorig.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The HTTP endpoint. {@code neurorig run} sets it (enabled unless {@code --no-web}, {@code --port N});
 * without a value here the framework properties {@code neurorig.web.port} and {@code neurorig.web.host}
 * apply, then 37497 on 127.0.0.1.
 */
@ObjectClassDefinition(name = "NeuroRig web server")
public @interface WebServerConfig {
    @AttributeDefinition(description = "Serve the page and the API")
    boolean enabled() default false;

    @AttributeDefinition(
            description = "TCP port; 0 = framework property neurorig.web.port, else 37497",
            min = "0",
            max = "65535")
    int port() default 0;

    @AttributeDefinition(
            description = "Address to bind; empty = framework property neurorig.web.host, else "
                    + "127.0.0.1. Any other than loopback requires the bearer token of conf/web-token for changes")
    String host() default "";
}
