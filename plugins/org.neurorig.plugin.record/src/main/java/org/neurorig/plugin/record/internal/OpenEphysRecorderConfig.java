package org.neurorig.plugin.record.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code record.openephys} node; keys are the pipeline-file keys. */
@ObjectClassDefinition(
        name = "record.openephys",
        description = "Records every input stream in the Open Ephys binary format (lossless, crash-safe)")
public @interface OpenEphysRecorderConfig {
    @AttributeDefinition(
            description = "Parent folder; the recording goes to <dir>/Record Node <id>/experiment<N>/recording<M>")
    String dir();

    @AttributeDefinition(
            description = "Id of the Record Node folder, as the GUI numbers its processors",
            min = "1",
            max = "9999")
    int recordNodeId() default 101;

    @AttributeDefinition(
            description = "Seconds between flushes (data written, .npy headers updated, fsync); "
                    + "a crash loses at most this much",
            min = "0.01",
            max = "3600")
    double flushSeconds() default 1.0;

    @AttributeDefinition(
            description = "Refuse to start, or stop recording, when less than this many bytes are free "
                    + "on the destination's file system (checked at start and at every flush)",
            min = "0",
            max = "1125899906842624")
    long minFreeBytes() default 268_435_456L;

    @AttributeDefinition(
            description = "bit_volts used to store float32 streams as int16 (units per count); "
                    + "values beyond ±32767 counts are clamped and counted",
            min = "0.000001",
            max = "1000000")
    double floatBitVolts() default 0.195;
}
