package org.neurorig.bench.internal.models;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.neurorig.accel.AccelDevice;
import org.neurorig.accel.Accelerator;
import org.neurorig.accel.KernelChoice;
import org.neurorig.accel.KernelRun;
import org.neurorig.command.Command;
import org.neurorig.plugin.models.OfflineRidge;
import org.neurorig.plugin.models.RidgeFit;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurorig bench models [--quick] [--shape T,P,N] [--lambdas L1,L2,…] [--chunk-rows R]}:
 * the ridge fit for T rows × P features × N responses on every available device in one run — the
 * XᵀY product alone (seconds, GFLOP/s, the device that actually executed it), on OpenCL devices
 * once with each kernel (16 × 16 tiled and 8 × 8 register-blocked), and the whole fit (statistics
 * in chunks of R rows, 4096 unless given, + 5-fold CV solve for every penalty; each part timed;
 * fastest of three) with the kernel the accelerator's shape rule picks, shown on that kernel's
 * line — beside the CPU baselines: the plain-Java blocked GEMM (the thread-pool device) and
 * Commons Math ({@code BlockRealMatrix}, float64).
 */
@Component(service = Command.class)
public final class ModelsBenchCommand implements Command {
    static final String ARGS = "[--quick] [--shape T,P,N] [--lambdas L1,L2,...] [--chunk-rows R]";
    /** Commons Math holds both matrices as doubles; above this many values it is skipped. */
    static final long COMMONS_MATH_MAX_VALUES = 40_000_000L;
    /** Timed XᵀY runs per kernel; the fastest is reported (the machine may be shared). */
    static final int TIMED_RUNS = 3;

    @Reference
    Accelerator accel;

    @Override
    public String name() {
        return "bench models";
    }

    @Override
    public String usage() {
        return ARGS;
    }

    @Override
    public String summary() {
        return "ridge fit and its X'Y product on every accelerator device beside plain Java and Commons Math"
                + " (--quick: 20,000 x 64 x 256)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        int t = 50_000;
        int p = 256;
        int n = 1024;
        String lambdas = "1,10,100,1000";
        int chunkRows = 4096;
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--quick" -> {
                        t = 20_000;
                        p = 64;
                        n = 256;
                    }
                    case "--shape" -> {
                        String[] s = args.get(++i).split(",");
                        if (s.length != 3) {
                            throw new IllegalArgumentException("--shape wants T,P,N, got " + args.get(i));
                        }
                        t = Integer.parseInt(s[0].trim());
                        p = Integer.parseInt(s[1].trim());
                        n = Integer.parseInt(s[2].trim());
                    }
                    case "--lambdas" -> lambdas = args.get(++i);
                    case "--chunk-rows" -> {
                        chunkRows = Integer.parseInt(args.get(++i).trim());
                        if (chunkRows < 1) {
                            throw new IllegalArgumentException(
                                    "--chunk-rows wants a positive count, got " + args.get(i));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            OfflineRidge.lambdas(lambdas);
        } catch (RuntimeException e) {
            err.println("neurorig bench models: " + e.getMessage());
            err.println("usage: neurorig bench models " + ARGS);
            return USAGE_ERROR;
        }
        double[] grid = OfflineRidge.lambdas(lambdas);
        Random r = new Random(42);
        float[] x = new float[Math.multiplyExact(t, p)];
        float[] y = new float[Math.multiplyExact(t, n)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        // responses: a few features each, plus noise, so the fit has something to find
        for (int s = 0; s < t; s++) {
            for (int j = 0; j < n; j++) {
                y[s * n + j] = x[s * p + j % p] + 0.5f * x[s * p + (7 * j + 3) % p] + (float) r.nextGaussian();
            }
        }
        double flops = 2.0 * t * p * n;
        out.printf(
                "bench models: T=%d rows x P=%d features x N=%d responses; XtY = %.1f GFLOP;"
                        + " products and fits best of %d; lambdas %s; fit statistics in chunks of %d rows; %d cores%n",
                t,
                p,
                n,
                flops / 1e9,
                TIMED_RUNS,
                lambdas,
                chunkRows,
                Runtime.getRuntime().availableProcessors());
        out.printf(
                "%-48s %-8s %10s %9s  %-48s %10s %8s%n",
                "device", "kernel", "XtY s", "GFLOP/s", "executed on", "fit s", "fit/XtY");
        for (AccelDevice d : accel.devices()) {
            Accelerator auto = accel.on(d);
            // warm-up, which also shows the kernel the shape rule picks for the fit's chunks
            String fitKernel = kernelName(auto.transposeProduct(x, Math.min(t, 4096), p, y, n, new double[p * n]));
            List<KernelChoice> kernels = d.kind().isOpenCL()
                    ? List.of(KernelChoice.TILED, KernelChoice.BLOCKED)
                    : List.of(KernelChoice.AUTO);
            for (KernelChoice k : kernels) {
                Accelerator a = auto.using(k);
                a.transposeProduct(x, Math.min(t, 4096), p, y, n, new double[p * n]); // compiles the kernel
                KernelRun run = null;
                for (int rep = 0; rep < TIMED_RUNS; rep++) {
                    KernelRun timed = a.transposeProduct(x, t, p, y, n, new double[p * n]);
                    if (run == null || timed.nanos() < run.nanos()) {
                        run = timed;
                    }
                }
                String kernel = kernelName(run);
                String fitColumns = "";
                if (kernel.equals(fitKernel)) {
                    // the fit runs with the kernel the shape rule picks (AUTO), i.e. this one; the
                    // fastest of TIMED_RUNS, as for the product (the first also warms the JIT)
                    long[] split = null;
                    RidgeFit fit = null;
                    for (int rep = 0; rep < TIMED_RUNS; rep++) {
                        long[] timed = new long[2];
                        fit = fit(auto, x, y, t, p, n, grid, chunkRows, timed);
                        if (split == null || timed[0] + timed[1] < split[0] + split[1]) {
                            split = timed;
                        }
                    }
                    double fitSeconds = (split[0] + split[1]) / 1e9;
                    fitColumns = String.format(
                            " %10.3f %8.1f   (statistics %.3f s + solve %.3f s; median held-out R² %.3f)",
                            fitSeconds,
                            fitSeconds / (run.nanos() / 1e9),
                            split[0] / 1e9,
                            split[1] / 1e9,
                            median(fit.r2()));
                }
                out.printf(
                        "%-48s %-8s %10.3f %9.2f  %-48s%s%n",
                        d,
                        kernel,
                        run.nanos() / 1e9,
                        run.gflops(),
                        run.executed() + (run.fellBack() ? " FELL BACK" : ""),
                        fitColumns);
            }
        }
        if ((long) t * (p + n) <= COMMONS_MATH_MAX_VALUES) {
            BlockRealMatrix xm = new BlockRealMatrix(t, p);
            BlockRealMatrix ym = new BlockRealMatrix(t, n);
            for (int s = 0; s < t; s++) {
                for (int i = 0; i < p; i++) {
                    xm.setEntry(s, i, x[s * p + i]);
                }
                for (int j = 0; j < n; j++) {
                    ym.setEntry(s, j, y[s * n + j]);
                }
            }
            long t0 = System.nanoTime();
            xm.transpose().multiply(ym);
            double sec = (System.nanoTime() - t0) / 1e9;
            out.printf(
                    "%-48s %-8s %10.3f %9.2f  %-48s%n",
                    "Commons Math BlockRealMatrix (float64, 1 thread)",
                    "-",
                    sec,
                    flops / sec / 1e9,
                    "Java, calling thread");
        } else {
            out.printf("Commons Math skipped: %d values exceed %d%n", (long) t * (p + n), COMMONS_MATH_MAX_VALUES);
        }
        return 0;
    }

    /**
     * Statistics in chunks on the device, then the 5-fold CV solve over the grid; the nanoseconds
     * of each part go into {@code split[0]} and {@code split[1]}.
     */
    static RidgeFit fit(
            Accelerator a, float[] x, float[] y, int t, int p, int n, double[] grid, int chunkRows, long[] split) {
        long t0 = System.nanoTime();
        int folds = 5;
        int foldRows = (t + folds - 1) / folds;
        OfflineRidge s = new OfflineRidge(p, n, folds, chunkRows, a);
        for (int r = 0; r < t; r++) {
            s.add(x, r * p, y, r * n, r / foldRows);
        }
        s.flush();
        long t1 = System.nanoTime();
        RidgeFit fit = s.solve(grid);
        split[0] = t1 - t0;
        split[1] = System.nanoTime() - t1;
        return fit;
    }

    /** {@code tiled}, {@code blocked} (OpenCL kernels, from {@code AtB/tiled}) or {@code java} (thread pool). */
    static String kernelName(KernelRun run) {
        int slash = run.kernel().indexOf('/');
        return slash < 0 ? "java" : run.kernel().substring(slash + 1);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
