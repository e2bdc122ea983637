package org.neurorig.plugin.models.internal;

import java.util.Arrays;
import java.util.Random;

/**
 * Lloyd's k-means on {@code n} points of dimension {@code d} (float32, row-major) with k-means++
 * seeding (Arthur and Vassilevskii 2007), deterministic for a seed. A cluster left empty takes
 * the point farthest from its centre, so every cluster has members as long as k ≤ n.
 */
final class KMeans {
    /** Per point its cluster; per cluster its mean ({@code k × d}, float64) and member count. */
    record Result(int k, int[] labels, double[] centroids, int[] sizes, int iterations) {}

    private KMeans() {}

    static Result fit(float[] x, int n, int d, int k, int maxIterations, long seed) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k-means: " + k + " clusters asked of " + n + " points");
        }
        Random random = new Random(seed);
        double[] c = new double[k * d];
        double[] nearest = new double[n];
        int first = random.nextInt(n);
        copyPoint(x, first, d, c, 0);
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int j = 1; j <= k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], distance(x, i, c, j - 1, d));
                total += nearest[i];
            }
            if (j == k) {
                break;
            }
            // D² sampling: the next centre is a point drawn with probability ∝ its squared distance
            int pick = -1;
            if (total > 0) {
                double target = random.nextDouble() * total;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += nearest[i];
                    if (acc >= target && nearest[i] > 0) {
                        pick = i;
                        break;
                    }
                }
            }
            if (pick < 0) {
                pick = random.nextInt(n); // all points coincide with centres: any point will do
            }
            copyPoint(x, pick, d, c, j);
        }
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        int[] sizes = new int[k];
        double[] dist = new double[n];
        int it = 0;
        while (it < maxIterations) {
            it++;
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bd = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double dd = distance(x, i, c, j, d);
                    if (dd < bd) {
                        bd = dd;
                        best = j;
                    }
                }
                dist[i] = bd;
                if (labels[i] != best) {
                    labels[i] = best;
                    changed = true;
                }
            }
            Arrays.fill(c, 0);
            Arrays.fill(sizes, 0);
            for (int i = 0; i < n; i++) {
                int o = labels[i] * d;
                for (int e = 0; e < d; e++) {
                    c[o + e] += x[i * d + e];
                }
                sizes[labels[i]]++;
            }
            for (int j = 0; j < k; j++) {
                if (sizes[j] == 0) {
                    // re-seed from the point worst served by its centre, taking it from its cluster
                    int far = -1;
                    for (int i = 0; i < n; i++) {
                        if (sizes[labels[i]] > 1 && (far < 0 || dist[i] > dist[far])) {
                            far = i;
                        }
                    }
                    int o = labels[far] * d;
                    for (int e = 0; e < d; e++) {
                        c[o + e] -= x[far * d + e];
                    }
                    sizes[labels[far]]--;
                    labels[far] = j;
                    dist[far] = 0;
                    sizes[j] = 1;
                    copyPoint(x, far, d, c, j);
                    changed = true;
                }
            }
            for (int j = 0; j < k; j++) {
                if (sizes[j] > 1) {
                    for (int e = 0; e < d; e++) {
                        c[j * d + e] /= sizes[j];
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        return new Result(k, labels, c, sizes, it);
    }

    private static void copyPoint(float[] x, int i, int d, double[] c, int j) {
        for (int e = 0; e < d; e++) {
            c[j * d + e] = x[i * d + e];
        }
    }

    private static double distance(float[] x, int i, double[] c, int j, int d) {
        double s = 0;
        int xo = i * d;
        int co = j * d;
        for (int e = 0; e < d; e++) {
            double v = x[xo + e] - c[co + e];
            s += v * v;
        }
        return s;
    }
}
