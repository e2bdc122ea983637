package org.neurorig.accel.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import org.neurorig.accel.AccelDevice;
import org.neurorig.accel.DeviceKind;
import org.neurorig.accel.KernelChoice;
import org.neurorig.accel.KernelRun;

/**
 * The thread-pool device and the plain-Java CPU baseline: a blocked GEMM split over output rows.
 * Blocks of {@link #ROW_BLOCK} input rows are summed in float32 (as on the OpenCL devices) and
 * added to the float64 result, so both paths round alike. The inner loop runs over a contiguous
 * slice of a row, which the JIT vectorises.
 */
public final class JavaGemm implements GemmEngine {
    /** Input rows summed in float32 before adding into the float64 result. */
    static final int ROW_BLOCK = 256;
    /** Output columns per block, so that one block of b rows stays in cache. */
    static final int COL_BLOCK = 512;

    private final ForkJoinPool pool;
    private final AccelDevice device;

    public JavaGemm(int threads) {
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.pool = new ForkJoinPool(t);
        this.device = new AccelDevice(DeviceKind.THREAD_POOL, t + " Java threads");
    }

    @Override
    public AccelDevice device() {
        return device;
    }

    @Override
    public KernelRun transposeProduct(float[] a, int rows, int p, float[] b, int n, double[] c, KernelChoice kernel) {
        GemmEngine.checkShape("a", a, rows, p);
        GemmEngine.checkShape("b", b, rows, n);
        GemmEngine.checkShape("c", c, p, n);
        long t0 = System.nanoTime();
        pool.invoke(new Split(0, p, Math.max(1, p / (4 * pool.getParallelism()))) {
            @Override
            void compute(int i0, int i1) {
                transposeProductRows(a, rows, p, b, n, c, i0, i1);
            }
        });
        return new KernelRun("AtB", device, device, System.nanoTime() - t0, 2.0 * rows * p * n);
    }

    @Override
    public KernelRun product(float[] a, int rows, int p, float[] w, int n, float[] c, KernelChoice kernel) {
        GemmEngine.checkShape("a", a, rows, p);
        GemmEngine.checkShape("w", w, p, n);
        GemmEngine.checkShape("c", c, rows, n);
        long t0 = System.nanoTime();
        pool.invoke(new Split(0, rows, Math.max(1, rows / (4 * pool.getParallelism()))) {
            @Override
            void compute(int r0, int r1) {
                productRows(a, p, w, n, c, r0, r1);
            }
        });
        return new KernelRun("AW", device, device, System.nanoTime() - t0, 2.0 * rows * p * n);
    }

    /**
     * Rows {@code i0..i1} of {@code c += aᵀ b}, single-threaded. One block of b (ROW_BLOCK rows ×
     * COL_BLOCK columns) is reused from cache for every output row before the next is read.
     */
    static void transposeProductRows(float[] a, int rows, int p, float[] b, int n, double[] c, int i0, int i1) {
        int jw = Math.min(COL_BLOCK, n);
        float[] acc = new float[(i1 - i0) * jw];
        for (int j0 = 0; j0 < n; j0 += COL_BLOCK) {
            int jn = Math.min(COL_BLOCK, n - j0);
            for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
                int r1 = Math.min(rows, r0 + ROW_BLOCK);
                java.util.Arrays.fill(acc, 0f);
                for (int r = r0; r < r1; r++) {
                    int bo = r * n + j0;
                    for (int i = i0; i < i1; i++) {
                        float av = a[r * p + i];
                        if (av == 0f) {
                            continue;
                        }
                        int ao = (i - i0) * jw;
                        for (int j = 0; j < jn; j++) {
                            acc[ao + j] += av * b[bo + j];
                        }
                    }
                }
                for (int i = i0; i < i1; i++) {
                    int co = i * n + j0;
                    int ao = (i - i0) * jw;
                    for (int j = 0; j < jn; j++) {
                        c[co + j] += acc[ao + j];
                    }
                }
            }
        }
    }

    /** Rows {@code r0..r1} of {@code c = a w}, single-threaded. */
    static void productRows(float[] a, int p, float[] w, int n, float[] c, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int co = r * n;
            java.util.Arrays.fill(c, co, co + n, 0f);
            for (int k = 0; k < p; k++) {
                float av = a[r * p + k];
                int wo = k * n;
                for (int j = 0; j < n; j++) {
                    c[co + j] += av * w[wo + j];
                }
            }
        }
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    /** Splits an index range in halves down to {@code grain} and computes the leaves. */
    private abstract static class Split extends RecursiveAction {
        private final int from;
        private final int to;
        private final int grain;

        Split(int from, int to, int grain) {
            this.from = from;
            this.to = to;
            this.grain = grain;
        }

        abstract void compute(int lo, int hi);

        @Override
        protected void compute() {
            if (to - from <= grain) {
                compute(from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            Split outer = this;
            invokeAll(
                    new Split(from, mid, grain) {
                        @Override
                        void compute(int lo, int hi) {
                            outer.compute(lo, hi);
                        }
                    },
                    new Split(mid, to, grain) {
                        @Override
                        void compute(int lo, int hi) {
                            outer.compute(lo, hi);
                        }
                    });
        }
    }
}
