package org.neurorig.plugin.models.internal;

import java.util.Random;

/**
 * Synthetic frames × neurons activity with planted structure, for the sorting tests: a sequence
 * (neurons with a Gaussian bump along a latent position that sweeps back and forth at a varying
 * speed, like laps of a corridor), assemblies (groups whose neurons share one train of decaying
 * transients, each neuron with its own gain) and unstructured neurons (their own transients), all
 * with independent Gaussian noise. Neuron indices are shuffled so that no order is given away.
 */
final class PlantedPopulation {
    final int frames;
    final int neurons;
    /** frames × neurons, row-major. */
    final float[] x;
    /** Planted position in 0…1 of a sequence neuron, NaN for the others. */
    final double[] position;
    /** Assembly of a neuron (0…), −1 for the others. */
    final int[] assembly;

    PlantedPopulation(
            int frames,
            int sequenceNeurons,
            int assemblies,
            int assemblySize,
            int unstructured,
            double noise,
            long seed) {
        this.frames = frames;
        this.neurons = sequenceNeurons + assemblies * assemblySize + unstructured;
        this.x = new float[frames * neurons];
        this.position = new double[neurons];
        this.assembly = new int[neurons];
        Random r = new Random(seed);
        int[] slot = new int[neurons]; // shuffled neuron index of the j-th generated neuron
        for (int i = 0; i < neurons; i++) {
            slot[i] = i;
        }
        for (int i = neurons - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = slot[i];
            slot[i] = slot[j];
            slot[j] = t;
        }
        // latent position: back and forth between 0 and 1, each lap 80-160 frames one way
        double[] pos = new double[frames];
        double p = 0;
        double dir = 1;
        double speed = 1.0 / (80 + r.nextInt(80));
        for (int t = 0; t < frames; t++) {
            pos[t] = p;
            p += dir * speed;
            if (p >= 1 || p <= 0) {
                p = Math.max(0, Math.min(1, p));
                dir = -dir;
                speed = 1.0 / (80 + r.nextInt(80));
            }
        }
        int g = 0;
        double width = 0.05;
        for (int s = 0; s < sequenceNeurons; s++, g++) {
            int i = slot[g];
            double mu = r.nextDouble();
            position[i] = mu;
            assembly[i] = -1;
            double gain = 0.5 + r.nextDouble();
            for (int t = 0; t < frames; t++) {
                double d = (pos[t] - mu) / width;
                x[t * neurons + i] = (float) (gain * Math.exp(-0.5 * d * d));
            }
        }
        for (int a = 0; a < assemblies; a++) {
            double[] train = transients(frames, 0.02, r);
            for (int m = 0; m < assemblySize; m++, g++) {
                int i = slot[g];
                position[i] = Double.NaN;
                assembly[i] = a;
                double gain = 0.5 + r.nextDouble();
                for (int t = 0; t < frames; t++) {
                    x[t * neurons + i] = (float) (gain * train[t]);
                }
            }
        }
        for (int u = 0; u < unstructured; u++, g++) {
            int i = slot[g];
            position[i] = Double.NaN;
            assembly[i] = -1;
            double[] train = transients(frames, 0.02, r);
            for (int t = 0; t < frames; t++) {
                x[t * neurons + i] = (float) train[t];
            }
        }
        for (int k = 0; k < x.length; k++) {
            x[k] += (float) (noise * r.nextGaussian());
        }
    }

    /** Transients of amplitude 1 starting with probability {@code rate} per frame, decaying in 4 frames. */
    private static double[] transients(int frames, double rate, Random r) {
        double[] v = new double[frames];
        double level = 0;
        for (int t = 0; t < frames; t++) {
            level *= Math.exp(-1.0 / 4);
            if (r.nextDouble() < rate) {
                level += 1;
            }
            v[t] = level;
        }
        return v;
    }
}
