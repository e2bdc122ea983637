package org.neurorig.plugin.models.internal;

/**
 * The large products of {@link RandomizedSvd} and {@link RastermapSorter}: a tall or wide float32
 * matrix ({@code rows × cols}, row-major, e.g. frames × neurons) times a thin one ({@code cols × l}
 * or {@code rows × l}, l ≤ a few hundred). They are plain loops over float arrays with the thin
 * matrix's row as the contiguous, vectorisable inner loop, so that an accelerator kernel can
 * replace each method one for one; nothing else in the fit touches the big matrix.
 */
final class FloatProducts {
    private FloatProducts() {}

    /** {@code out = a m}: a is {@code rows × cols}, m is {@code cols × l}, out is {@code rows × l}. */
    static void times(float[] a, int rows, int cols, float[] m, int l, float[] out) {
        for (int r = 0; r < rows; r++) {
            int ao = r * cols;
            int oo = r * l;
            for (int j = 0; j < l; j++) {
                out[oo + j] = 0;
            }
            for (int c = 0; c < cols; c++) {
                float v = a[ao + c];
                if (v == 0) {
                    continue;
                }
                int mo = c * l;
                for (int j = 0; j < l; j++) {
                    out[oo + j] += v * m[mo + j];
                }
            }
        }
    }

    /** {@code out = aᵀ y}: a is {@code rows × cols}, y is {@code rows × l}, out is {@code cols × l}. */
    static void transposeTimes(float[] a, int rows, int cols, float[] y, int l, float[] out) {
        java.util.Arrays.fill(out, 0, cols * l, 0f);
        for (int r = 0; r < rows; r++) {
            int ao = r * cols;
            int yo = r * l;
            for (int c = 0; c < cols; c++) {
                float v = a[ao + c];
                if (v == 0) {
                    continue;
                }
                int oo = c * l;
                for (int j = 0; j < l; j++) {
                    out[oo + j] += v * y[yo + j];
                }
            }
        }
    }

    /** {@code g = wᵀ w} in float64: w is {@code rows × l}, g is {@code l × l}. */
    static void gram(float[] w, int rows, int l, double[] g) {
        java.util.Arrays.fill(g, 0, l * l, 0);
        for (int r = 0; r < rows; r++) {
            int o = r * l;
            for (int i = 0; i < l; i++) {
                double wi = w[o + i];
                if (wi == 0) {
                    continue;
                }
                int go = i * l;
                for (int j = i; j < l; j++) {
                    g[go + j] += wi * w[o + j];
                }
            }
        }
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < i; j++) {
                g[i * l + j] = g[j * l + i];
            }
        }
    }

    /** {@code w = w t} in place: w is {@code rows × l}, t is {@code l × m} (m ≤ l), row by row. */
    static void timesSmall(float[] w, int rows, int l, double[] t, int m, double[] rowScratch) {
        for (int r = 0; r < rows; r++) {
            int o = r * l;
            for (int j = 0; j < m; j++) {
                rowScratch[j] = 0;
            }
            for (int i = 0; i < l; i++) {
                double wi = w[o + i];
                if (wi == 0) {
                    continue;
                }
                int to = i * m;
                for (int j = 0; j < m; j++) {
                    rowScratch[j] += wi * t[to + j];
                }
            }
            for (int j = 0; j < l; j++) {
                w[o + j] = j < m ? (float) rowScratch[j] : 0f;
            }
        }
    }
}
