package org.neurorig.testkit;

import java.util.Random;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;

/**
 * Deterministic Gaussian noise of a given RMS on every channel: {@code rms · nextGaussian()} of a
 * {@link Random} seeded with {@code seed} at each {@code open()}, drawn sample-major (s0c0, s0c1, …).
 * int16 values are rounded and saturated to the int16 range.
 * Paced as fast as called: one full block per {@code read()}.
 */
public final class NoiseSource extends SyntheticSource {
    private final double rms;
    private final long seed;
    private Random random;

    /** @param kind {@link Kind#CONTINUOUS_I16} or {@link Kind#CONTINUOUS_F32} */
    public NoiseSource(int channels, double rate, int blockSamples, Kind kind, double rms, long seed) {
        super(channels, rate, blockSamples, kind);
        this.rms = rms;
        this.seed = seed;
    }

    @Override
    void reset() {
        random = new Random(seed);
    }

    @Override
    void fill(Block b, long first, int count) {
        int n = count * channels;
        if (kind == Kind.CONTINUOUS_I16) {
            short[] d = b.i16();
            for (int i = 0; i < n; i++) {
                long v = Math.round(rms * random.nextGaussian());
                d[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            }
        } else {
            float[] d = b.f32();
            for (int i = 0; i < n; i++) {
                d[i] = (float) (rms * random.nextGaussian());
            }
        }
    }
}
