package org.neurorig.adapter.spikeglx.internal;

import org.neurorig.io.FilePlayback;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of a {@code playback.spikeglx} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(name = "playback.spikeglx", description = "Plays a SpikeGLX .bin/.meta recording")
public @interface SpikeGlxPlaybackSourceConfig {
    @AttributeDefinition(description = "A .bin or .meta file, or a folder (its first *.ap.bin, else *.bin)")
    String path();

    @AttributeDefinition(
            description = FilePlayback.PACE_DESCRIPTION,
            options = {@Option(label = "realtime", value = "realtime"), @Option(label = "fast", value = "fast")})
    String pace() default "realtime";

    @AttributeDefinition(description = FilePlayback.LOOP_DESCRIPTION)
    boolean loop() default false;

    @AttributeDefinition(description = "Samples per block", min = "1", max = "65536")
    int blockSamples() default 300;
}
