package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurorig.accel.LocalAccelerator;
import org.neurorig.plugin.models.RidgeFit;

/**
 * The solver's two methods and its fold-parallel schedule, on statistics built here. (Agreement
 * with scikit-learn is {@link RidgeGoldenTest}.)
 */
class RidgeSolverTest {
    private static final double[] GRID = {1, 10, 100, 1000};
    private static LocalAccelerator accel;

    @BeforeAll
    static void open() {
        accel = LocalAccelerator.open("threadpool", 2);
    }

    @AfterAll
    static void close() {
        accel.close();
    }

    /** 500 rows, p = 6 features (feature 0 always 0), n = 3 responses, 5 folds of 100 rows. */
    private static FoldStatistics statistics() {
        int p = 6;
        int n = 3;
        FoldStatistics s = new FoldStatistics(p, n, 5, 64, accel);
        Random r = new Random(3);
        float[] x = new float[p];
        float[] y = new float[n];
        for (int t = 0; t < 500; t++) {
            for (int i = 1; i < p; i++) {
                x[i] = (float) r.nextGaussian();
            }
            for (int j = 0; j < n; j++) {
                y[j] = x[1 + j] - 0.5f * x[5 - j] + (float) r.nextGaussian();
            }
            s.add(x, 0, y, 0, t / 100);
        }
        s.flush();
        return s;
    }

    @Test
    void eigenAndCholeskyGiveTheSameFit() {
        FoldStatistics s = statistics();
        RidgeFit eigen = RidgeSolver.solve(s, GRID, RidgeSolver.Method.EIGEN);
        RidgeFit cholesky = RidgeSolver.solve(s, GRID, RidgeSolver.Method.CHOLESKY);
        assertThat(cholesky.r2ByLambda()).containsExactly(eigen.r2ByLambda(), within(1e-10));
        assertThat(cholesky.weights()).containsExactly(eigen.weights(), within(1e-10));
        assertThat(cholesky.intercepts()).containsExactly(eigen.intercepts(), within(1e-10));
        // y0 = x1 − x5/2 + e, y1 = x2 − x4/2 + e, y2 = x3/2 + e: R² = v / (v + 1) for signal variance v
        assertThat(eigen.r2()[0]).isCloseTo(1.25 / 2.25, within(0.08));
        assertThat(eigen.r2()[1]).isCloseTo(1.25 / 2.25, within(0.08));
        assertThat(eigen.r2()[2]).isCloseTo(0.25 / 1.25, within(0.08));
    }

    @Test
    void choleskyFallsBackToTheEigenMethodWhenTheGramMatrixIsNotPositiveDefinite() {
        FoldStatistics s = statistics();
        // as if float32 round-off had left feature 0 (constant) with a variance of −5 in fold 2:
        // every training set holding fold 2 has C + λI indefinite at λ = 1
        s.xx[2][0] = -5;
        RidgeFit eigen = RidgeSolver.solve(s, GRID, RidgeSolver.Method.EIGEN);
        RidgeFit cholesky = RidgeSolver.solve(s, GRID, RidgeSolver.Method.CHOLESKY);
        assertThat(cholesky.r2ByLambda()).containsExactly(eigen.r2ByLambda(), within(1e-10));
        assertThat(cholesky.weights()).containsExactly(eigen.weights(), within(1e-10));
        // the eigen method treats the negative eigenvalue as 0: the constant feature gets no weight
        for (int j = 0; j < 3; j++) {
            assertThat(eigen.weight(0, j)).isCloseTo(0, within(1e-12));
        }
    }

    @Test
    void theFoldsSolvedSideBySideGiveTheSameResultEveryTime() {
        FoldStatistics s = statistics();
        RidgeFit first = RidgeSolver.solve(s, GRID);
        for (int run = 0; run < 20; run++) {
            RidgeFit again = RidgeSolver.solve(s, GRID);
            assertThat(again.r2ByLambda()).containsExactly(first.r2ByLambda());
            assertThat(again.weights()).containsExactly(first.weights());
        }
    }
}
