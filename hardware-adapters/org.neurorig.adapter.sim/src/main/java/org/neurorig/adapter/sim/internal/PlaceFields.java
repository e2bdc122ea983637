package org.neurorig.adapter.sim.internal;

import java.util.SplittableRandom;

/**
 * The planted sequence of {@code sim.twophoton}: place neurons whose field centres tile the
 * corridor evenly, centre {@code k} of {@code m} at {@code (k + ½) · corridorCm / m}, given to the
 * neurons in the seeded random order (so the sequence is not in channel order: sorting must find
 * it). While the mouse is in a corridor, of either texture, a place neuron's rate rises by
 * {@code peakHz · exp(−(position − centre)² / (2 · width²))}; in the gray stretch it does not. As
 * the mouse runs, the neurons fire one after another. The bump is read from a table (linear
 * interpolation, cut at 5 widths) rather than {@code Math.exp}, whose last bit may differ between
 * interpreted and compiled code: the same seed gives the same frames in every process.
 */
final class PlaceFields {
    static final double MIN_WIDTH_CM = 8;
    static final double MAX_WIDTH_CM = 15;
    static final double MIN_PEAK_HZ = 10;
    static final double MAX_PEAK_HZ = 25;
    /** Table steps per width; the bump is cut at {@link #CUTOFF} widths (exp(−12.5) ≈ 4·10⁻⁶). */
    private static final int STEPS = 64;

    private static final int CUTOFF = 5;
    private static final float[] BUMP = bumpTable();

    /** The place neurons (channels), centres in increasing order. */
    final int[] neuron;

    final double[] centreCm;
    final double[] widthCm;
    final double[] peakHz;
    private final float[] centre;
    private final float[] stepsPerCm;
    private final float[] peakDt;

    /**
     * @param candidates neurons free for planted structure, in seeded random order
     * @param count place neurons: the first {@code count} candidates
     */
    PlaceFields(int[] candidates, int count, double corridorCm, double frameRate, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        neuron = new int[count];
        centreCm = new double[count];
        widthCm = new double[count];
        peakHz = new double[count];
        centre = new float[count];
        stepsPerCm = new float[count];
        peakDt = new float[count];
        for (int k = 0; k < count; k++) {
            neuron[k] = candidates[k];
            centreCm[k] = (k + 0.5) * corridorCm / count;
            widthCm[k] = rng.nextDouble(MIN_WIDTH_CM, MAX_WIDTH_CM);
            peakHz[k] = rng.nextDouble(MIN_PEAK_HZ, MAX_PEAK_HZ);
            centre[k] = (float) centreCm[k];
            stepsPerCm[k] = (float) (STEPS / widthCm[k]);
            peakDt[k] = (float) (peakHz[k] / frameRate);
        }
    }

    /** exp(−u²/2) at u = j / STEPS, j = 0 .. CUTOFF·STEPS + 1 (one past the cut, for interpolation). */
    private static float[] bumpTable() {
        float[] t = new float[CUTOFF * STEPS + 2];
        for (int j = 0; j < t.length; j++) {
            double u = (double) j / STEPS;
            t[j] = (float) StrictMath.exp(-u * u / 2);
        }
        return t;
    }

    /** Drives the place neurons for the coming frame of {@code pop}. */
    void excite(CalciumPopulation pop, boolean inCorridor, double positionCm) {
        if (!inCorridor) {
            return;
        }
        float x = (float) positionCm;
        for (int k = 0; k < neuron.length; k++) {
            float u = Math.abs(x - centre[k]) * stepsPerCm[k];
            if (u < CUTOFF * STEPS) {
                int j = (int) u;
                float b = BUMP[j] + (u - j) * (BUMP[j + 1] - BUMP[j]);
                pop.excite(neuron[k], peakDt[k] * b);
            }
        }
    }
}
