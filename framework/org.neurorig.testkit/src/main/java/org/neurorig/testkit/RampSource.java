package org.neurorig.testkit;

import org.neurorig.api.Block;
import org.neurorig.api.Kind;

/**
 * Deterministic int16 ramp: the value at sample {@code n}, channel {@code c} is {@code (short)(n + c)}
 * (it wraps at 32767), so every value tells which sample and channel it came from.
 * Paced as fast as called: one full block per {@code read()}.
 */
public final class RampSource extends SyntheticSource {
    public RampSource(int channels, double rate, int blockSamples) {
        super(channels, rate, blockSamples, Kind.CONTINUOUS_I16);
    }

    /** The value at sample {@code n}, channel {@code c}. */
    public static short value(long n, int c) {
        return (short) (n + c);
    }

    @Override
    void fill(Block b, long first, int count) {
        short[] d = b.i16();
        int i = 0;
        for (int s = 0; s < count; s++) {
            for (int c = 0; c < channels; c++) {
                d[i++] = value(first + s, c);
            }
        }
    }
}
