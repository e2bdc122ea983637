package org.neurorig.plugin.models.internal;

import java.util.Random;

/**
 * Test data shaped like {@code sim.handwriting}: characters written one after another, each a
 * fixed pen trajectory of {@code binsPerChar} bins; pen kinematics (x, y, vx, vy), character
 * features (one-hot identity) and Poisson counts of neurons of two tuning types — cosine tuning
 * to pen velocity, or a rate per character identity.
 */
final class SyntheticHandwriting {
    final int bins;
    final int neurons;
    final int alphabet;
    final int binsPerChar;
    /** bins × 4: x, y, vx, vy. */
    final float[] kinematics;
    /** bins × alphabet: one-hot character identity. */
    final float[] characters;
    /** bins × neurons: spike counts. */
    final float[] counts;
    /** Per neuron: 0 = tuned to kinematics, 1 = tuned to character identity. */
    final int[] type;
    /** Per bin: the character index in the written sequence. */
    final int[] charIndex;

    SyntheticHandwriting(int characterCount, int binsPerChar, int neurons, int alphabet, long seed) {
        this.bins = characterCount * binsPerChar;
        this.neurons = neurons;
        this.alphabet = alphabet;
        this.binsPerChar = binsPerChar;
        Random r = new Random(seed);
        double[][] shape = new double[alphabet][6];
        for (double[] s : shape) {
            s[0] = 1 + r.nextInt(3);
            s[1] = 1 + r.nextInt(3);
            s[2] = r.nextDouble() * 2 * Math.PI;
            s[3] = r.nextDouble() * 2 * Math.PI;
            s[4] = 0.5 + r.nextDouble();
            s[5] = 0.5 + r.nextDouble();
        }
        type = new int[neurons];
        double[] pd = new double[neurons];
        double[][] charRate = new double[neurons][alphabet];
        for (int j = 0; j < neurons; j++) {
            type[j] = j % 2;
            pd[j] = r.nextDouble() * 2 * Math.PI;
            for (int c = 0; c < alphabet; c++) {
                charRate[j][c] = 0.2 + 1.6 * r.nextDouble();
            }
        }
        kinematics = new float[bins * 4];
        characters = new float[bins * alphabet];
        counts = new float[bins * neurons];
        charIndex = new int[bins];
        double x = 0;
        double y = 0;
        for (int k = 0; k < characterCount; k++) {
            int c = r.nextInt(alphabet);
            double[] s = shape[c];
            for (int b = 0; b < binsPerChar; b++) {
                int t = k * binsPerChar + b;
                double tau = (b + 0.5) / binsPerChar;
                double vx = s[4] * Math.sin(2 * Math.PI * s[0] * tau + s[2]);
                double vy = s[5] * Math.sin(2 * Math.PI * s[1] * tau + s[3]);
                x += vx;
                y += vy;
                kinematics[t * 4] = (float) x;
                kinematics[t * 4 + 1] = (float) y;
                kinematics[t * 4 + 2] = (float) vx;
                kinematics[t * 4 + 3] = (float) vy;
                characters[t * alphabet + c] = 1;
                charIndex[t] = k;
                for (int j = 0; j < neurons; j++) {
                    double rate = type[j] == 0
                            ? Math.max(0, 1.0 + 0.9 * (vx * Math.cos(pd[j]) + vy * Math.sin(pd[j])))
                            : charRate[j][c];
                    counts[t * neurons + j] = poisson(r, rate);
                }
            }
            // the pen returns towards the origin between characters, so position stays bounded
            x *= 0.5;
            y *= 0.5;
        }
    }

    private static int poisson(Random r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = r.nextDouble();
        while (p > l) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }
}
