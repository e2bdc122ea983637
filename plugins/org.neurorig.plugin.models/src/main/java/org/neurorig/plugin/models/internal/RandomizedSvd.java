package org.neurorig.plugin.models.internal;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Top-k singular values and right singular vectors of a {@code rows × cols} float32 matrix A
 * (frames × neurons) by the randomized range finder of Halko, Martinsson and Tropp (SIAM Review
 * 2011): Y = A Ω with a Gaussian Ω of k + oversampling columns, q power iterations
 * Y = A (Aᵀ Y) with re-orthonormalisation in between (so that the slow decay of a noisy spectrum
 * does not bury the top components), Q = orth(Y), then the small SVD of B = Qᵀ A from the
 * eigen-decomposition of B Bᵀ. The products with A are {@link FloatProducts}; Commons Math only
 * decomposes the l × l matrices. Orthonormalisation is "Gram-eigen" QR done twice: W Vₗ Λ^−½ from
 * the eigen-decomposition of WᵀW (twice, which makes the columns orthonormal to float precision;
 * directions with a Gram eigenvalue below 1e−10 of the largest are dropped, so a rank-deficient
 * A gives zero columns instead of noise).
 */
final class RandomizedSvd {
    /** Singular values (k, largest first), right singular vectors {@code cols × k} row-major (v[i·k + j]). */
    record Result(int k, double[] singularValues, float[] v) {
        /** Right singular vector j (unit length; its largest-magnitude entry positive). */
        double[] vector(int j) {
            int cols = v.length / k;
            double[] out = new double[cols];
            for (int i = 0; i < cols; i++) {
                out[i] = v[i * k + j];
            }
            return out;
        }
    }

    private RandomizedSvd() {}

    /**
     * @param a {@code rows × cols}, row-major; not changed
     * @param k components wanted; at most {@code min(rows, cols)}
     */
    static Result compute(float[] a, int rows, int cols, int k, int oversampling, int powerIterations, long seed) {
        if (k < 1 || k > Math.min(rows, cols)) {
            throw new IllegalArgumentException(
                    "randomized SVD: " + k + " components asked of a " + rows + " × " + cols + " matrix");
        }
        int l = Math.min(k + oversampling, Math.min(rows, cols));
        Random random = new Random(seed);
        float[] omega = new float[cols * l];
        for (int i = 0; i < omega.length; i++) {
            omega[i] = (float) random.nextGaussian();
        }
        float[] y = new float[rows * l];
        float[] w = new float[cols * l];
        FloatProducts.times(a, rows, cols, omega, l, y);
        orthonormalise(y, rows, l);
        orthonormalise(y, rows, l);
        for (int it = 0; it < powerIterations; it++) {
            FloatProducts.transposeTimes(a, rows, cols, y, l, w);
            orthonormalise(w, cols, l);
            orthonormalise(w, cols, l);
            FloatProducts.times(a, rows, cols, w, l, y);
            orthonormalise(y, rows, l);
            orthonormalise(y, rows, l);
        }
        // Bᵀ = Aᵀ Q (cols × l); B Bᵀ = (Bᵀ)ᵀ Bᵀ = U Σ² Uᵀ; A's right vectors V = Bᵀ U Σ⁻¹
        FloatProducts.transposeTimes(a, rows, cols, y, l, w);
        double[] g = new double[l * l];
        FloatProducts.gram(w, cols, l, g);
        double[][] eig = sortedEigen(g, l);
        double[] values = eig[0];
        double[] u = eig[1]; // l × l, column j = eigenvector j
        double[] t = new double[l * k];
        double[] sv = new double[k];
        for (int j = 0; j < k; j++) {
            sv[j] = Math.sqrt(Math.max(0, values[j]));
            double inv = sv[j] > 0 ? 1 / sv[j] : 0;
            for (int i = 0; i < l; i++) {
                t[i * k + j] = u[i * l + j] * inv;
            }
        }
        FloatProducts.timesSmall(w, cols, l, t, k, new double[k]);
        float[] v = new float[cols * k];
        for (int i = 0; i < cols; i++) {
            System.arraycopy(w, i * l, v, i * k, k);
        }
        for (int j = 0; j < k; j++) {
            int top = 0;
            for (int i = 1; i < cols; i++) {
                top = Math.abs(v[i * k + j]) > Math.abs(v[top * k + j]) ? i : top;
            }
            if (v[top * k + j] < 0) {
                for (int i = 0; i < cols; i++) {
                    v[i * k + j] = -v[i * k + j];
                }
            }
        }
        return new Result(k, sv, v);
    }

    /** Makes the columns of w ({@code rows × l}) orthonormal (zero where w has no such direction). */
    static void orthonormalise(float[] w, int rows, int l) {
        double[] g = new double[l * l];
        FloatProducts.gram(w, rows, l, g);
        double[][] eig = sortedEigen(g, l);
        double[] values = eig[0];
        double[] vecs = eig[1];
        double floor = Math.max(values[0], 0) * 1e-10;
        double[] t = new double[l * l];
        for (int j = 0; j < l; j++) {
            double s = values[j] > floor && values[j] > 0 ? 1 / Math.sqrt(values[j]) : 0;
            for (int i = 0; i < l; i++) {
                t[i * l + j] = vecs[i * l + j] * s;
            }
        }
        FloatProducts.timesSmall(w, rows, l, t, l, new double[l]);
    }

    /** Eigenvalues (largest first) and eigenvectors (row-major l × l, column j ↔ value j) of a symmetric g. */
    static double[][] sortedEigen(double[] g, int l) {
        double[][] m = new double[l][l];
        for (int i = 0; i < l; i++) {
            System.arraycopy(g, i * l, m[i], 0, l);
        }
        RealMatrix rm = new Array2DRowRealMatrix(m, false);
        EigenDecomposition e = new EigenDecomposition(rm);
        double[] raw = e.getRealEigenvalues();
        Integer[] idx = new Integer[l];
        for (int i = 0; i < l; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(raw[q], raw[p]));
        double[] values = new double[l];
        double[] vecs = new double[l * l];
        for (int j = 0; j < l; j++) {
            values[j] = raw[idx[j]];
            double[] ev = e.getEigenvector(idx[j]).toArray();
            for (int i = 0; i < l; i++) {
                vecs[i * l + j] = ev[i];
            }
        }
        return new double[][] {values, vecs};
    }
}
