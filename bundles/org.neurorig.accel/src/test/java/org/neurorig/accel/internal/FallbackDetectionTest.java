package org.neurorig.accel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.aparapi.Range;
import com.aparapi.device.JavaDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.accel.DeviceKind;

/** The Java-only marker of the kernel is what tells a silent fallback from an OpenCL run. */
class FallbackDetectionTest {
    @Test
    void javaExecutionSetsTheMarker() {
        TiledProductKernel k = new TiledProductKernel();
        KernelManager.instance().setPreferredDevices(k, new LinkedHashSet<>(List.of(JavaDevice.THREAD_POOL)));
        k.a = new float[] {1, 2, 3, 4};
        k.b = k.a;
        k.c = new float[4];
        k.m = 2;
        k.n = 2;
        k.depth = 2;
        k.kSlice = 2;
        k.aStrideI = 1;
        k.aStrideK = 2;
        k.bStrideK = 2;
        k.execute(Range.create2D(JavaDevice.THREAD_POOL, 16, 16, 16, 16));
        assertThat(k.ranInJava.get()).isTrue();
        assertThat(k.c).containsExactly(10, 14, 14, 20);
        k.dispose();
    }

    /** The blocked kernel in Java: AᵀA read from one array (bIsA), marker set. */
    @Test
    void javaExecutionOfTheBlockedKernelSetsTheMarker() {
        BlockedProductKernel k = new BlockedProductKernel();
        KernelManager.instance().setPreferredDevices(k, new LinkedHashSet<>(List.of(JavaDevice.THREAD_POOL)));
        k.a = new float[] {1, 2, 3, 4};
        k.bIsA = 1;
        k.c = new float[4];
        k.m = 2;
        k.n = 2;
        k.depth = 2;
        k.kSlice = 2;
        k.aStrideI = 1;
        k.aStrideK = 2;
        k.bStrideK = 2;
        k.execute(Range.create3D(JavaDevice.THREAD_POOL, 16, 16, 1, 16, 16, 1));
        assertThat(k.ranInJava.get()).isTrue();
        assertThat(k.c).containsExactly(10, 14, 14, 20);
        k.dispose();
    }

    @Test
    void aparapiEngineReportsTheFallbackAsSuch() {
        int openCl = 0;
        for (GemmEngine e : DeviceCatalog.discover(1)) {
            if (e instanceof AparapiGemm g) {
                openCl++;
                double[] c = new double[4];
                float[] x = {1, 2, 3, 4};
                var run = g.transposeProduct(x, 2, 2, x, 2, c);
                assertThat(c).containsExactly(10, 14, 14, 20);
                assertThat(run.executed()).isEqualTo(g.device());
                assertThat(run.fellBack()).isFalse();
                // what Aparapi does when OpenCL fails: run the same kernel in Java, silently
                KernelManager.instance()
                        .setPreferredDevices(g.tiledKernel(), new LinkedHashSet<>(List.of(JavaDevice.THREAD_POOL)));
                c = new double[4];
                run = g.transposeProduct(x, 2, 2, x, 2, c);
                assertThat(c).containsExactly(10, 14, 14, 20);
                assertThat(run.fellBack()).isTrue();
                assertThat(run.executed().kind()).isEqualTo(DeviceKind.THREAD_POOL);
                assertThat(run.toString()).contains("FELL BACK from");
                // the same for the blocked kernel
                KernelManager.instance()
                        .setPreferredDevices(g.blockedKernel(), new LinkedHashSet<>(List.of(JavaDevice.THREAD_POOL)));
                c = new double[4];
                run = g.transposeProduct(x, 2, 2, x, 2, c, org.neurorig.accel.KernelChoice.BLOCKED);
                assertThat(c).containsExactly(10, 14, 14, 20);
                assertThat(run.kernel()).isEqualTo("AtB/blocked");
                assertThat(run.fellBack()).isTrue();
            }
            e.close();
        }
        if ("1".equals(System.getenv("NEURORIG_REQUIRE_OPENCL"))) {
            assertThat(openCl)
                    .as("OpenCL devices with NEURORIG_REQUIRE_OPENCL=1")
                    .isPositive();
        }
    }
}
