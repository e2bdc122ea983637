package org.neurorig.plugin.filter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@code filter.notch}. */
@ObjectClassDefinition(
        name = "Notch filter",
        description = "Removes mains hum: a cascade of"
                + " scipy.signal.iirnotch(k·hz, q) sections for k = 1..harmonics, causal, per-channel state.")
public @interface NotchFilterConfig {
    @AttributeDefinition(
            name = "Frequency (Hz)",
            description = "Mains frequency (50 or 60 Hz) or any"
                    + " frequency to remove; every harmonic must stay below Nyquist",
            min = "0.001",
            max = "500000")
    double hz() default 50;

    @AttributeDefinition(
            name = "Quality factor",
            description = "Q = frequency / -3 dB bandwidth," + " the same Q for every harmonic",
            min = "0.1",
            max = "1000")
    double q() default 30;

    @AttributeDefinition(
            name = "Harmonics",
            description = "How many multiples of hz to remove," + " the fundamental included (1 = only hz)",
            min = "1",
            max = "20")
    int harmonics() default 1;
}
