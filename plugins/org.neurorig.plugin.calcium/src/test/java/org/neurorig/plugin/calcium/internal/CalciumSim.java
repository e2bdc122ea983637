package org.neurorig.plugin.calcium.internal;

import java.util.Random;

/**
 * Simulated two-photon traces with ground truth: Poisson spikes per cell, each adding an
 * exponentially decaying calcium transient of amplitude {@code amplitude} (ΔF/F), plus Gaussian
 * noise of {@code noise}. The default noise level, 0.25 × a single spike's amplitude, is the ratio
 * in the real GCaMP6f recordings ({@code ../shared/data/calcium-gt-gcamp6f}: +0.13 ΔF/F per
 * spike, noise σ ≈ 0.03).
 *
 * @param spikes interleaved [frame][cell] spike counts
 * @param dff    interleaved [frame][cell] ΔF/F with noise
 */
record CalciumSim(int frames, int cells, double rate, float[] spikes, float[] dff) {
    static final double DEFAULT_NOISE = 0.25;

    static CalciumSim generate(
            long seed,
            int frames,
            int cells,
            double rate,
            double spikeHz,
            double tauS,
            double amplitude,
            double noise) {
        Random r = new Random(seed);
        float[] s = new float[frames * cells];
        float[] y = new float[frames * cells];
        double g = Math.exp(-1 / (tauS * rate));
        for (int c = 0; c < cells; c++) {
            double ca = 0;
            for (int t = 0; t < frames; t++) {
                int k = poisson(r, spikeHz / rate);
                s[t * cells + c] = k;
                ca = g * ca + amplitude * k;
                y[t * cells + c] = (float) (ca + noise * amplitude * r.nextGaussian());
            }
        }
        return new CalciumSim(frames, cells, rate, s, y);
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

    /** Column {@code c} of an interleaved [frame][cells] array. */
    static double[] column(float[] a, int cells, int c) {
        double[] out = new double[a.length / cells];
        for (int t = 0; t < out.length; t++) {
            out[t] = a[t * cells + c];
        }
        return out;
    }

    /** Pearson correlation after smoothing both with a Gaussian of {@code sigma} frames (0 = none). */
    static double correlation(double[] a, double[] b, double sigma) {
        double[] x = smooth(a, sigma);
        double[] y = smooth(b, sigma);
        int n = Math.min(x.length, y.length);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Zero-phase Gaussian smoothing (truncated at 4 σ, zero padding), as a reference for the scoring only. */
    static double[] smooth(double[] a, double sigma) {
        if (sigma <= 0) {
            return a;
        }
        int half = (int) Math.ceil(4 * sigma);
        double[] k = new double[2 * half + 1];
        double sum = 0;
        for (int i = -half; i <= half; i++) {
            k[i + half] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + half];
        }
        double[] out = new double[a.length];
        for (int t = 0; t < a.length; t++) {
            double acc = 0;
            for (int i = -half; i <= half; i++) {
                int u = t + i;
                if (u >= 0 && u < a.length) {
                    acc += k[i + half] * a[u];
                }
            }
            out[t] = acc / sum;
        }
        return out;
    }
}
