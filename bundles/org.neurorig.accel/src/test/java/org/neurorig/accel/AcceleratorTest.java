package org.neurorig.accel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every product on every available device against a float64 Java reference. With
 * {@code NEURORIG_REQUIRE_OPENCL=1} (CI, PoCL installed) an OpenCL device must exist and the
 * products must have run on it, not in Aparapi's Java fallback.
 */
class AcceleratorTest {
    static final boolean REQUIRE_OPENCL = "1".equals(System.getenv("NEURORIG_REQUIRE_OPENCL"));
    static LocalAccelerator accel;

    @BeforeAll
    static void open() {
        accel = LocalAccelerator.open("auto", 2);
    }

    @AfterAll
    static void close() {
        accel.close();
    }

    static float[] random(Random r, int count, float mean) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) (mean + r.nextGaussian());
        }
        return x;
    }

    /** |c − aᵀb| ≤ 1e-4 · Σ|a_ri b_rj| element-wise: relative to the dot product's own scale. */
    static void assertTransposeProduct(float[] a, int rows, int p, float[] b, int n, double[] c, int times) {
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double scale = 0;
                for (int r = 0; r < rows; r++) {
                    ref += (double) a[r * p + i] * b[r * n + j];
                    scale += Math.abs((double) a[r * p + i] * b[r * n + j]);
                }
                assertThat(Math.abs(c[i * n + j] - times * ref))
                        .as("c[%d,%d]", i, j)
                        .isLessThanOrEqualTo(1e-4 * times * scale);
            }
        }
    }

    @Test
    void transposeProductMatchesReferenceOnEveryDevice() {
        Random r = new Random(1);
        // rows span two of the OpenCL blocks (4096) and p, n are not multiples of the 16-tile
        int rows = 5000;
        int p = 37;
        int n = 23;
        float[] a = random(r, rows * p, 0.5f);
        float[] b = random(r, rows * n, 2f);
        for (AccelDevice d : accel.devices()) {
            double[] c = new double[p * n];
            KernelRun run1 = accel.on(d).transposeProduct(a, rows, p, b, n, c);
            KernelRun run2 = accel.on(d).transposeProduct(a, rows, p, b, n, c);
            assertThat(run1.executed()).as("device that ran %s", run1).isEqualTo(d);
            assertThat(run2.fellBack()).isFalse();
            assertThat(run1.flops()).isEqualTo(2.0 * rows * p * n);
            assertTransposeProduct(a, rows, p, b, n, c, 2);
        }
    }

    @Test
    void gramMatrixWithOneArrayOnEveryDevice() {
        Random r = new Random(2);
        int rows = 999;
        int p = 40;
        float[] x = random(r, rows * p, 0f);
        for (AccelDevice d : accel.devices()) {
            double[] c = new double[p * p];
            KernelRun run = accel.on(d).transposeProduct(x, rows, p, x, p, c);
            assertThat(run.executed()).isEqualTo(d);
            assertTransposeProduct(x, rows, p, x, p, c, 1);
            assertThat(c[3 * p + 5])
                    .isEqualTo(c[5 * p + 3], org.assertj.core.data.Offset.offset(1e-9 * Math.abs(c[0])));
        }
    }

    @Test
    void productMatchesReferenceOnEveryDevice() {
        Random r = new Random(3);
        int rows = 300;
        int p = 50;
        int n = 17;
        float[] a = random(r, rows * p, 0f);
        float[] w = random(r, p * n, 0f);
        for (AccelDevice d : accel.devices()) {
            float[] c = new float[rows * n];
            KernelRun run = accel.on(d).product(a, rows, p, w, n, c);
            assertThat(run.executed()).isEqualTo(d);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < n; j++) {
                    double ref = 0;
                    double scale = 0;
                    for (int k = 0; k < p; k++) {
                        ref += (double) a[i * p + k] * w[k * n + j];
                        scale += Math.abs((double) a[i * p + k] * w[k * n + j]);
                    }
                    assertThat(Math.abs(c[i * n + j] - ref)).isLessThanOrEqualTo(1e-4 * scale);
                }
            }
        }
    }

    @Test
    void openclRanWhenRequired() {
        List<AccelDevice> devices = accel.devices();
        assertThat(devices.get(devices.size() - 1).kind()).isEqualTo(DeviceKind.THREAD_POOL);
        if (!REQUIRE_OPENCL) {
            return;
        }
        assertThat(accel.device().kind().isOpenCL())
                .as("auto device %s with NEURORIG_REQUIRE_OPENCL=1", accel.device())
                .isTrue();
        float[] x = {1, 2, 3, 4};
        double[] c = new double[4];
        KernelRun run = accel.transposeProduct(x, 2, 2, x, 2, c);
        assertThat(run.executed().kind().isOpenCL()).as("%s", run).isTrue();
        assertThat(c).containsExactly(10, 14, 14, 20);
    }

    @Test
    void threadPoolCanBeForced() {
        try (LocalAccelerator pool = LocalAccelerator.open("threadpool", 3)) {
            assertThat(pool.device()).isEqualTo(new AccelDevice(DeviceKind.THREAD_POOL, "3 Java threads"));
            double[] c = new double[1];
            KernelRun run = pool.transposeProduct(new float[] {2, 3}, 2, 1, new float[] {5, 7}, 1, c);
            assertThat(c[0]).isEqualTo(31);
            assertThat(run.fellBack()).isFalse();
        }
    }

    @Test
    void badNamesAndShapesAreReported() {
        assertThatThrownBy(() -> LocalAccelerator.open("tpu", 1))
                .hasMessageContaining("'tpu'")
                .hasMessageContaining("auto, gpu, cpu or threadpool");
        assertThatThrownBy(() -> accel.transposeProduct(new float[5], 2, 3, new float[6], 3, new double[9]))
                .hasMessageContaining("a holds 5 values, shape 2 × 3 needs 6");
    }
}
