package org.neurorig.plugin.rates.internal;

import java.util.List;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;

/** The input rule of the rate nodes: one float stream (binned counts or a continuous rate) with a rate. */
final class RateInputs {
    private RateInputs() {
    }

    static StreamSpec single(String type, List<StreamSpec> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(type + " takes exactly one input, got " + inputs.size());
        }
        StreamSpec in = inputs.get(0);
        if (in.kind() != Kind.MATRIX_F32 && in.kind() != Kind.CONTINUOUS_F32) {
            throw new IllegalArgumentException("input " + in.name() + " is " + in.kind() + "; " + type
                    + " takes MATRIX_F32 (e.g. spikes.bin) or CONTINUOUS_F32");
        }
        if (!(in.sampleRate() > 0)) {
            throw new IllegalArgumentException("input " + in.name() + " has no row rate; " + type + " needs one");
        }
        return in;
    }
}
