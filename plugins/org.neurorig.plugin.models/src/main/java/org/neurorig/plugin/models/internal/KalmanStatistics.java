package org.neurorig.plugin.models.internal;

/**
 * Running sums from which a Kalman decoder is fitted (Wu et al. 2003): for the observation model
 * z = H x + c + q the pairs (state x_t, neural row z_{t−lag}); for the state model
 * x_t = A x_{t−1} + a + w the consecutive states. No rows are kept, so a calibration period may
 * be as long as the data.
 */
final class KalmanStatistics {
    final int d;
    final int m;
    final int lag;
    private final float[] zRing;
    private final double[] prev;
    private long pairs;

    long nObs;
    final double[] sx;
    final double[] sz;
    final double[] sxx;
    final double[] szx;
    final double[] szz;
    long nTr;
    final double[] sp;
    final double[] sc;
    final double[] spp;
    final double[] scp;
    final double[] scc;

    KalmanStatistics(int d, int m, int lag) {
        this.d = d;
        this.m = m;
        this.lag = lag;
        zRing = new float[(lag + 1) * m];
        prev = new double[d];
        sx = new double[d];
        sz = new double[m];
        sxx = new double[d * d];
        szx = new double[m * d];
        szz = new double[m * m];
        sp = new double[d];
        sc = new double[d];
        spp = new double[d * d];
        scp = new double[d * d];
        scc = new double[d * d];
    }

    /** Forgets the recent rows (a gap): sums are kept, no pair spans the gap. */
    void reset() {
        pairs = 0;
    }

    /** Adds bin i: its neural row {@code z} (m values) and its state {@code x} (d values). */
    void add(float[] z, int zOff, double[] x) {
        long i = pairs++;
        System.arraycopy(z, zOff, zRing, (int) (i % (lag + 1)) * m, m);
        if (i >= 1) {
            nTr++;
            for (int a = 0; a < d; a++) {
                sp[a] += prev[a];
                sc[a] += x[a];
                for (int b = 0; b < d; b++) {
                    spp[a * d + b] += prev[a] * prev[b];
                    scp[a * d + b] += x[a] * prev[b];
                    scc[a * d + b] += x[a] * x[b];
                }
            }
        }
        System.arraycopy(x, 0, prev, 0, d);
        if (i < lag) {
            return;
        }
        int zo = (int) ((i - lag) % (lag + 1)) * m;
        nObs++;
        for (int a = 0; a < d; a++) {
            sx[a] += x[a];
            for (int b = 0; b < d; b++) {
                sxx[a * d + b] += x[a] * x[b];
            }
        }
        for (int k = 0; k < m; k++) {
            double zk = zRing[zo + k];
            sz[k] += zk;
            if (zk == 0) {
                continue; // binned counts are mostly zero
            }
            for (int a = 0; a < d; a++) {
                szx[k * d + a] += zk * x[a];
            }
            for (int l = k; l < m; l++) {
                szz[k * m + l] += zk * zRing[zo + l];
            }
        }
    }
}
