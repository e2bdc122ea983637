package org.neurorig.accel.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration (PID {@code accel}) of the accelerator service. */
@ObjectClassDefinition(name = "accel", description = "Device for encoding models and decoders")
public @interface AcceleratorConfig {
    @AttributeDefinition(
            description = "Device: auto = OpenCL GPU, else OpenCL CPU, else thread pool",
            options = {
                @Option(value = "auto"),
                @Option(value = "gpu"),
                @Option(value = "cpu"),
                @Option(value = "threadpool")
            })
    String device() default "auto";

    @AttributeDefinition(description = "Threads of the thread-pool device; 0 = one per core", min = "0", max = "1024")
    int threads() default 0;
}
