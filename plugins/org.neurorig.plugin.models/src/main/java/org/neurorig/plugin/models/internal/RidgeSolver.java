package org.neurorig.plugin.models.internal;

import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.neurorig.plugin.models.RidgeFit;

/**
 * Cross-validated ridge regression from per-fold sufficient statistics alone: no data rows are
 * kept. For each held-out fold the training statistics are the total minus that fold; the
 * centred Gram matrix is either diagonalised once (C = V E Vᵀ), so that every penalty costs only
 * a rescaling, W(λ) = V (E + λ)⁻¹ Vᵀ D, or factorised per penalty (Cholesky), whichever is
 * cheaper. The held-out squared error of each response is expanded in the fold's own statistics.
 * The intercept is not penalised (as scikit-learn's {@code Ridge}). The folds are solved side by
 * side on the common fork-join pool.
 */
public final class RidgeSolver {
    private RidgeSolver() {}

    /** How (C + λI) W = D is solved; {@code AUTO} picks the cheaper. */
    enum Method {
        AUTO,
        EIGEN,
        CHOLESKY
    }

    /** Solves for every penalty and picks each response's best; needs at least two folds with rows. */
    public static RidgeFit solve(FoldStatistics s, double[] lambdas) {
        return solve(s, lambdas, Method.AUTO);
    }

    /** As {@link #solve(FoldStatistics, double[])} with the given method. */
    static RidgeFit solve(FoldStatistics s, double[] lambdas, Method method) {
        int p = s.p;
        int n = s.n;
        int folds = s.folds;
        int lambdaCount = lambdas.length;
        long total = s.rows();
        if (s.foldsWithData() < 2) {
            throw new IllegalStateException("ridge: cross-validation needs rows in at least 2 folds, have "
                    + s.foldsWithData() + " (" + total + " rows)");
        }
        Train all = new Train(s);
        // The folds' held-out errors and the decomposition for the final weights do not depend on
        // each other: they run side by side (the folds are most of a fit's host time).
        double[][] foldSse = new double[folds][];
        Penalised[] whole = new Penalised[1];
        IntStream.range(-1, folds).parallel().forEach(k -> {
            if (k < 0) {
                whole[0] = penalised(all, lambdas, method);
            } else if (s.count[k] > 0) {
                foldSse[k] = heldOutErrors(s, all, k, lambdas, method);
            }
        });
        // summed in fold order, so the result does not depend on which task finished first
        double[] sse = new double[lambdaCount * n];
        for (double[] f : foldSse) {
            if (f != null) {
                for (int i = 0; i < sse.length; i++) {
                    sse[i] += f[i];
                }
            }
        }
        // pooled R²: 1 − Σ_folds SSE / Σ_t (y − ȳ)², ȳ over all rows
        double[] r2ByLambda = new double[lambdaCount * n];
        double[] bestLambda = new double[n];
        double[] bestR2 = new double[n];
        for (int j = 0; j < n; j++) {
            double sst = all.syy[j] - all.sy[j] * all.sy[j] / all.count;
            int best = 0;
            for (int l = 0; l < lambdaCount; l++) {
                double r2 = sst > 0 ? 1 - sse[l * n + j] / sst : Double.NaN;
                r2ByLambda[l * n + j] = r2;
                if (r2 > r2ByLambda[best * n + j] || Double.isNaN(r2ByLambda[best * n + j])) {
                    best = l;
                }
            }
            bestLambda[j] = lambdas[best];
            bestR2[j] = r2ByLambda[best * n + j];
        }
        // final weights on every row, each response with its own penalty
        Penalised e = whole[0];
        double[] weights = new double[p * n];
        double[] wl = new double[p * n];
        for (int l = 0; l < lambdaCount; l++) {
            boolean used = false;
            for (int j = 0; j < n && !used; j++) {
                used = bestLambda[j] == lambdas[l];
            }
            if (!used) {
                continue;
            }
            e.weights(lambdas[l], wl);
            for (int j = 0; j < n; j++) {
                if (bestLambda[j] == lambdas[l]) {
                    for (int i = 0; i < p; i++) {
                        weights[i * n + j] = wl[i * n + j];
                    }
                }
            }
        }
        double[] intercepts = new double[n];
        all.intercepts(weights, intercepts);
        // back from shifted to original coordinates: only the intercept moves
        for (int j = 0; j < n; j++) {
            double shift = s.shiftY[j];
            for (int i = 0; i < p; i++) {
                shift -= s.shiftX[i] * weights[i * n + j];
            }
            intercepts[j] += shift;
        }
        return new RidgeFit(p, n, total, lambdas.clone(), r2ByLambda, bestLambda, bestR2, weights, intercepts);
    }

    /**
     * The cheaper way to solve one fold for many penalties. Eigen: one decomposition (about 10 p³
     * in Commons Math), the fold's statistics rotated into its basis (2 p³ + 2 p² n), then p² n
     * per penalty. Cholesky: per penalty a factorisation (p³/3), two triangular solves (p² n) and
     * the held-out product (p² n). Measured on 2 cores for 4 penalties: equal at p = 256, n = 1024;
     * Cholesky 4× faster at p = 500, n = 100 and 10× at p = 855, n = 2 (decoders).
     *
     * <p>C can have eigenvalues slightly below zero: the statistics are float32 sums, and lagged
     * features are nearly collinear. The eigen method treats those as zero; when C + λI is not
     * positive definite for the smallest λ the Cholesky method cannot, and the eigen method is used.
     */
    private static Penalised penalised(Train t, double[] lambdas, Method method) {
        double p = t.p;
        double n = t.n;
        int count = lambdas.length;
        boolean cholesky =
                method == Method.AUTO ? count * (p / 3 + 2 * n) < 12 * p + n * (2 + count) : method == Method.CHOLESKY;
        if (cholesky) {
            Cholesky c = new Cholesky(t.centredGram(), t.centredCross(), t.p, t.n);
            // positive definite at the smallest λ means at every larger one too
            if (c.factor(java.util.Arrays.stream(lambdas).min().orElseThrow())) {
                return c;
            }
        }
        return Eigen.of(t.centredGram(), t.centredCross(), t.p, t.n);
    }

    /** Solves (C + λI) W = D for one penalty at a time. */
    private interface Penalised {
        void weights(double lambda, double[] w);
    }

    /** A Cholesky factorisation of C + λI per penalty. */
    private static final class Cholesky implements Penalised {
        private final double[][] c;
        private final double[] d;
        private final int p;
        private final int n;
        private final double[] l;
        private final double[] z;
        /** The λ that {@code l} holds the factor of; NaN when none. */
        private double factored = Double.NaN;

        Cholesky(double[][] c, double[] d, int p, int n) {
            this.c = c;
            this.d = d;
            this.p = p;
            this.n = n;
            this.l = new double[p * p];
            this.z = new double[p * n];
        }

        /** Factorises C + λI into {@code l}; false when it is not positive definite. */
        boolean factor(double lambda) {
            factored = Double.NaN;
            for (int i = 0; i < p; i++) {
                for (int m = 0; m <= i; m++) {
                    double v = 0.5 * (c[i][m] + c[m][i]) + (i == m ? lambda : 0) - dot(l, i * p, m * p, m);
                    if (i == m) {
                        if (!(v > 0)) {
                            return false;
                        }
                        l[i * p + i] = Math.sqrt(v);
                    } else {
                        l[i * p + m] = v / l[m * p + m];
                    }
                }
            }
            factored = lambda;
            return true;
        }

        @Override
        public void weights(double lambda, double[] w) {
            if (lambda != factored && !factor(lambda)) {
                throw new IllegalStateException("ridge: C + λI not positive definite at λ=" + lambda);
            }
            // L z = D, then Lᵀ W = z, for all n columns at once (rows of length n)
            for (int i = 0; i < p; i++) {
                int zo = i * n;
                System.arraycopy(d, zo, z, zo, n);
                for (int q = 0; q < i; q++) {
                    double f = l[i * p + q];
                    int qo = q * n;
                    for (int j = 0; j < n; j++) {
                        z[zo + j] -= f * z[qo + j];
                    }
                }
                double inv = 1 / l[i * p + i];
                for (int j = 0; j < n; j++) {
                    z[zo + j] *= inv;
                }
            }
            for (int i = p - 1; i >= 0; i--) {
                int wo = i * n;
                System.arraycopy(z, wo, w, wo, n);
                for (int q = i + 1; q < p; q++) {
                    double f = l[q * p + i];
                    int qo = q * n;
                    for (int j = 0; j < n; j++) {
                        w[wo + j] -= f * w[qo + j];
                    }
                }
                double inv = 1 / l[i * p + i];
                for (int j = 0; j < n; j++) {
                    w[wo + j] *= inv;
                }
            }
        }
    }

    /** Held-out squared errors of fold {@code k}, {@code λ}-major ({@code lambdas.length × n}). */
    private static double[] heldOutErrors(FoldStatistics s, Train all, int k, double[] lambdas, Method method) {
        int n = s.n;
        Train t = new Train(all, s, k);
        Penalised e = penalised(t, lambdas, method);
        if (e instanceof Eigen eigen) {
            return eigen.heldOutErrors(s, k, t, lambdas);
        }
        double[] sse = new double[lambdas.length * n];
        double[] w = new double[s.p * n];
        double[] b = new double[n];
        double[] gw = new double[s.p * n];
        for (int l = 0; l < lambdas.length; l++) {
            e.weights(lambdas[l], w);
            t.intercepts(w, b);
            heldOutError(s, k, w, b, gw, sse, l * n);
        }
        return sse;
    }

    /**
     * Σ a[ao + q]·a[bo + q] for q &lt; len with four partial sums: the JIT does not vectorise a
     * floating-point reduction, but four independent chains keep the FMA units busy (the
     * factorisation is p³/3 of these per penalty).
     */
    private static double dot(double[] a, int ao, int bo, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int q = 0;
        for (; q + 3 < len; q += 4) {
            s0 += a[ao + q] * a[bo + q];
            s1 += a[ao + q + 1] * a[bo + q + 1];
            s2 += a[ao + q + 2] * a[bo + q + 2];
            s3 += a[ao + q + 3] * a[bo + q + 3];
        }
        for (; q < len; q++) {
            s0 += a[ao + q] * a[bo + q];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Σ over fold k of (y − b − x·w)² per response, expanded as
     * Σy² − 2bΣy − 2w·Σxy + n b² + 2b w·Σx + wᵀ(XᵀX)w; added into {@code sse[off …]}.
     */
    private static void heldOutError(
            FoldStatistics s, int k, double[] w, double[] b, double[] gw, double[] sse, int off) {
        int p = s.p;
        int n = s.n;
        double[] g = s.xx[k];
        java.util.Arrays.fill(gw, 0);
        DenseProduct.multiplyAdd(g, w, gw, p, p, n);
        double nk = s.count[k];
        double[] xyk = s.xy[k];
        double[] sxk = s.sx[k];
        for (int j = 0; j < n; j++) {
            double wxy = 0;
            double wsx = 0;
            double wgw = 0;
            for (int i = 0; i < p; i++) {
                double wij = w[i * n + j];
                wxy += wij * xyk[i * n + j];
                wsx += wij * sxk[i];
                wgw += wij * gw[i * n + j];
            }
            double bj = b[j];
            sse[off + j] += s.syy[k][j] - 2 * bj * s.sy[k][j] - 2 * wxy + nk * bj * bj + 2 * bj * wsx + wgw;
        }
    }

    /** Statistics of all folds but one, with their centred forms. */
    private static final class Train {
        final int p;
        final int n;
        final double count;
        final double[] sx;
        final double[] sy;
        final double[] syy;
        final double[] xx;
        final double[] xy;

        /** All folds. */
        Train(FoldStatistics s) {
            p = s.p;
            n = s.n;
            sx = new double[p];
            sy = new double[n];
            syy = new double[n];
            xx = new double[p * p];
            xy = new double[p * n];
            long c = 0;
            for (int k = 0; k < s.folds; k++) {
                c += s.count[k];
                add(sx, s.sx[k]);
                add(sy, s.sy[k]);
                add(syy, s.syy[k]);
                add(xx, s.xx[k]);
                add(xy, s.xy[k]);
            }
            count = c;
        }

        /** All folds but {@code k}. */
        Train(Train all, FoldStatistics s, int k) {
            p = all.p;
            n = all.n;
            count = all.count - s.count[k];
            sx = minus(all.sx, s.sx[k]);
            sy = minus(all.sy, s.sy[k]);
            syy = minus(all.syy, s.syy[k]);
            xx = minus(all.xx, s.xx[k]);
            xy = minus(all.xy, s.xy[k]);
        }

        double[][] centredGram() {
            double[][] c = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int m = 0; m < p; m++) {
                    c[i][m] = xx[i * p + m] - sx[i] * sx[m] / count;
                }
            }
            return c;
        }

        double[] centredCross() {
            double[] d = new double[p * n];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < n; j++) {
                    d[i * n + j] = xy[i * n + j] - sx[i] * sy[j] / count;
                }
            }
            return d;
        }

        void intercepts(double[] w, double[] b) {
            for (int j = 0; j < n; j++) {
                double v = sy[j];
                for (int i = 0; i < p; i++) {
                    v -= sx[i] * w[i * n + j];
                }
                b[j] = v / count;
            }
        }

        private static void add(double[] acc, double[] v) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] += v[i];
            }
        }

        private static double[] minus(double[] a, double[] v) {
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                r[i] = a[i] - v[i];
            }
            return r;
        }
    }

    /** C = V E Vᵀ of a symmetric matrix, and the ridge solution in that basis. */
    private static final class Eigen implements Penalised {
        final int p;
        final int n;
        final double[] v;
        final double[] vt;
        final double[] e;
        final double[] q;
        /** V with each column scaled by 1 / (e + λ), rebuilt per penalty. */
        private final double[] scaled;

        private Eigen(int p, int n, double[] v, double[] e, double[] d) {
            this.p = p;
            this.n = n;
            this.v = v;
            this.vt = DenseProduct.transpose(v, p, p);
            this.e = e;
            this.q = new double[p * n];
            this.scaled = new double[p * p];
            DenseProduct.multiplyAdd(vt, d, q, p, p, n);
        }

        /**
         * The held-out errors of fold {@code k} for every penalty without forming the weights: with
         * W = V U and U = (E + λ)⁻¹ Q, every term of {@link RidgeSolver#heldOutError} is a sum over
         * the eigen basis once the fold's statistics are rotated into it (Vᵀ XᵀY, Vᵀ XᵀX V, Vᵀ Σx,
         * once per fold), so a penalty costs one p × p by p × n product instead of two.
         */
        double[] heldOutErrors(FoldStatistics s, int k, Train t, double[] lambdas) {
            double[] rxy = new double[p * n];
            DenseProduct.multiplyAdd(vt, s.xy[k], rxy, p, p, n);
            double[] gv = new double[p * p];
            DenseProduct.multiplyAdd(s.xx[k], v, gv, p, p, p);
            double[] h = new double[p * p];
            DenseProduct.multiplyAdd(vt, gv, h, p, p, p);
            double[] rsxFold = rotate(s.sx[k]);
            double[] rsxTrain = rotate(t.sx);
            double[] syyFold = s.syy[k];
            double nk = s.count[k];
            double[] u = new double[p * n];
            double[] hu = new double[p * n];
            double[] sse = new double[lambdas.length * n];
            double[] train = new double[n];
            double[] wxy = new double[n];
            double[] wsx = new double[n];
            double[] wgw = new double[n];
            for (int l = 0; l < lambdas.length; l++) {
                for (int m = 0; m < p; m++) {
                    double scale = 1.0 / (Math.max(e[m], 0) + lambdas[l]);
                    int o = m * n;
                    for (int j = 0; j < n; j++) {
                        u[o + j] = q[o + j] * scale;
                    }
                }
                java.util.Arrays.fill(hu, 0);
                DenseProduct.multiplyAdd(h, u, hu, p, p, n);
                // the sums over the basis, a row of U at a time (rows are contiguous)
                System.arraycopy(t.sy, 0, train, 0, n);
                java.util.Arrays.fill(wxy, 0);
                java.util.Arrays.fill(wsx, 0);
                java.util.Arrays.fill(wgw, 0);
                for (int m = 0; m < p; m++) {
                    int o = m * n;
                    double st = rsxTrain[m];
                    double sf = rsxFold[m];
                    for (int j = 0; j < n; j++) {
                        double umj = u[o + j];
                        train[j] -= st * umj;
                        wxy[j] += umj * rxy[o + j];
                        wsx[j] += umj * sf;
                        wgw[j] += umj * hu[o + j];
                    }
                }
                for (int j = 0; j < n; j++) {
                    double bj = train[j] / t.count;
                    sse[l * n + j] =
                            syyFold[j] - 2 * bj * s.sy[k][j] - 2 * wxy[j] + nk * bj * bj + 2 * bj * wsx[j] + wgw[j];
                }
            }
            return sse;
        }

        /** Vᵀ x for a vector of length p. */
        private double[] rotate(double[] x) {
            double[] r = new double[p];
            for (int m = 0; m < p; m++) {
                double acc = 0;
                for (int i = 0; i < p; i++) {
                    acc += v[i * p + m] * x[i];
                }
                r[m] = acc;
            }
            return r;
        }

        static Eigen of(double[][] c, double[] d, int p, int n) {
            // symmetrise: the two triangles were summed separately and may differ in the last bit
            for (int i = 0; i < p; i++) {
                for (int m = 0; m < i; m++) {
                    double mean = 0.5 * (c[i][m] + c[m][i]);
                    c[i][m] = mean;
                    c[m][i] = mean;
                }
            }
            EigenDecomposition dec = new EigenDecomposition(new Array2DRowRealMatrix(c, false));
            RealMatrix vm = dec.getV();
            double[] v = new double[p * p];
            for (int i = 0; i < p; i++) {
                for (int m = 0; m < p; m++) {
                    v[i * p + m] = vm.getEntry(i, m);
                }
            }
            return new Eigen(p, n, v, dec.getRealEigenvalues(), d);
        }

        /** W = V (E + λ)⁻¹ Q into {@code w} (p × n). */
        @Override
        public void weights(double lambda, double[] w) {
            for (int i = 0; i < p; i++) {
                for (int m = 0; m < p; m++) {
                    scaled[i * p + m] = v[i * p + m] / (Math.max(e[m], 0) + lambda);
                }
            }
            java.util.Arrays.fill(w, 0);
            DenseProduct.multiplyAdd(scaled, q, w, p, p, n);
        }
    }
}
