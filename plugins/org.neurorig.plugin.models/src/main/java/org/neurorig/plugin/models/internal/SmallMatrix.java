package org.neurorig.plugin.models.internal;

/**
 * Products and inverses of small dense row-major matrices (a Kalman state of a few variables),
 * into caller-owned arrays, so that a filter step allocates nothing.
 */
final class SmallMatrix {
    private SmallMatrix() {}

    /** {@code c = a b}: a is r × k, b is k × q. {@code c} must not alias a or b. */
    static void multiply(double[] a, double[] b, double[] c, int r, int k, int q) {
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < q; j++) {
                double v = 0;
                for (int m = 0; m < k; m++) {
                    v += a[i * k + m] * b[m * q + j];
                }
                c[i * q + j] = v;
            }
        }
    }

    /** {@code c = a bᵀ}: a is r × k, b is q × k. */
    static void multiplyTransposed(double[] a, double[] b, double[] c, int r, int k, int q) {
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < q; j++) {
                double v = 0;
                for (int m = 0; m < k; m++) {
                    v += a[i * k + m] * b[j * k + m];
                }
                c[i * q + j] = v;
            }
        }
    }

    /**
     * Inverts the d × d matrix {@code a} into {@code inv} by Gauss-Jordan elimination with partial
     * pivoting; {@code work} (2 d² values) is scratch.
     *
     * @throws IllegalStateException when the matrix is singular
     */
    static void invert(double[] a, double[] inv, double[] work, int d) {
        int w = 2 * d;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                work[i * w + j] = a[i * d + j];
                work[i * w + d + j] = i == j ? 1 : 0;
            }
        }
        for (int col = 0; col < d; col++) {
            int pivot = col;
            for (int i = col + 1; i < d; i++) {
                if (Math.abs(work[i * w + col]) > Math.abs(work[pivot * w + col])) {
                    pivot = i;
                }
            }
            double pv = work[pivot * w + col];
            if (pv == 0 || !Double.isFinite(pv)) {
                throw new IllegalStateException("singular " + d + "×" + d + " matrix at column " + col);
            }
            if (pivot != col) {
                for (int j = 0; j < w; j++) {
                    double t = work[col * w + j];
                    work[col * w + j] = work[pivot * w + j];
                    work[pivot * w + j] = t;
                }
            }
            double inv0 = 1 / pv;
            for (int j = 0; j < w; j++) {
                work[col * w + j] *= inv0;
            }
            for (int i = 0; i < d; i++) {
                double f = work[i * w + col];
                if (i == col || f == 0) {
                    continue;
                }
                for (int j = 0; j < w; j++) {
                    work[i * w + j] -= f * work[col * w + j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            System.arraycopy(work, i * w + d, inv, i * d, d);
        }
    }
}
