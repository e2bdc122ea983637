package org.neurorig.adapter.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulator's rounding must give exactly what {@code (short) Math.round(v)} gave before it. */
class EphysProbeRoundTest {
    @Test
    void roundsEveryFloatAsMathRound() {
        float[] edges = {
            0f,
            -0f,
            0.5f,
            -0.5f,
            1.5f,
            -1.5f,
            2.5f,
            -2.5f,
            0.49999997f,
            -0.49999997f,
            Math.nextUp(0.5f),
            Math.nextDown(-0.5f),
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            32767.5f,
            -32768.5f,
            32768f,
            -32769f,
            8388607.5f,
            8388608f,
            16777217f,
            2.1474836E9f,
            -2.1474836E9f,
            1e20f,
            -1e20f,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN
        };
        for (float v : edges) {
            assertThat(EphysProbe.round(v)).as("%s", v).isEqualTo((short) Math.round(v));
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 2_000_000; i++) {
            // any bit pattern (every exponent, NaNs too) and the simulator's own range
            float v = i % 2 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) (r.nextGaussian() * 400);
            assertThat(EphysProbe.round(v)).isEqualTo((short) Math.round(v));
        }
    }
}
