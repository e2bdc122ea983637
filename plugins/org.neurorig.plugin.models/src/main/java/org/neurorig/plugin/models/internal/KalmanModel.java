package org.neurorig.plugin.models.internal;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A fitted Kalman decoder, state x (d values, e.g. position and velocity), observations z (m
 * neural channels): x_t = A x_{t−1} + a + w, w ~ N(0, W); z = H x + c + q, q ~ N(0, Q). All
 * parameters are least-squares fits of the calibration sums. The update runs in information
 * form, so a step costs O(d·m + d³) instead of inverting an m × m innovation covariance:
 * P = ((A P Aᵀ + W)⁻¹ + Hᵀ Q⁻¹ H)⁻¹, x = x⁻ + P (Hᵀ Q⁻¹ (z − c) − Hᵀ Q⁻¹ H x⁻).
 */
final class KalmanModel {
    final int d;
    final int m;
    final double[] a;
    final double[] aOffset;
    final double[] w;
    final double[] h;
    final double[] c;
    final double[] mean;
    final double[] cov;
    /** Hᵀ Q⁻¹ (d × m), Hᵀ Q⁻¹ H (d × d), Hᵀ Q⁻¹ c (d). */
    private final double[] hq;

    private final double[] g;
    private final double[] hqc;
    // filter state and scratch
    private final double[] x;
    private final double[] p;
    private final double[] xp;
    private final double[] pp;
    private final double[] t1;
    private final double[] work;
    private final double[] innov;

    private KalmanModel(
            int d,
            int m,
            double[] a,
            double[] aOffset,
            double[] w,
            double[] h,
            double[] c,
            double[] qInv,
            double[] mean,
            double[] cov) {
        this.d = d;
        this.m = m;
        this.a = a;
        this.aOffset = aOffset;
        this.w = w;
        this.h = h;
        this.c = c;
        this.mean = mean;
        this.cov = cov;
        hq = new double[d * m];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < m; k++) {
                double v = 0;
                for (int l = 0; l < m; l++) {
                    v += h[l * d + i] * qInv[l * m + k];
                }
                hq[i * m + k] = v;
            }
        }
        g = new double[d * d];
        SmallMatrix.multiply(hq, h, g, d, m, d);
        hqc = new double[d];
        SmallMatrix.multiply(hq, c, hqc, d, m, 1);
        x = new double[d];
        p = new double[d * d];
        xp = new double[d];
        pp = new double[d * d];
        t1 = new double[d * d];
        work = new double[2 * d * d];
        innov = new double[d];
        restart();
    }

    /** Fits the model to the calibration sums. */
    static KalmanModel fit(KalmanStatistics s) {
        int d = s.d;
        int m = s.m;
        if (s.nObs < d + 2 || s.nTr < d + 2) {
            throw new IllegalStateException(
                    "kalman: calibration has " + s.nObs + " paired bins, needs at least " + (d + 2));
        }
        double n = s.nObs;
        double[] mx = scale(s.sx, n);
        double[] mz = scale(s.sz, n);
        double[] cxx = centred(s.sxx, mx, mx, n);
        double[] czx = centred(s.szx, mz, mx, n);
        double[] czz = new double[m * m];
        for (int k = 0; k < m; k++) {
            for (int l = k; l < m; l++) {
                double v = s.szz[k * m + l] / n - mz[k] * mz[l];
                czz[k * m + l] = v;
                czz[l * m + k] = v;
            }
        }
        // H = Czx Cxx⁻¹, c = mz − H mx, Q = Czz − H Cxz
        double[] cxxInv = inverse(regularised(cxx, d), d);
        double[] h = new double[m * d];
        SmallMatrix.multiply(czx, cxxInv, h, m, d, d);
        double[] c = new double[m];
        for (int k = 0; k < m; k++) {
            double v = mz[k];
            for (int i = 0; i < d; i++) {
                v -= h[k * d + i] * mx[i];
            }
            c[k] = v;
        }
        double[] q = new double[m * m];
        SmallMatrix.multiplyTransposed(h, czx, q, m, d, m);
        for (int i = 0; i < q.length; i++) {
            q[i] = czz[i] - q[i];
        }
        symmetrise(q, m);
        double[] qInv = inverse(regularised(q, m), m);
        // A = Ccp Cpp⁻¹, a = mc − A mp, W = Ccc − A Ccpᵀ
        double nt = s.nTr;
        double[] mp = scale(s.sp, nt);
        double[] mc = scale(s.sc, nt);
        double[] cpp = centred(s.spp, mp, mp, nt);
        double[] ccp = centred(s.scp, mc, mp, nt);
        double[] ccc = centred(s.scc, mc, mc, nt);
        double[] a = new double[d * d];
        SmallMatrix.multiply(ccp, inverse(regularised(cpp, d), d), a, d, d, d);
        double[] aOffset = new double[d];
        for (int i = 0; i < d; i++) {
            double v = mc[i];
            for (int j = 0; j < d; j++) {
                v -= a[i * d + j] * mp[j];
            }
            aOffset[i] = v;
        }
        double[] w = new double[d * d];
        SmallMatrix.multiplyTransposed(a, ccp, w, d, d, d);
        for (int i = 0; i < w.length; i++) {
            w[i] = ccc[i] - w[i];
        }
        symmetrise(w, d);
        return new KalmanModel(d, m, a, aOffset, regularised(w, d), h, c, qInv, mx, regularised(cxx, d));
    }

    /** Starts the filter again from the calibration mean and covariance (after a gap). */
    void restart() {
        System.arraycopy(mean, 0, x, 0, d);
        System.arraycopy(cov, 0, p, 0, d * d);
    }

    /** One filter step with the neural row {@code z[off …]}; writes the state estimate to {@code out[outOff …]}. */
    void step(float[] z, int off, float[] out, int outOff) {
        // prediction: x⁻ = A x + a, P⁻ = A P Aᵀ + W
        SmallMatrix.multiply(a, x, xp, d, d, 1);
        for (int i = 0; i < d; i++) {
            xp[i] += aOffset[i];
        }
        SmallMatrix.multiply(a, p, t1, d, d, d);
        SmallMatrix.multiplyTransposed(t1, a, pp, d, d, d);
        for (int i = 0; i < d * d; i++) {
            pp[i] += w[i];
        }
        // update in information form
        SmallMatrix.invert(pp, t1, work, d);
        for (int i = 0; i < d * d; i++) {
            t1[i] += g[i];
        }
        SmallMatrix.invert(t1, p, work, d);
        for (int i = 0; i < d; i++) {
            double v = -hqc[i];
            int ho = i * m;
            for (int k = 0; k < m; k++) {
                v += hq[ho + k] * z[off + k];
            }
            for (int j = 0; j < d; j++) {
                v -= g[i * d + j] * xp[j];
            }
            innov[i] = v;
        }
        for (int i = 0; i < d; i++) {
            double v = xp[i];
            for (int j = 0; j < d; j++) {
                v += p[i * d + j] * innov[j];
            }
            x[i] = v;
            out[outOff + i] = (float) v;
        }
        // keep P symmetric against rounding over long runs
        symmetrise(p, d);
    }

    private static double[] scale(double[] v, double n) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] / n;
        }
        return r;
    }

    /** S/n − u vᵀ for S of shape |u| × |v|. */
    private static double[] centred(double[] s, double[] u, double[] v, double n) {
        double[] r = new double[u.length * v.length];
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) {
                r[i * v.length + j] = s[i * v.length + j] / n - u[i] * v[j];
            }
        }
        return r;
    }

    private static void symmetrise(double[] s, int k) {
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (s[i * k + j] + s[j * k + i]);
                s[i * k + j] = v;
                s[j * k + i] = v;
            }
        }
    }

    /**
     * Adds a small multiple of the mean variance to the diagonal, so that a silent neuron or a
     * constant state variable (z of a planar reach) leaves the matrix invertible.
     */
    private static double[] regularised(double[] s, int k) {
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += Math.max(s[i * k + i], 0);
        }
        double eps = Math.max(1e-6 * trace / k, 1e-12);
        double[] r = s.clone();
        for (int i = 0; i < k; i++) {
            r[i * k + i] = Math.max(r[i * k + i], 0) + eps;
        }
        return r;
    }

    private static double[] inverse(double[] s, int k) {
        double[][] rows = new double[k][k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(s, i * k, rows[i], 0, k);
        }
        RealMatrix inv = new LUDecomposition(new Array2DRowRealMatrix(rows, false))
                .getSolver()
                .getInverse();
        double[] r = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                r[i * k + j] = inv.getEntry(i, j);
            }
        }
        return r;
    }
}
