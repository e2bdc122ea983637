package org.neurorig.accel.internal;

import com.aparapi.Kernel;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.bcel.Repository;
import org.apache.bcel.util.ClassLoaderRepository;
import org.neurorig.accel.AccelDevice;
import org.neurorig.accel.DeviceKind;
import org.neurorig.accel.KernelChoice;
import org.neurorig.accel.KernelRun;

/**
 * Products on one OpenCL device through Aparapi, with two kernels: {@link BlockedProductKernel}
 * (8 × 8 outputs per work-item, 128 × 128 blocks of C per work-group) where that block is at least
 * half used, {@link TiledProductKernel} (one output per work-item, 16 × 16 tiles) otherwise — see
 * {@link #blocked}. Inputs are copied to the device once per call (explicit buffer management).
 * AᵀB is split into slices of {@link #ROW_BLOCK} rows, each summed in float32 on the device into
 * its own block of the output buffer, and the slices are added into the caller's float64 matrix;
 * one launch runs up to {@link #SLICE_VALUES} / (p·n) slices side by side, which gives a GPU
 * enough work-groups even when p × n is small. After every execution the kernel's Java-only
 * marker tells whether Aparapi really ran OpenCL or silently fell back to Java.
 */
public final class AparapiGemm implements GemmEngine {
    /** Rows summed in float32 on the device per slice; the slices are summed in float64. */
    static final int ROW_BLOCK = 4096;
    /** Most float32 slice results per launch: bounds the reused output buffer (32 MB). */
    static final int SLICE_VALUES = 8 << 20;

    private static final Logger LOG = Logger.getLogger(AparapiGemm.class.getName());
    private static ClassLoaderRepository installed;

    private final OpenCLDevice cl;
    private final AccelDevice device;
    private final AccelDevice fallback;
    /** Bound as B while the kernel reads B from A. */
    private static final float[] NO_B = new float[1];

    private final TiledProductKernel tiled = new TiledProductKernel();
    private final BlockedProductKernel blocked = new BlockedProductKernel();
    /** Slice results of AᵀB; grows to the largest call's need, then is reused. */
    private float[] block = new float[1];

    private boolean fallbackLogged;
    private final int sliceValues;

    public AparapiGemm(OpenCLDevice cl, DeviceKind kind) {
        this(cl, kind, SLICE_VALUES);
    }

    /** With another bound on the slice results per launch (tests of several launches per call). */
    AparapiGemm(OpenCLDevice cl, DeviceKind kind, int sliceValues) {
        this.cl = cl;
        this.sliceValues = sliceValues;
        this.device = new AccelDevice(kind, cl.getName().trim());
        this.fallback = new AccelDevice(DeviceKind.THREAD_POOL, "Aparapi Java fallback");
        // Aparapi lets an OpenCL buffer alias a Java array (CL_MEM_USE_HOST_PTR) on devices that
        // report shared memory, i.e. every CPU device. The GC moves arrays between calls, and the
        // OpenCL runtime may still touch the old address: on PoCL that corrupted the Java heap and
        // crashed the JVM. Copied buffers move data only while Aparapi has the array pinned.
        cl.setSharedMemory(false);
        for (Kernel k : List.<Kernel>of(tiled, blocked)) {
            k.setExplicit(true);
            // Aparapi ignores the device of a Range: the kernel's preferred devices decide
            KernelManager.instance().setPreferredDevices(k, new LinkedHashSet<>(List.of(cl)));
        }
    }

    @Override
    public AccelDevice device() {
        return device;
    }

    /**
     * The shape rule of {@link KernelChoice#AUTO}: the blocked kernel when the m × n output fills
     * at least half of its 128 × 128 blocks (e.g. 64 × 256, 128 × 128, 512 × 4096), else the tiled
     * kernel (e.g. 64 × 64, 40 × 40, 1 × n). A work-group of the blocked kernel computes its whole
     * block whatever part of it lies inside C; on a GPU it does about three times the multiply-adds
     * per second of the tiled kernel (register blocking), so below half use the padding would eat
     * the gain, and small outputs spread over more work-groups with 16 × 16 tiles.
     */
    static boolean blocked(int m, int n) {
        int s = BlockedProductKernel.BLOCK;
        return 2L * m * n >= (long) ProductKernel.roundUp(m, s) * ProductKernel.roundUp(n, s);
    }

    /**
     * Under OSGi, BCEL (which Aparapi uses to read kernel bytecode) looks classes up through
     * {@code java.class.path}, where no bundle class is; Aparapi then falls back to Java without
     * an error. Pointing BCEL at the class loader of the kernel's bundle fixes it. BCEL's
     * repository is global, so it is set before each execution.
     */
    private static synchronized void useKernelClassLoader() {
        if (installed == null || Repository.getRepository() != installed) {
            installed = new ClassLoaderRepository(TiledProductKernel.class.getClassLoader());
            Repository.setRepository(installed);
        }
    }

    @Override
    public synchronized KernelRun transposeProduct(
            float[] a, int rows, int p, float[] b, int n, double[] c, KernelChoice choice) {
        GemmEngine.checkShape("a", a, rows, p);
        GemmEngine.checkShape("b", b, rows, n);
        GemmEngine.checkShape("c", c, p, n);
        long t0 = System.nanoTime();
        boolean useBlocked = useBlocked(choice, p, n);
        int pn = p * n;
        int slices = Math.max(1, Math.min((rows + ROW_BLOCK - 1) / ROW_BLOCK, sliceValues / Math.max(1, pn)));
        if (block.length < slices * pn) {
            block = new float[slices * pn];
        }
        useKernelClassLoader();
        // AᵀA: B is read from a, and no array is bound twice (see ProductKernel.bIsA)
        bind(useBlocked, a, b == a ? NO_B : b, b == a, block, p, n, 1, p, n);
        Kernel k = kernel(useBlocked);
        k.put(a);
        if (b != a) {
            k.put(b);
        }
        for (int r0 = 0; r0 < rows; r0 += slices * ROW_BLOCK) {
            int depth = Math.min(rows - r0, slices * ROW_BLOCK);
            int launched = (depth + ROW_BLOCK - 1) / ROW_BLOCK;
            launch(useBlocked, depth, ROW_BLOCK, r0 * p, r0 * n, launched);
            k.get(block);
            for (int s = 0; s < launched; s++) {
                for (int x = 0, o = s * pn; x < pn; x++) {
                    c[x] += block[o + x];
                }
            }
        }
        return report(useBlocked, "AtB", t0, 2.0 * rows * p * n);
    }

    @Override
    public synchronized KernelRun product(
            float[] a, int rows, int p, float[] w, int n, float[] c, KernelChoice choice) {
        GemmEngine.checkShape("a", a, rows, p);
        GemmEngine.checkShape("w", w, p, n);
        GemmEngine.checkShape("c", c, rows, n);
        long t0 = System.nanoTime();
        boolean useBlocked = useBlocked(choice, rows, n);
        useKernelClassLoader();
        bind(useBlocked, a, w, false, c, rows, n, p, 1, n);
        Kernel k = kernel(useBlocked);
        k.put(a);
        k.put(w);
        launch(useBlocked, p, Math.max(1, p), 0, 0, 1);
        k.get(c);
        return report(useBlocked, "AW", t0, 2.0 * rows * p * n);
    }

    private static boolean useBlocked(KernelChoice choice, int m, int n) {
        return switch (choice) {
            case BLOCKED -> true;
            case TILED -> false;
            case AUTO -> blocked(m, n);
        };
    }

    private ProductKernel kernel(boolean useBlocked) {
        return useBlocked ? blocked : tiled;
    }

    /** Arrays, output shape and strides: A(i,k) = a[i·aStrideI + k·aStrideK], B(k,j) = b[k·bStrideK + j]. */
    private void bind(
            boolean useBlocked,
            float[] a,
            float[] b,
            boolean bIsA,
            float[] c,
            int m,
            int n,
            int aStrideI,
            int aStrideK,
            int bStrideK) {
        kernel(useBlocked).bind(a, b, bIsA, c, m, n, aStrideI, aStrideK, bStrideK);
    }

    /** One execution over {@code slices} slices of {@code kSlice} values of k, starting at the offsets. */
    private void launch(boolean useBlocked, int depth, int kSlice, int aOffset, int bOffset, int slices) {
        ProductKernel k = kernel(useBlocked);
        k.slices(depth, kSlice, aOffset, bOffset);
        k.launch(slices);
    }

    private KernelRun report(boolean useBlocked, String product, long t0, double flops) {
        boolean inJava = kernel(useBlocked).ranInJava.get();
        Device target = kernel(useBlocked).getTargetDevice();
        String name = product + (useBlocked ? "/blocked" : "/tiled");
        AccelDevice executed = device;
        if (inJava) {
            executed = fallback;
        } else if (target instanceof OpenCLDevice other && other != cl) {
            executed = new AccelDevice(
                    other.getType() == Device.TYPE.GPU ? DeviceKind.OPENCL_GPU : DeviceKind.OPENCL_CPU,
                    other.getName().trim());
        }
        boolean fell = !executed.equals(device);
        if (fell && !fallbackLogged) {
            fallbackLogged = true;
            LOG.log(Level.WARNING, "Aparapi ran kernel {0} on {1} instead of {2}: silent fallback", new Object[] {
                name, executed, device
            });
        }
        return new KernelRun(name, device, executed, System.nanoTime() - t0, flops);
    }

    /** The OpenCL device, for tests of how Aparapi is told to use it. */
    OpenCLDevice openCl() {
        return cl;
    }

    /** The tiled kernel, for tests that force Aparapi's fallback. */
    TiledProductKernel tiledKernel() {
        return tiled;
    }

    /** The blocked kernel, for tests that force Aparapi's fallback. */
    BlockedProductKernel blockedKernel() {
        return blocked;
    }

    @Override
    public synchronized void close() {
        tiled.dispose();
        blocked.dispose();
    }
}
