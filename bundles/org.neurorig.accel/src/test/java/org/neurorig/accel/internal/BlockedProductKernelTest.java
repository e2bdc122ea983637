package org.neurorig.accel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurorig.accel.KernelChoice;
import org.neurorig.accel.KernelRun;

/**
 * The register-blocked kernel on every OpenCL device against a float64 Java reference, on shapes
 * that are not multiples of its 128 × 128 block (nor of its 16-deep k steps) and on row counts
 * that span several 4096-row slices. The error of an element is measured relative to the scale
 * of its dot product, Σ|aᵢbᵢ|: float32 sums of zero-mean terms have no useful relative error
 * of their own. With {@code NEURORIG_REQUIRE_OPENCL=1} an OpenCL device must exist.
 */
class BlockedProductKernelTest {
    static final int[] ROWS = {1, 17, 1000, 4097};
    static final int[] SIDES = {1, 3, 63, 64, 65, 130};
    static final double MAX_RELATIVE_ERROR = 1e-4;
    static final List<AparapiGemm> ENGINES = new ArrayList<>();

    @BeforeAll
    static void discover() {
        for (GemmEngine e : DeviceCatalog.discover(1)) {
            if (e instanceof AparapiGemm g) {
                ENGINES.add(g);
            } else {
                e.close();
            }
        }
    }

    @AfterAll
    static void close() {
        ENGINES.forEach(AparapiGemm::close);
    }

    @Test
    void openClDeviceExistsWhenRequired() {
        if ("1".equals(System.getenv("NEURORIG_REQUIRE_OPENCL"))) {
            assertThat(ENGINES)
                    .as("OpenCL devices with NEURORIG_REQUIRE_OPENCL=1")
                    .isNotEmpty();
        }
    }

    @Test
    void transposeProductOnAwkwardShapes() {
        Random r = new Random(11);
        for (AparapiGemm g : ENGINES) {
            for (int rows : ROWS) {
                for (int p : SIDES) {
                    for (int n : SIDES) {
                        float[] a = random(r, rows * p, 0.3f);
                        float[] b = random(r, rows * n, -0.2f);
                        double[] c = new double[p * n];
                        Arrays.fill(c, 1.0); // the product is added to what c holds
                        KernelRun run = g.transposeProduct(a, rows, p, b, n, c, KernelChoice.BLOCKED);
                        assertRan(g, run, "AtB/blocked");
                        assertThat(transposeError(a, rows, p, b, n, c, 1.0))
                                .as("%s rows %d p %d n %d", g.device(), rows, p, n)
                                .isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
                    }
                }
            }
        }
    }

    /** AᵀA with one array bound once (bIsA); the device must see each new content of it. */
    @Test
    void gramMatrixReadsBFromA() {
        Random r = new Random(12);
        for (AparapiGemm g : ENGINES) {
            for (int rows : ROWS) {
                for (int p : SIDES) {
                    float[] x = random(r, rows * p, 0.1f);
                    for (int round = 0; round < 2; round++) {
                        if (round == 1) {
                            for (int i = 0; i < x.length; i++) {
                                x[i] = -2 * x[i] + 0.5f;
                            }
                        }
                        double[] c = new double[p * p];
                        KernelRun run = g.transposeProduct(x, rows, p, x, p, c, KernelChoice.BLOCKED);
                        assertRan(g, run, "AtB/blocked");
                        assertThat(transposeError(x, rows, p, x, p, c, 0.0))
                                .as("%s XᵀX rows %d p %d round %d", g.device(), rows, p, round)
                                .isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
                    }
                }
            }
        }
    }

    @Test
    void productOnAwkwardShapes() {
        Random r = new Random(13);
        for (AparapiGemm g : ENGINES) {
            for (int rows : ROWS) {
                for (int p : SIDES) {
                    for (int n : SIDES) {
                        float[] a = random(r, rows * p, 0.3f);
                        float[] w = random(r, p * n, 0f);
                        float[] c = new float[rows * n];
                        KernelRun run = g.product(a, rows, p, w, n, c, KernelChoice.BLOCKED);
                        assertRan(g, run, "AW/blocked");
                        double worst = 0;
                        for (int i = 0; i < rows; i++) {
                            for (int j = 0; j < n; j++) {
                                double ref = 0;
                                double scale = 0;
                                for (int k = 0; k < p; k++) {
                                    double v = (double) a[i * p + k] * w[k * n + j];
                                    ref += v;
                                    scale += Math.abs(v);
                                }
                                worst = Math.max(worst, relative(c[i * n + j] - ref, scale));
                            }
                        }
                        assertThat(worst)
                                .as("%s AW rows %d p %d n %d", g.device(), rows, p, n)
                                .isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
                    }
                }
            }
        }
    }

    /** More slices than one launch holds: several launches, each summing its slices into c. */
    @Test
    void bothKernelsSplitDeepProductsOverSeveralLaunches() {
        Random r = new Random(14);
        int rows = 4 * AparapiGemm.ROW_BLOCK + 100; // 5 slices
        int p = 65;
        int n = 130;
        float[] a = random(r, rows * p, 0.2f);
        float[] b = random(r, rows * n, 0.1f);
        for (AparapiGemm g : ENGINES) {
            // 3 slices per launch: launches of 3 and 2 slices
            try (AparapiGemm small = new AparapiGemm(g.openCl(), g.device().kind(), 3 * p * n)) {
                for (KernelChoice k : List.of(KernelChoice.TILED, KernelChoice.BLOCKED)) {
                    double[] c = new double[p * n];
                    KernelRun run = small.transposeProduct(a, rows, p, b, n, c, k);
                    assertRan(small, run, k == KernelChoice.TILED ? "AtB/tiled" : "AtB/blocked");
                    assertThat(transposeError(a, rows, p, b, n, c, 0.0))
                            .as("%s %s", g.device(), k)
                            .isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
                }
            }
        }
    }

    @Test
    void shapeRuleTakesTheBlockedKernelWhenHalfItsBlockIsUsed() {
        assertThat(AparapiGemm.blocked(64, 256)).isTrue();
        assertThat(AparapiGemm.blocked(128, 128)).isTrue();
        assertThat(AparapiGemm.blocked(100, 100)).isTrue();
        assertThat(AparapiGemm.blocked(512, 4096)).isTrue();
        assertThat(AparapiGemm.blocked(64, 64)).isFalse();
        assertThat(AparapiGemm.blocked(65, 130)).isFalse();
        assertThat(AparapiGemm.blocked(1, 4096)).isFalse();
        Random r = new Random(15);
        for (AparapiGemm g : ENGINES) {
            float[] x = random(r, 50 * 128, 0f);
            assertThat(g.transposeProduct(x, 50, 128, x, 128, new double[128 * 128])
                            .kernel())
                    .isEqualTo("AtB/blocked");
            assertThat(g.transposeProduct(x, 100, 64, x, 64, new double[64 * 64])
                            .kernel())
                    .isEqualTo("AtB/tiled");
        }
    }

    private static void assertRan(AparapiGemm g, KernelRun run, String kernel) {
        assertThat(run.kernel()).isEqualTo(kernel);
        assertThat(run.fellBack()).as("%s", run).isFalse();
        assertThat(run.executed()).isEqualTo(g.device());
    }

    /** Largest |c − initial − aᵀb| / Σ|a b| over the elements of c. */
    private static double transposeError(float[] a, int rows, int p, float[] b, int n, double[] c, double initial) {
        double worst = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double scale = 0;
                for (int t = 0; t < rows; t++) {
                    double v = (double) a[t * p + i] * b[t * n + j];
                    ref += v;
                    scale += Math.abs(v);
                }
                worst = Math.max(worst, relative(c[i * n + j] - initial - ref, scale));
            }
        }
        return worst;
    }

    private static double relative(double error, double scale) {
        return scale == 0 ? Math.abs(error) : Math.abs(error) / scale;
    }

    private static float[] random(Random r, int count, float mean) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) (mean + r.nextGaussian());
        }
        return x;
    }
}
