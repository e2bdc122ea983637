package org.neurorig.plugin.calcium.internal;

import java.util.List;
import org.neurorig.api.StreamSpec;

/**
 * The input rules the calcium nodes share that their {@code @NodeType} cannot state (count and kind
 * are declared and checked before {@code prepare}): the input has a frame rate; seconds to frames.
 */
final class CalciumInputs {
    private CalciumInputs() {}

    static StreamSpec single(String type, List<StreamSpec> inputs) {
        StreamSpec in = inputs.get(0);
        if (!(in.sampleRate() > 0)) {
            throw new IllegalArgumentException("input " + in.name() + " has no frame rate; " + type + " needs one");
        }
        return in;
    }

    /** {@code seconds} as a whole number of frames (at least 1), naming {@code key} when too long. */
    static int frames(String key, double seconds, double rate) {
        double f = Math.rint(seconds * rate);
        if (f > 1_000_000) {
            throw new IllegalArgumentException(key + " " + seconds + " is " + (long) f + " frames at " + rate
                    + " Hz; at most 1000000 are kept per channel");
        }
        return (int) Math.max(1, f);
    }
}
