package org.neurorig.accel;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.neurorig.accel.internal.DeviceCatalog;
import org.neurorig.accel.internal.GemmEngine;

/**
 * The accelerator of this JVM, usable without OSGi (tests, benchmarks); the OSGi service wraps
 * one. {@code auto} prefers an OpenCL GPU, then an OpenCL CPU, then the thread pool, and only
 * takes an OpenCL device whose probe product really ran on it.
 */
public final class LocalAccelerator implements Accelerator, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalAccelerator.class.getName());

    private final List<GemmEngine> engines;
    private final GemmEngine engine;
    private final boolean owner;
    private final KernelChoice kernel;

    private LocalAccelerator(List<GemmEngine> engines, GemmEngine engine, boolean owner, KernelChoice kernel) {
        this.engines = engines;
        this.engine = engine;
        this.owner = owner;
        this.kernel = kernel;
    }

    /**
     * Discovers the devices and picks one.
     *
     * @param device  {@code auto}, {@code gpu}, {@code cpu} or {@code threadpool}
     * @param threads thread-pool size; 0 = one per core
     * @throws IllegalArgumentException when the named device is unknown or not available
     */
    public static LocalAccelerator open(String device, int threads) {
        DeviceKind forced = DeviceKind.ofConfigName(device);
        // A forced thread pool never loads the OpenCL runtime: nothing native in the process then.
        List<GemmEngine> engines = forced == DeviceKind.THREAD_POOL
                ? List.of(new org.neurorig.accel.internal.JavaGemm(threads))
                : List.copyOf(DeviceCatalog.discover(threads));
        GemmEngine chosen = null;
        for (GemmEngine e : engines) {
            if (forced != null && e.device().kind() != forced) {
                continue;
            }
            if (forced == null && e.device().kind().isOpenCL() && !probe(e)) {
                continue;
            }
            chosen = e;
            break;
        }
        if (chosen == null) {
            engines.forEach(GemmEngine::close);
            throw new IllegalArgumentException("accel: device '" + device + "' is not available; found "
                    + engines.stream().map(e -> e.device().toString()).toList());
        }
        LOG.info("accel: using " + chosen.device() + " of "
                + engines.stream().map(GemmEngine::device).toList());
        return new LocalAccelerator(engines, chosen, true, KernelChoice.AUTO);
    }

    /** Runs a small product on an OpenCL device: compiles the kernel and shows whether it really ran there. */
    private static boolean probe(GemmEngine e) {
        int s = 20;
        float[] a = new float[s * s];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 7 - 3;
        }
        double[] c = new double[s * s];
        try {
            KernelRun run = e.transposeProduct(a, s, s, a, s, c);
            if (run.fellBack()) {
                LOG.warning("accel: probe on " + e.device() + " fell back to " + run.executed() + "; not using it");
                return false;
            }
            return true;
        } catch (RuntimeException ex) {
            LOG.warning("accel: probe on " + e.device() + " failed: " + ex);
            return false;
        }
    }

    @Override
    public AccelDevice device() {
        return engine.device();
    }

    @Override
    public List<AccelDevice> devices() {
        List<AccelDevice> all = new ArrayList<>();
        for (GemmEngine e : engines) {
            all.add(e.device());
        }
        return all;
    }

    @Override
    public LocalAccelerator on(AccelDevice device) {
        for (GemmEngine e : engines) {
            if (e.device().equals(device)) {
                return new LocalAccelerator(engines, e, false, kernel);
            }
        }
        throw new IllegalArgumentException("accel: no device " + device + "; available: " + devices());
    }

    /** A view with the kernel forced; it closes nothing. */
    @Override
    public LocalAccelerator using(KernelChoice choice) {
        return new LocalAccelerator(engines, engine, false, java.util.Objects.requireNonNull(choice));
    }

    @Override
    public KernelRun transposeProduct(float[] a, int rows, int p, float[] b, int n, double[] c) {
        return engine.transposeProduct(a, rows, p, b, n, c, kernel);
    }

    @Override
    public KernelRun product(float[] a, int rows, int p, float[] w, int n, float[] c) {
        return engine.product(a, rows, p, w, n, c, kernel);
    }

    /** Releases every device; views from {@link #on} and {@link #using} close nothing. */
    @Override
    public void close() {
        if (owner) {
            engines.forEach(GemmEngine::close);
        }
    }
}
