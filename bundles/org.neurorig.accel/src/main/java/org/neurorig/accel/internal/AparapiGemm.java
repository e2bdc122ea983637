package org.neurorig.accel.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.bcel.Repository;
import org.apache.bcel.util.ClassLoaderRepository;
import org.neurorig.accel.AccelDevice;
import org.neurorig.accel.DeviceKind;
import org.neurorig.accel.KernelRun;

import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;

/**
 * Products on one OpenCL device through Aparapi. Inputs are copied to the device once per call
 * (explicit buffer management); AᵀB runs in blocks of {@link #ROW_BLOCK} rows whose float32
 * results are added into the caller's float64 matrix. After every execution the kernel's
 * Java-only marker tells whether Aparapi really ran OpenCL or silently fell back to Java.
 */
public final class AparapiGemm implements GemmEngine {
    /** Rows summed in float32 on the device per block; the blocks are summed in float64. */
    static final int ROW_BLOCK = 4096;
    private static final Logger LOG = Logger.getLogger(AparapiGemm.class.getName());
    private static ClassLoaderRepository installed;

    private final OpenCLDevice cl;
    private final AccelDevice device;
    private final AccelDevice fallback;
    /** Bound as B while the kernel reads B from A. */
    private static final float[] NO_B = new float[1];
    private final TiledProductKernel kernel = new TiledProductKernel();
    private float[] block = new float[1];
    private boolean fallbackLogged;

    public AparapiGemm(OpenCLDevice cl, DeviceKind kind) {
        this.cl = cl;
        this.device = new AccelDevice(kind, cl.getName().trim());
        this.fallback = new AccelDevice(DeviceKind.THREAD_POOL, "Aparapi Java fallback");
        // Aparapi lets an OpenCL buffer alias a Java array (CL_MEM_USE_HOST_PTR) on devices that
        // report shared memory, i.e. every CPU device. The GC moves arrays between calls, and the
        // OpenCL runtime may still touch the old address: on PoCL that corrupted the Java heap and
        // crashed the JVM. Copied buffers move data only while Aparapi has the array pinned.
        cl.setSharedMemory(false);
        kernel.setExplicit(true);
        // Aparapi ignores the device of a Range: the kernel's preferred devices decide
        KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(cl)));
    }

    @Override
    public AccelDevice device() {
        return device;
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
    public synchronized KernelRun transposeProduct(float[] a, int rows, int p, float[] b, int n, double[] c) {
        GemmEngine.checkShape("a", a, rows, p);
        GemmEngine.checkShape("b", b, rows, n);
        GemmEngine.checkShape("c", c, p, n);
        long t0 = System.nanoTime();
        if (block.length < p * n) {
            block = new float[p * n];
        }
        useKernelClassLoader();
        kernel.ranInJava.set(false);
        kernel.a = a;
        // AᵀA: B is read from a, and no array is bound twice (see TiledProductKernel.bIsA)
        kernel.bIsA = b == a ? 1 : 0;
        kernel.b = b == a ? NO_B : b;
        kernel.c = block;
        kernel.m = p;
        kernel.n = n;
        kernel.aStrideI = 1;
        kernel.aStrideK = p;
        kernel.bStrideK = n;
        kernel.put(a);
        if (b != a) {
            kernel.put(b);
        }
        Range range = range(p, n);
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            kernel.depth = Math.min(ROW_BLOCK, rows - r0);
            kernel.aOffset = r0 * p;
            kernel.bOffset = r0 * n;
            kernel.execute(range);
            kernel.get(block);
            for (int x = 0, e = p * n; x < e; x++) {
                c[x] += block[x];
            }
        }
        return report("AtB", t0, 2.0 * rows * p * n);
    }

    @Override
    public synchronized KernelRun product(float[] a, int rows, int p, float[] w, int n, float[] c) {
        GemmEngine.checkShape("a", a, rows, p);
        GemmEngine.checkShape("w", w, p, n);
        GemmEngine.checkShape("c", c, rows, n);
        long t0 = System.nanoTime();
        useKernelClassLoader();
        kernel.ranInJava.set(false);
        kernel.a = a;
        kernel.bIsA = 0;
        kernel.b = w;
        kernel.c = c;
        kernel.m = rows;
        kernel.n = n;
        kernel.depth = p;
        kernel.aOffset = 0;
        kernel.aStrideI = p;
        kernel.aStrideK = 1;
        kernel.bOffset = 0;
        kernel.bStrideK = n;
        kernel.put(a);
        kernel.put(w);
        kernel.execute(range(rows, n));
        kernel.get(c);
        return report("AW", t0, 2.0 * rows * p * n);
    }

    private Range range(int m, int n) {
        int t = TiledProductKernel.TILE;
        // the range must name the device Aparapi will target: after a failure that is no longer cl
        return Range.create2D(kernel.getTargetDevice(), roundUp(n, t), roundUp(m, t), t, t);
    }

    private static int roundUp(int x, int t) {
        return Math.max(t, (x + t - 1) / t * t);
    }

    private KernelRun report(String name, long t0, double flops) {
        boolean inJava = kernel.ranInJava.get();
        Device target = kernel.getTargetDevice();
        AccelDevice executed = device;
        if (inJava) {
            executed = fallback;
        } else if (target instanceof OpenCLDevice other && other != cl) {
            executed = new AccelDevice(other.getType() == Device.TYPE.GPU ? DeviceKind.OPENCL_GPU
                    : DeviceKind.OPENCL_CPU, other.getName().trim());
        }
        boolean fell = !executed.equals(device);
        if (fell && !fallbackLogged) {
            fallbackLogged = true;
            LOG.log(Level.WARNING, "Aparapi ran kernel {0} on {1} instead of {2}: silent fallback",
                    new Object[] {name, executed, device});
        }
        return new KernelRun(name, device, executed, System.nanoTime() - t0, flops);
    }

    /** The OpenCL device, for tests of how Aparapi is told to use it. */
    OpenCLDevice openCl() {
        return cl;
    }

    /** The kernel, for tests that force Aparapi's fallback. */
    TiledProductKernel kernel() {
        return kernel;
    }

    @Override
    public synchronized void close() {
        kernel.dispose();
    }
}
