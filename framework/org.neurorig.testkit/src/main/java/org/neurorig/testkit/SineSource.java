package org.neurorig.testkit;

import org.neurorig.api.Block;
import org.neurorig.api.Kind;

/**
 * Deterministic sine on every channel, phase-shifted by channel. The value at sample {@code n},
 * channel {@code c} of {@code C} is {@code A·sin(2π·f·n/rate + 2π·c/C)}, rounded with
 * {@link Math#round(double)} and cast to {@code short} for int16 streams. The same formula is
 * used by the {@code sim.sine} adapter and by Python cross-checks: keep it exact.
 * Paced as fast as called: one full block per {@code read()}.
 */
public final class SineSource extends SyntheticSource {
    private final double amplitude;
    private final double frequency;

    /**
     * @param kind {@link Kind#CONTINUOUS_I16} or {@link Kind#CONTINUOUS_F32}
     * @param amplitude peak value in counts (int16) or units (float32)
     * @param frequency Hz
     */
    public SineSource(int channels, double rate, int blockSamples, Kind kind, double amplitude, double frequency) {
        super(channels, rate, blockSamples, kind);
        this.amplitude = amplitude;
        this.frequency = frequency;
    }

    /** The int16 value at sample {@code n}, channel {@code c} of {@code channels}. */
    public static short valueI16(double amplitude, double frequency, double rate, long n, int c, int channels) {
        return (short)
                Math.round(amplitude * Math.sin(2 * Math.PI * frequency * n / rate + 2 * Math.PI * c / channels));
    }

    /** The float32 value at sample {@code n}, channel {@code c} of {@code channels}. */
    public static float valueF32(double amplitude, double frequency, double rate, long n, int c, int channels) {
        return (float) (amplitude * Math.sin(2 * Math.PI * frequency * n / rate + 2 * Math.PI * c / channels));
    }

    @Override
    void fill(Block b, long first, int count) {
        int i = 0;
        if (kind == Kind.CONTINUOUS_I16) {
            short[] d = b.i16();
            for (int s = 0; s < count; s++) {
                for (int c = 0; c < channels; c++) {
                    d[i++] = valueI16(amplitude, frequency, rate, first + s, c, channels);
                }
            }
        } else {
            float[] d = b.f32();
            for (int s = 0; s < count; s++) {
                for (int c = 0; c < channels; c++) {
                    d[i++] = valueF32(amplitude, frequency, rate, first + s, c, channels);
                }
            }
        }
    }
}
