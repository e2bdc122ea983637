package org.neurorig.plugin.models.internal;

import org.neurorig.accel.Accelerator;
import org.neurorig.accel.KernelRun;

/**
 * Running sufficient statistics of a ridge regression, kept per cross-validation fold: row count,
 * column sums, XᵀX, XᵀY and Σy². Rows are gathered into chunks and the products run on the
 * accelerator, both in one call: Xᵀ[X | Y], so that each chunk is one launch (and one copy of the
 * rows) instead of two. Values are shifted by the first row before they are summed, so that
 * features with a large offset do not lose their variance to cancellation in float32; the shift
 * cancels out of every centred quantity the solver uses.
 */
public final class FoldStatistics {
    final int p;
    final int n;
    final int folds;
    final long[] count;
    final double[][] sx;
    final double[][] sy;
    final double[][] syy;
    final double[][] xx;
    final double[][] xy;
    final float[] shiftX;
    final float[] shiftY;

    private final Accelerator accel;
    private final int capacity;
    private final float[] xChunk;
    /** The chunk's rows as [x | y], p + n values each. */
    private final float[] xyChunk;

    private final double[] product;
    private boolean shiftSet;
    private int chunkRows;
    private int chunkFold = -1;
    private KernelRun lastRun;

    public FoldStatistics(int p, int n, int folds, int chunkRows, Accelerator accel) {
        this.p = p;
        this.n = n;
        this.folds = folds;
        this.accel = accel;
        this.capacity = chunkRows;
        this.count = new long[folds];
        this.sx = new double[folds][p];
        this.sy = new double[folds][n];
        this.syy = new double[folds][n];
        this.xx = new double[folds][p * p];
        this.xy = new double[folds][p * n];
        this.shiftX = new float[p];
        this.shiftY = new float[n];
        this.xChunk = new float[chunkRows * p];
        this.xyChunk = new float[chunkRows * (p + n)];
        this.product = new double[p * (p + n)];
    }

    /** Adds one design row and its responses to {@code fold}. */
    public void add(float[] x, int xOff, float[] y, int yOff, int fold) {
        if (!shiftSet) {
            System.arraycopy(x, xOff, shiftX, 0, p);
            System.arraycopy(y, yOff, shiftY, 0, n);
            shiftSet = true;
        }
        if (fold != chunkFold || chunkRows == capacity) {
            flush();
            chunkFold = fold;
        }
        int xo = chunkRows * p;
        int zo = chunkRows * (p + n);
        for (int i = 0; i < p; i++) {
            float v = x[xOff + i] - shiftX[i];
            xChunk[xo + i] = v;
            xyChunk[zo + i] = v;
        }
        zo += p;
        for (int j = 0; j < n; j++) {
            xyChunk[zo + j] = y[yOff + j] - shiftY[j];
        }
        chunkRows++;
    }

    /** Sums the gathered rows into their fold's statistics. */
    public void flush() {
        if (chunkRows == 0) {
            return;
        }
        int k = chunkFold;
        int rows = chunkRows;
        int w = p + n;
        java.util.Arrays.fill(product, 0);
        lastRun = accel.transposeProduct(xChunk, rows, p, xyChunk, w, product);
        double[] xxk = xx[k];
        double[] xyk = xy[k];
        for (int i = 0; i < p; i++) {
            for (int m = 0; m < p; m++) {
                xxk[i * p + m] += product[i * w + m];
            }
            for (int j = 0; j < n; j++) {
                xyk[i * n + j] += product[i * w + p + j];
            }
        }
        double[] sxk = sx[k];
        double[] syk = sy[k];
        double[] syyk = syy[k];
        for (int r = 0; r < rows; r++) {
            int zo = r * w;
            for (int i = 0; i < p; i++) {
                sxk[i] += xyChunk[zo + i];
            }
            zo += p;
            for (int j = 0; j < n; j++) {
                double v = xyChunk[zo + j];
                syk[j] += v;
                syyk[j] += v * v;
            }
        }
        count[k] += rows;
        chunkRows = 0;
    }

    /** Rows summed so far (after {@link #flush()}). */
    long rows() {
        long total = 0;
        for (long c : count) {
            total += c;
        }
        return total;
    }

    /** Folds holding at least one row. */
    int foldsWithData() {
        int f = 0;
        for (long c : count) {
            f += c > 0 ? 1 : 0;
        }
        return f;
    }

    /** The report of the latest Xᵀ[X | Y] product: which device really ran it. */
    KernelRun lastRun() {
        return lastRun;
    }
}
