package org.neurorig.plugin.models.internal;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.neurorig.plugin.models.RidgeFit;

/**
 * Cross-validated ridge regression from per-fold sufficient statistics alone: no data rows are
 * kept. For each held-out fold the training statistics are the total minus that fold; the
 * centred Gram matrix is either diagonalised once (C = V E Vᵀ), so that every penalty costs only
 * a rescaling, W(λ) = V (E + λ)⁻¹ Vᵀ D, or factorised per penalty (Cholesky), whichever is cheaper. The held-out squared error of each response is expanded
 * in the fold's own statistics. The intercept is not penalised (as scikit-learn's {@code Ridge}).
 */
final class RidgeSolver {
    private RidgeSolver() {
    }

    /** How (C + λI) W = D is solved; {@code AUTO} picks the cheaper. */
    enum Method { AUTO, EIGEN, CHOLESKY }

    /** Solves for every penalty and picks each response's best; needs at least two folds with rows. */
    static RidgeFit solve(FoldStatistics s, double[] lambdas) {
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
        double[] sse = new double[lambdaCount * n];
        double[] w = new double[p * n];
        double[] b = new double[n];
        double[] gw = new double[p * n];
        for (int k = 0; k < folds; k++) {
            if (s.count[k] == 0) {
                continue;
            }
            Train t = Train.excluding(s, k);
            Penalised e = penalised(t, lambdaCount, method);
            for (int l = 0; l < lambdaCount; l++) {
                e.weights(lambdas[l], w);
                t.intercepts(w, b);
                heldOutError(s, k, w, b, gw, sse, l * n);
            }
        }
        // pooled R²: 1 − Σ_folds SSE / Σ_t (y − ȳ)², ȳ over all rows
        Train all = Train.excluding(s, -1);
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
        Penalised e = penalised(all, lambdaCount, method);
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
     * The cheaper way to solve for many penalties: one eigendecomposition (about 10 p³ in Commons
     * Math) then p² n per penalty, or one Cholesky factorisation (p³/3 + 2 p² n) per penalty —
     * the latter wins for many features and few responses (decoders).
     */
    private static Penalised penalised(Train t, int lambdaCount, Method method) {
        double p = t.p;
        double n = t.n;
        boolean cholesky = method == Method.AUTO ? lambdaCount * (p / 3 + 2 * n) < 10 * p + n * (1 + lambdaCount)
                : method == Method.CHOLESKY;
        return cholesky ? new Cholesky(t.centredGram(), t.centredCross(), t.p, t.n)
                : Eigen.of(t.centredGram(), t.centredCross(), t.p, t.n);
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

        Cholesky(double[][] c, double[] d, int p, int n) {
            this.c = c;
            this.d = d;
            this.p = p;
            this.n = n;
            this.l = new double[p * p];
            this.z = new double[p * n];
        }

        @Override
        public void weights(double lambda, double[] w) {
            for (int i = 0; i < p; i++) {
                for (int m = 0; m <= i; m++) {
                    double v = 0.5 * (c[i][m] + c[m][i]) + (i == m ? lambda : 0);
                    for (int q = 0; q < m; q++) {
                        v -= l[i * p + q] * l[m * p + q];
                    }
                    if (i == m) {
                        if (!(v > 0)) {
                            throw new IllegalStateException("ridge: C + λI not positive definite at λ=" + lambda);
                        }
                        l[i * p + i] = Math.sqrt(v);
                    } else {
                        l[i * p + m] = v / l[m * p + m];
                    }
                }
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

    /**
     * Σ over fold k of (y − b − x·w)² per response, expanded as
     * Σy² − 2bΣy − 2w·Σxy + n b² + 2b w·Σx + wᵀ(XᵀX)w; added into {@code sse[off …]}.
     */
    private static void heldOutError(FoldStatistics s, int k, double[] w, double[] b, double[] gw, double[] sse,
            int off) {
        int p = s.p;
        int n = s.n;
        double[] g = s.xx[k];
        java.util.Arrays.fill(gw, 0);
        for (int i = 0; i < p; i++) {
            for (int m = 0; m < p; m++) {
                double gim = g[i * p + m];
                if (gim == 0) {
                    continue;
                }
                int wo = m * n;
                int go = i * n;
                for (int j = 0; j < n; j++) {
                    gw[go + j] += gim * w[wo + j];
                }
            }
        }
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

        private Train(FoldStatistics s) {
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

        private Train(Train all, FoldStatistics s, int k) {
            p = all.p;
            n = all.n;
            count = all.count - s.count[k];
            sx = minus(all.sx, s.sx[k]);
            sy = minus(all.sy, s.sy[k]);
            syy = minus(all.syy, s.syy[k]);
            xx = minus(all.xx, s.xx[k]);
            xy = minus(all.xy, s.xy[k]);
        }

        /** All folds but {@code k} (−1 = all folds). */
        static Train excluding(FoldStatistics s, int k) {
            Train all = new Train(s);
            return k < 0 ? all : new Train(all, s, k);
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
        final double[] e;
        final double[] q;

        private Eigen(int p, int n, double[] v, double[] e, double[] d) {
            this.p = p;
            this.n = n;
            this.v = v;
            this.e = e;
            this.q = rotate(d);
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

        /** Vᵀ D for D of shape p × n. */
        private double[] rotate(double[] d) {
            double[] q = new double[p * n];
            for (int i = 0; i < p; i++) {
                for (int m = 0; m < p; m++) {
                    double vim = v[i * p + m];
                    int qo = m * n;
                    int dO = i * n;
                    for (int j = 0; j < n; j++) {
                        q[qo + j] += vim * d[dO + j];
                    }
                }
            }
            return q;
        }

        /** W = V (E + λ)⁻¹ Q into {@code w} (p × n). */
        @Override
        public void weights(double lambda, double[] w) {
            java.util.Arrays.fill(w, 0);
            for (int m = 0; m < p; m++) {
                double scale = 1.0 / (Math.max(e[m], 0) + lambda);
                int qo = m * n;
                for (int i = 0; i < p; i++) {
                    double f = v[i * p + m] * scale;
                    if (f == 0) {
                        continue;
                    }
                    int wo = i * n;
                    for (int j = 0; j < n; j++) {
                        w[wo + j] += f * q[qo + j];
                    }
                }
            }
        }
    }
}
