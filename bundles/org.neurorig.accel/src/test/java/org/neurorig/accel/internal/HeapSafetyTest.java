package org.neurorig.accel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * OpenCL buffers never alias Java arrays: the GC moves arrays between calls, and an OpenCL CPU
 * runtime that still held the old address wrote into the Java heap (a JVM crash in the rig's
 * integration tests on PoCL). Every engine copies, and arrays reused across collections keep
 * giving the right products.
 */
class HeapSafetyTest {
    @Test
    void openClBuffersAreCopiesNotAliases() {
        for (GemmEngine e : DeviceCatalog.discover(1)) {
            if (e instanceof AparapiGemm g) {
                assertThat(g.openCl().isSharedMemory())
                        .as("%s shares Java arrays", g.device())
                        .isFalse();
            }
            e.close();
        }
    }

    @Test
    void arraysMovedByTheCollectorGiveTheSameProducts() {
        int rows = 300;
        int p = 12;
        int n = 20;
        Random r = new Random(3);
        float[] x = new float[rows * p];
        float[] y = new float[rows * n];
        for (GemmEngine e : DeviceCatalog.discover(1)) {
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextFloat() - 0.5f;
                }
                for (int i = 0; i < y.length; i++) {
                    y[i] = r.nextFloat() - 0.5f;
                }
                double[] xy = new double[p * n];
                e.transposeProduct(x, rows, p, y, n, xy);
                double[] xx = new double[p * p];
                e.transposeProduct(x, rows, p, x, p, xx);
                assertThat(maxError(x, y, rows, p, n, xy))
                        .as("%s XᵀY round %d", e.device(), round)
                        .isLessThan(1e-4);
                assertThat(maxError(x, x, rows, p, p, xx))
                        .as("%s XᵀX round %d", e.device(), round)
                        .isLessThan(1e-4);
                // young collections copy x and y to survivor space, then to the old generation
                System.gc();
            }
            e.close();
        }
    }

    /** AᵀA over one array whose content changes between calls: the device must see every change. */
    @Test
    void repeatedSelfProductsSeeNewContent() {
        int rows = 200;
        int p = 9;
        float[] x = new float[rows * p];
        for (GemmEngine e : DeviceCatalog.discover(1)) {
            for (int round = 1; round <= 4; round++) {
                java.util.Arrays.fill(x, round);
                double[] xx = new double[p * p];
                e.transposeProduct(x, rows, p, x, p, xx);
                // every entry is rows · round²
                assertThat(xx).as("%s round %d", e.device(), round).containsOnly((double) rows * round * round);
            }
            e.close();
        }
    }

    private static double maxError(float[] a, float[] b, int rows, int p, int n, double[] c) {
        double worst = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < rows; t++) {
                    s += (double) a[t * p + i] * b[t * n + j];
                }
                worst = Math.max(worst, Math.abs(s - c[i * n + j]));
            }
        }
        return worst;
    }
}
