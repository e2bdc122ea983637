package org.neurorig.plugin.models.internal;

/**
 * {@code c += a b} in float64 for the ridge solver's p × p by p × n products. The solver's share
 * of a fit is these products, so they are written for the JIT: four rows of {@code b} are
 * combined per pass over a row of {@code c} (a quarter of the loads and stores of the plain
 * triple loop), and the columns are taken in bands so that the band of {@code b} stays in cache
 * while every row of {@code c} uses it. The innermost loop is contiguous and vectorises.
 */
final class DenseProduct {
    /** Columns per band: 256 rows of b × 128 columns × 8 bytes = 256 kB, within a core's L2. */
    static final int BAND = 128;

    private DenseProduct() {}

    /**
     * {@code c += a b}: a is {@code r × k}, b is {@code k × n}, c is {@code r × n}, all row-major;
     * {@code c} must not alias {@code a} or {@code b}.
     */
    static void multiplyAdd(double[] a, double[] b, double[] c, int r, int k, int n) {
        for (int j0 = 0; j0 < n; j0 += BAND) {
            int j1 = Math.min(n, j0 + BAND);
            for (int i = 0; i < r; i++) {
                int ao = i * k;
                int co = i * n;
                int m = 0;
                for (; m + 3 < k; m += 4) {
                    double a0 = a[ao + m];
                    double a1 = a[ao + m + 1];
                    double a2 = a[ao + m + 2];
                    double a3 = a[ao + m + 3];
                    if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) {
                        continue; // lag and label designs have many exact zeros
                    }
                    int b0 = m * n;
                    int b1 = b0 + n;
                    int b2 = b1 + n;
                    int b3 = b2 + n;
                    for (int j = j0; j < j1; j++) {
                        c[co + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                    }
                }
                for (; m < k; m++) {
                    double am = a[ao + m];
                    int bo = m * n;
                    for (int j = j0; j < j1; j++) {
                        c[co + j] += am * b[bo + j];
                    }
                }
            }
        }
    }

    /** The transpose of the {@code r × q} matrix {@code a}, as a new {@code q × r} matrix. */
    static double[] transpose(double[] a, int r, int q) {
        double[] t = new double[q * r];
        for (int i = 0; i < r; i++) {
            for (int m = 0; m < q; m++) {
                t[m * r + i] = a[i * q + m];
            }
        }
        return t;
    }
}
