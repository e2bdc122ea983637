package org.neurorig.plugin.models;

/**
 * A ridge regression of {@code n} responses on {@code p} (lagged) features, cross-validated over
 * a grid of penalties. Arrays are row-major and owned by this record; do not modify them.
 *
 * @param p             features per design row (lags × input features)
 * @param n             responses (neurons for an encoding model, kinematic variables for a decoder)
 * @param rows          design rows the fit used
 * @param lambdas       the penalty grid
 * @param r2ByLambda    held-out R² pooled over the folds, {@code lambdas.length × n}
 * @param lambda        per response, the penalty with the best held-out R²
 * @param r2            per response, the held-out R² at that penalty
 * @param weights       {@code p × n} weights fitted on all rows with each response's penalty
 * @param intercepts    per response
 */
public record RidgeFit(
        int p,
        int n,
        long rows,
        double[] lambdas,
        double[] r2ByLambda,
        double[] lambda,
        double[] r2,
        double[] weights,
        double[] intercepts) {

    /** Held-out R² of response {@code j} at penalty index {@code l}. */
    public double r2(int l, int j) {
        return r2ByLambda[l * n + j];
    }

    /** Weight of feature {@code i} for response {@code j}. */
    public double weight(int i, int j) {
        return weights[i * n + j];
    }
}
