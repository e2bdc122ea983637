package org.neurorig.plugin.models.internal;

import java.util.Arrays;

/**
 * A Rastermap-style neuron order (after Stringer et al., "Rastermap: a discovery method for neural
 * population recordings", Nat Neurosci 2024; our own implementation) for a window of
 * {@code frames × neurons} activity. No OSGi; {@code model.sort.rastermap} runs it on a background
 * thread.
 * <ol>
 *   <li>z-score each neuron over the window (a constant neuron is "silent": it goes last);
 *   <li>top {@code components} principal components by {@link RandomizedSvd}; each neuron's
 *       loadings scaled by the singular values, then normalised to unit length, so that the dot
 *       product of two neurons is the correlation of their activity within those components;
 *   <li>{@link KMeans} (k-means++, seeded) of the neurons into {@code clusters} clusters;
 *       similarity of two clusters = cosine of their mean vectors, i.e. the correlation of the
 *       clusters' mean activity within the components, clipped at 0;
 *   <li>the clusters ordered by {@link ClusterSequence} from the order of their first-PC
 *       coordinate; then each neuron placed on the piecewise-linear path through the ordered
 *       cluster means: at the point, on the segments either side of its most similar mean, whose
 *       direction has the highest cosine with the neuron (a step of 1/{@link #UPSAMPLE} of a
 *       cluster), giving a continuous position in 0…K−1;
 *   <li>neurons sorted by that position (ties by neuron index); the band of a row is the cluster
 *       whose position is nearest (round(position)), so bands are non-decreasing down the rows
 *       and a cluster boundary is where the band steps; silent neurons form band K.
 * </ol>
 */
public final class RastermapSorter {
    /** Grid steps per cluster when a neuron is placed between two cluster means. */
    static final int UPSAMPLE = 10;
    /** Extra random directions of the range finder beyond the components kept. */
    static final int OVERSAMPLING = 10;

    static final int KMEANS_ITERATIONS = 50;
    static final int MAX_SWEEPS = 50;

    /**
     * One fit. {@code order[r]} is the neuron shown at row r, {@code band[r]} its band (position of
     * its cluster in the cluster order, K for silent neurons), {@code position[i]} neuron i's
     * continuous position in cluster units, {@code clusters} the K used and {@code components}
     * the principal components used.
     */
    public record Fit(int[] order, int[] band, float[] position, int clusters, int components) {
        /** Row indices where a new band starts (the first row excluded). */
        public int[] boundaries() {
            int count = 0;
            for (int r = 1; r < band.length; r++) {
                count += band[r] != band[r - 1] ? 1 : 0;
            }
            int[] b = new int[count];
            int w = 0;
            for (int r = 1; r < band.length; r++) {
                if (band[r] != band[r - 1]) {
                    b[w++] = r;
                }
            }
            return b;
        }
    }

    private final int components;
    private final int clusters;
    private final int powerIterations;
    private final double locality;
    private final long seed;

    /**
     * @param components principal components wanted (fewer when the window is smaller)
     * @param clusters clusters wanted (at most half the non-silent neurons are used)
     * @param powerIterations power iterations of the randomized SVD
     * @param locality weight of the nearest-neighbour term of the target kernel, 0…1
     * @param seed seed of the SVD's test matrix and of k-means++
     */
    public RastermapSorter(int components, int clusters, int powerIterations, double locality, long seed) {
        if (components < 1 || clusters < 1 || powerIterations < 0 || !(locality >= 0 && locality <= 1)) {
            throw new IllegalArgumentException("rastermap: components " + components + " (≥ 1), clusters " + clusters
                    + " (≥ 1), power iterations " + powerIterations + " (≥ 0), locality " + locality + " (0…1)");
        }
        this.components = components;
        this.clusters = clusters;
        this.powerIterations = powerIterations;
        this.locality = locality;
        this.seed = seed;
    }

    /**
     * Sorts the neurons of {@code x} ({@code frames × neurons}, row-major). {@code x} is z-scored in
     * place (it is the caller's scratch copy of the window).
     */
    public Fit sort(float[] x, int frames, int neurons) {
        if (frames < 2 || neurons < 1 || x.length < (long) frames * neurons) {
            throw new IllegalArgumentException("rastermap: need ≥ 2 frames of " + neurons + " neurons in " + x.length
                    + " values, got " + frames + " frames");
        }
        boolean[] silent = zscore(x, frames, neurons);
        int active = 0;
        for (boolean b : silent) {
            active += b ? 0 : 1;
        }
        if (active < 2) {
            return trivial(silent, neurons);
        }
        int k = Math.min(components, Math.min(frames, active));
        RandomizedSvd.Result svd = RandomizedSvd.compute(x, frames, neurons, k, OVERSAMPLING, powerIterations, seed);
        // unit feature vectors of the active neurons: loadings × singular values, normalised
        int[] activeIndex = new int[active];
        float[] f = new float[active * k];
        int w = 0;
        for (int i = 0; i < neurons; i++) {
            if (silent[i]) {
                continue;
            }
            double norm = 0;
            for (int j = 0; j < k; j++) {
                double v = svd.v()[i * k + j] * svd.singularValues()[j];
                norm += v * v;
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int j = 0; j < k; j++) {
                f[w * k + j] = (float) (svd.v()[i * k + j] * svd.singularValues()[j] * inv);
            }
            activeIndex[w++] = i;
        }
        int kc = Math.max(1, Math.min(clusters, active / 2));
        KMeans.Result km = KMeans.fit(f, active, k, kc, KMEANS_ITERATIONS, seed);
        double[] c = km.centroids();
        double[] gram = new double[kc * kc];
        for (int a = 0; a < kc; a++) {
            for (int b = 0; b < kc; b++) {
                double s = 0;
                for (int e = 0; e < k; e++) {
                    s += c[a * k + e] * c[b * k + e];
                }
                gram[a * kc + b] = s;
            }
        }
        double[] sim = new double[kc * kc];
        for (int a = 0; a < kc; a++) {
            for (int b = 0; b < kc; b++) {
                double d = Math.sqrt(gram[a * kc + a] * gram[b * kc + b]);
                // anti-correlation counts as no similarity: with it, the search cut planted sequences
                // into pieces with unrelated clusters between them, because pushing a sequence's
                // mutually anti-correlated far ends apart paid more than keeping its run whole
                sim[a * kc + b] = d > 0 ? Math.max(0, gram[a * kc + b] / d) : 0;
            }
        }
        int[] clusterOrder = firstPcOrder(c, kc, k);
        if (kc > 2) {
            clusterOrder = new ClusterSequence(sim, kc, clusterOrder, locality).optimise(MAX_SWEEPS);
        }
        float[] position = new float[neurons];
        place(f, active, k, c, gram, kc, clusterOrder, activeIndex, position);
        return assemble(position, silent, neurons, kc, k);
    }

    /** Subtracts each column's mean and divides by its SD; returns which columns were constant. */
    static boolean[] zscore(float[] x, int frames, int neurons) {
        double[] sum = new double[neurons];
        double[] sq = new double[neurons];
        for (int t = 0; t < frames; t++) {
            int o = t * neurons;
            for (int i = 0; i < neurons; i++) {
                sum[i] += x[o + i];
            }
        }
        for (int i = 0; i < neurons; i++) {
            sum[i] /= frames;
        }
        for (int t = 0; t < frames; t++) {
            int o = t * neurons;
            for (int i = 0; i < neurons; i++) {
                double d = x[o + i] - sum[i];
                sq[i] += d * d;
            }
        }
        boolean[] silent = new boolean[neurons];
        float[] mean = new float[neurons];
        float[] scale = new float[neurons];
        for (int i = 0; i < neurons; i++) {
            double sd = Math.sqrt(sq[i] / frames);
            // a neuron whose SD is rounding noise of its mean is constant, not active
            silent[i] = !(sd > 1e-6 * Math.max(1, Math.abs(sum[i])));
            mean[i] = (float) sum[i];
            scale[i] = silent[i] ? 0f : (float) (1 / sd);
        }
        for (int t = 0; t < frames; t++) {
            int o = t * neurons;
            for (int i = 0; i < neurons; i++) {
                x[o + i] = (x[o + i] - mean[i]) * scale[i];
            }
        }
        return silent;
    }

    /** Clusters by their mean's first-PC coordinate (ties by index). */
    private static int[] firstPcOrder(double[] c, int kc, int d) {
        Integer[] idx = new Integer[kc];
        for (int i = 0; i < kc; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int cmp = Double.compare(c[a * d], c[b * d]);
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        int[] o = new int[kc];
        for (int i = 0; i < kc; i++) {
            o[i] = idx[i];
        }
        return o;
    }

    /** Continuous position of each active neuron on the path through the ordered cluster means. */
    private static void place(
            float[] f,
            int active,
            int d,
            double[] c,
            double[] gram,
            int kc,
            int[] clusterOrder,
            int[] activeIndex,
            float[] position) {
        double[] dots = new double[kc]; // neuron · mean of the cluster at position p
        for (int n = 0; n < active; n++) {
            int best = 0;
            double bestCos = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < kc; p++) {
                int cl = clusterOrder[p];
                double s = 0;
                for (int e = 0; e < d; e++) {
                    s += f[n * d + e] * c[cl * d + e];
                }
                dots[p] = s;
                double g = gram[cl * kc + cl];
                double cos = g > 0 ? s / Math.sqrt(g) : 0;
                if (cos > bestCos) {
                    bestCos = cos;
                    best = p;
                }
            }
            double pos = best;
            double top = bestCos;
            for (int side = -1; side <= 1; side += 2) {
                int q = best + side;
                if (q < 0 || q >= kc) {
                    continue;
                }
                int a = clusterOrder[best];
                int b = clusterOrder[q];
                double gaa = gram[a * kc + a];
                double gbb = gram[b * kc + b];
                double gab = gram[a * kc + b];
                // point (1 − u)·mean(best) + u·mean(q): cosine from the dots and the means' Gram
                for (int step = 1; step < UPSAMPLE; step++) {
                    double u = (double) step / UPSAMPLE;
                    double num = (1 - u) * dots[best] + u * dots[q];
                    double den = (1 - u) * (1 - u) * gaa + 2 * u * (1 - u) * gab + u * u * gbb;
                    double cos = den > 0 ? num / Math.sqrt(den) : 0;
                    if (cos > top) {
                        top = cos;
                        pos = best + side * u;
                    }
                }
            }
            position[activeIndex[n]] = (float) pos;
        }
    }

    private static Fit assemble(float[] position, boolean[] silent, int neurons, int kc, int components) {
        Integer[] idx = new Integer[neurons];
        for (int i = 0; i < neurons; i++) {
            idx[i] = i;
            if (silent[i]) {
                position[i] = Float.NaN;
            }
        }
        Arrays.sort(idx, (a, b) -> {
            // silent (NaN) last; Float.compare puts NaN after every number
            int cmp = Float.compare(position[a], position[b]);
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        int[] order = new int[neurons];
        int[] band = new int[neurons];
        for (int r = 0; r < neurons; r++) {
            order[r] = idx[r];
            float p = position[idx[r]];
            band[r] = Float.isNaN(p) ? kc : Math.round(p);
        }
        return new Fit(order, band, position, kc, components);
    }

    private static Fit trivial(boolean[] silent, int neurons) {
        float[] position = new float[neurons];
        return assemble(position, silent, neurons, 1, 0);
    }
}
