package org.neurorig.plugin.views.internal;

import java.util.Arrays;

/**
 * Orders rows (channels or units) so that rows with similar recent activity sit together: a
 * one-dimensional embedding by the first principal component of the z-scored binned rates (power
 * iteration), the simplest Rastermap-like sorting. Silent rows go last. Buffers are allocated once.
 */
final class RasterOrder {
    private final int rows;
    private final int bins;
    private final float[] counts; // rows × bins ring
    private final double[] z; // rows × bins
    private final double[] v;
    private final double[] w;
    private final double[] score;
    private final int[] order;
    private int bin;

    RasterOrder(int rows, int bins) {
        this.rows = rows;
        this.bins = bins;
        this.counts = new float[rows * bins];
        this.z = new double[rows * bins];
        this.v = new double[bins];
        this.w = new double[rows];
        this.score = new double[rows];
        this.order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
    }

    void add(int row) {
        if (row >= 0 && row < rows) {
            counts[row * bins + bin] += 1;
        }
    }

    /** Moves to the next bin, forgetting the oldest. */
    void nextBin() {
        bin = (bin + 1) % bins;
        for (int r = 0; r < rows; r++) {
            counts[r * bins + bin] = 0;
        }
    }

    /** Recomputes the order from the bins held; returns it (row indices, top to bottom). */
    int[] reorder() {
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int b = 0; b < bins; b++) {
                mean += counts[r * bins + b];
            }
            mean /= bins;
            double var = 0;
            for (int b = 0; b < bins; b++) {
                double d = counts[r * bins + b] - mean;
                var += d * d;
            }
            double sd = Math.sqrt(var / bins);
            for (int b = 0; b < bins; b++) {
                z[r * bins + b] = sd > 0 ? (counts[r * bins + b] - mean) / sd : 0;
            }
            w[r] = sd; // 0 marks a silent or constant row
        }
        Arrays.fill(v, 1.0 / Math.sqrt(bins));
        for (int b = 0; b < bins; b++) {
            v[b] += 1e-3 * b; // break the symmetry of a constant start vector
        }
        for (int it = 0; it < 50; it++) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int b = 0; b < bins; b++) {
                    s += z[r * bins + b] * v[b];
                }
                score[r] = s;
            }
            double norm = 0;
            for (int b = 0; b < bins; b++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += z[r * bins + b] * score[r];
                }
                v[b] = s;
                norm += s * s;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                break;
            }
            for (int b = 0; b < bins; b++) {
                v[b] /= norm;
            }
        }
        for (int r = 0; r < rows; r++) {
            order[r] = r;
            if (w[r] == 0) {
                score[r] = Double.POSITIVE_INFINITY;
            }
        }
        // insertion sort by score: rows ≤ a few hundred, every few seconds
        for (int i = 1; i < rows; i++) {
            int o = order[i];
            int j = i - 1;
            while (j >= 0 && (score[order[j]] > score[o] || (score[order[j]] == score[o] && order[j] > o))) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = o;
        }
        return order;
    }

    int[] order() {
        return order;
    }
}
