package org.neurorig.adapter.spikeglx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of a {@code playback.spikeglx} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(name = "playback.spikeglx", description = "Plays a SpikeGLX .bin/.meta recording")
public @interface SpikeGlxPlaybackSourceConfig {
    @AttributeDefinition(description = "A .bin or .meta file, or a folder (its first *.ap.bin, else *.bin)")
    String path();

    @AttributeDefinition(description = "realtime: at the recording's rate by the host clock; fast: as fast as consumers take it",
            options = {@Option(label = "realtime", value = "realtime"), @Option(label = "fast", value = "fast")})
    String pace() default "realtime";

    @AttributeDefinition(description = "Start again at the end (sample numbers keep increasing; the first block of "
            + "each pass is flagged as a discontinuity)")
    boolean loop() default false;

    @AttributeDefinition(description = "Samples per block", min = "1", max = "65536")
    int blockSamples() default 300;
}
