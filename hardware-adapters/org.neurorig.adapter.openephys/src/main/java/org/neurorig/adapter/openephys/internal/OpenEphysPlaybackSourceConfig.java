package org.neurorig.adapter.openephys.internal;

import org.neurorig.io.FilePlayback;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of a {@code playback.openephys} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(name = "playback.openephys", description = "Plays an Open Ephys binary-format recording")
public @interface OpenEphysPlaybackSourceConfig {
    @AttributeDefinition(
            description = "The recording folder (holding structure.oebin) or any folder above one; "
                    + "the first structure.oebin in path order is played")
    String path();

    @AttributeDefinition(description = "Continuous stream: its folder name, stream_name or index; empty = the first")
    String stream() default "";

    @AttributeDefinition(
            description = FilePlayback.PACE_DESCRIPTION,
            options = {@Option(label = "realtime", value = "realtime"), @Option(label = "fast", value = "fast")})
    String pace() default "realtime";

    @AttributeDefinition(description = FilePlayback.LOOP_DESCRIPTION)
    boolean loop() default false;

    @AttributeDefinition(description = "Samples per block", min = "1", max = "65536")
    int blockSamples() default 400;
}
