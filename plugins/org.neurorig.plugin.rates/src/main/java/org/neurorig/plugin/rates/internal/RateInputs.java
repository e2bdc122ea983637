package org.neurorig.plugin.rates.internal;

import java.util.List;
import org.neurorig.api.StreamSpec;

/**
 * The input rule of the rate nodes that their {@code @NodeType} cannot state: the one float input
 * (its count and kind are declared and checked before {@code prepare}) must have a row rate.
 */
final class RateInputs {
    private RateInputs() {}

    static StreamSpec single(String type, List<StreamSpec> inputs) {
        StreamSpec in = inputs.get(0);
        if (!(in.sampleRate() > 0)) {
            throw new IllegalArgumentException("input " + in.name() + " has no row rate; " + type + " needs one");
        }
        return in;
    }
}
