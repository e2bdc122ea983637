package org.neurorig.plugin.models;

import org.neurorig.accel.Accelerator;
import org.neurorig.plugin.models.internal.FoldStatistics;
import org.neurorig.plugin.models.internal.RidgeEncodingModel;
import org.neurorig.plugin.models.internal.RidgeSolver;

/**
 * A cross-validated ridge regression fitted on rows given one by one, outside a pipeline, with the
 * same statistics (chunks of rows on the accelerator) and solver as the encoding models and
 * decoders use online. Exported for {@code neurorig bench models}, which must time the fit alone,
 * and for offline fits in other bundles; not thread-safe.
 */
public final class OfflineRidge {
    private final FoldStatistics statistics;

    /**
     * @param p         features per row
     * @param n         responses per row
     * @param folds     cross-validation folds (at least two must get rows)
     * @param chunkRows rows gathered before one product runs on the accelerator
     */
    public OfflineRidge(int p, int n, int folds, int chunkRows, Accelerator accel) {
        statistics = new FoldStatistics(p, n, folds, chunkRows, accel);
    }

    /** Adds row {@code x[xOff..xOff+p)} with responses {@code y[yOff..yOff+n)} to fold {@code fold}. */
    public void add(float[] x, int xOff, float[] y, int yOff, int fold) {
        statistics.add(x, xOff, y, yOff, fold);
    }

    /** Runs the product of the rows still gathered; call it once after the last row, before {@link #solve}. */
    public void flush() {
        statistics.flush();
    }

    /** Solves for every penalty and picks each response's best, as the online nodes do. */
    public RidgeFit solve(double[] lambdas) {
        return RidgeSolver.solve(statistics, lambdas);
    }

    /**
     * A penalty grid as the nodes' {@code lambdas} key writes it, e.g. {@code "1,10,100"}.
     *
     * @throws IllegalArgumentException naming an entry that is not a finite number > 0
     */
    public static double[] lambdas(String text) {
        return RidgeEncodingModel.parseLambdas(text);
    }
}
