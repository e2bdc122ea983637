package org.neurorig.adapter.sim.internal;

/**
 * Raw fluorescence from ΔF/F, for the {@code f} port of {@code sim.twophoton}: what a two-photon
 * rig's ROI extraction delivers and what {@code calcium.dff} turns back into ΔF/F. Each neuron has
 * its own resting brightness {@code f0} (200..800 a.u., from its index and the seed alone, so the
 * other outputs do not change), and the whole field bleaches slowly:
 * {@code F = f0 · exp(−t / BLEACH_S) · (1 + ΔF/F)}.
 */
final class Fluorescence {
    /** Bleaching time constant: 15 % dimmer after 5 minutes, as a moderate-power session. */
    static final double BLEACH_S = 1800;

    final float[] f0;
    private final double frameRate;

    Fluorescence(int neurons, double frameRate, long seed) {
        this.frameRate = frameRate;
        f0 = new float[neurons];
        for (int i = 0; i < neurons; i++) {
            f0[i] = (float) (200 + 600 * unit(seed, i));
        }
    }

    /** F of frame {@code frame} from its ΔF/F. */
    void frame(long frame, float[] dff, float[] out) {
        // StrictMath: the same bits in every JVM and at every tier, so recordings are reproducible
        float bleach = (float) StrictMath.exp(-frame / (frameRate * BLEACH_S));
        for (int i = 0; i < f0.length; i++) {
            out[i] = f0[i] * bleach * (1 + dff[i]);
        }
    }

    /** A uniform draw in [0, 1) from (seed, i): splitmix64, so neurons are independent of each other. */
    private static double unit(long seed, int i) {
        long z = seed * 0x9E3779B97F4A7C15L + i + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
