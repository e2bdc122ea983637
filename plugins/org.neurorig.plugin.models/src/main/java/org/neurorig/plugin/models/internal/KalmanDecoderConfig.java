package org.neurorig.plugin.models.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of a {@code model.decode.kalman} node. */
@ObjectClassDefinition(
        name = "model.decode.kalman",
        description =
                "Kalman decoder of a behaviour state (position, velocity) from binned neural activity, fitted from a calibration period")
public @interface KalmanDecoderConfig {
    @AttributeDefinition(
            description = "Behaviour channels that form the state, by name or index, comma-separated; empty = all")
    String state() default "";

    @AttributeDefinition(
            description = "Bins by which the neural activity leads the state it encodes (z_{t-lag} observes x_t)",
            min = "0",
            max = "100")
    int lag() default 0;

    @AttributeDefinition(
            description = "Calibration bins; 0 = calibrate until the behaviour input ends",
            min = "0",
            max = "100000000")
    int calibrationRows() default 0;

    @AttributeDefinition(
            description = "Rows either input may run ahead of the other during calibration",
            min = "16",
            max = "10000000")
    int maxSkewRows() default 65536;
}
