package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

/**
 * RastermapSorter on planted structure ({@link PlantedPopulation}): the sequence comes out in
 * order (Spearman |ρ| ≥ 0.9 against the planted positions) where the first-PC sort, computed here
 * by power iteration as {@code RasterOrder} does, does worse; each assembly sits in one run of
 * rows; a seed gives one answer; and the randomized SVD agrees with Commons Math's full SVD.
 */
class RastermapSorterTest {

    @Test
    void plantedSequenceInOrderAndAssembliesContiguous() {
        PlantedPopulation p = new PlantedPopulation(3000, 1000, 4, 100, 600, 0.3, 7);
        float[] raw = p.x.clone();
        long t0 = System.nanoTime();
        RastermapSorter.Fit fit = new RastermapSorter(32, 60, 2, 0.5, 1).sort(p.x, p.frames, p.neurons);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(fit.order()).hasSize(p.neurons);
        assertThat(Arrays.stream(fit.order()).sorted().toArray())
                .as("a permutation")
                .isEqualTo(java.util.stream.IntStream.range(0, p.neurons).toArray());
        for (int r = 1; r < p.neurons; r++) {
            assertThat(fit.band()[r]).as("band of row %d", r).isGreaterThanOrEqualTo(fit.band()[r - 1]);
        }
        double rho = Math.abs(sequenceSpearman(rowsOf(fit.order()), p));
        double rhoPc = Math.abs(sequenceSpearman(rowsOf(firstPcOrder(raw, p.frames, p.neurons)), p));
        System.out.printf(
                "rastermap sort, %d neurons × %d frames (%d clusters, %d components, %d ms):"
                        + " sequence Spearman |rho| %.3f; first-PC sort %.3f%n",
                p.neurons, p.frames, fit.clusters(), fit.components(), ms, rho, rhoPc);
        assertThat(rho).as("Spearman |rho| of the sequence, rastermap").isGreaterThanOrEqualTo(0.9);
        assertThat(rhoPc).as("first-PC sort").isLessThan(rho - 0.1);
        int[] row = rowsOf(fit.order());
        for (int a = 0; a < 4; a++) {
            double share = longestRun(row, p, a) / 100.0;
            System.out.printf("assembly %d: %.0f %% of its neurons in one run of rows%n", a, share * 100);
            assertThat(share).as("assembly %d in one run", a).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void sameSeedSameOrder() {
        PlantedPopulation p = new PlantedPopulation(600, 150, 2, 40, 60, 0.3, 3);
        RastermapSorter.Fit a = new RastermapSorter(12, 20, 2, 0.5, 5).sort(p.x.clone(), p.frames, p.neurons);
        RastermapSorter.Fit b = new RastermapSorter(12, 20, 2, 0.5, 5).sort(p.x.clone(), p.frames, p.neurons);
        assertThat(b.order()).isEqualTo(a.order());
        assertThat(b.band()).isEqualTo(a.band());
        assertThat(b.position()).isEqualTo(a.position());
    }

    @Test
    void silentNeuronsGoLast() {
        PlantedPopulation p = new PlantedPopulation(400, 60, 1, 30, 10, 0.3, 4);
        for (int t = 0; t < p.frames; t++) {
            p.x[t * p.neurons + 5] = 2.5f; // constant
            p.x[t * p.neurons + 17] = 0f;
        }
        RastermapSorter.Fit fit = new RastermapSorter(8, 10, 1, 0.5, 1).sort(p.x, p.frames, p.neurons);
        int n = p.neurons;
        assertThat(new int[] {fit.order()[n - 2], fit.order()[n - 1]}).containsExactly(5, 17);
        assertThat(fit.band()[n - 1]).isEqualTo(fit.clusters());
        assertThat(fit.band()[n - 3]).isLessThan(fit.clusters());
    }

    /** A 200 × 60 matrix with singular values 50, 40, …: the top 5 match Commons Math's full SVD. */
    @Test
    void randomizedSvdMatchesFullSvd() {
        int rows = 200;
        int cols = 60;
        Random r = new Random(11);
        double[][] a = new double[rows][cols];
        for (int c = 0; c < 12; c++) {
            double s = 50 * Math.pow(0.8, c);
            double[] u = unit(rows, r);
            double[] v = unit(cols, r);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    a[i][j] += s * u[i] * v[j];
                }
            }
        }
        float[] f = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] += 0.01 * r.nextGaussian();
                f[i * cols + j] = (float) a[i][j];
            }
        }
        SingularValueDecomposition full = new SingularValueDecomposition(new Array2DRowRealMatrix(a, false));
        RandomizedSvd.Result rs = RandomizedSvd.compute(f, rows, cols, 5, 10, 2, 3);
        for (int j = 0; j < 5; j++) {
            double want = full.getSingularValues()[j];
            assertThat(rs.singularValues()[j]).as("singular value %d", j).isCloseTo(want, within(1e-4 * want));
            double[] v = rs.vector(j);
            double dot = 0;
            double norm = 0;
            for (int i = 0; i < cols; i++) {
                dot += v[i] * full.getV().getEntry(i, j);
                norm += v[i] * v[i];
            }
            assertThat(Math.sqrt(norm)).as("|v%d|", j).isCloseTo(1, within(1e-4));
            assertThat(Math.abs(dot)).as("|v%d · full v%d|", j, j).isCloseTo(1, within(1e-4));
        }
    }

    private static double[] unit(int n, Random r) {
        double[] v = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
            s += v[i] * v[i];
        }
        for (int i = 0; i < n; i++) {
            v[i] /= Math.sqrt(s);
        }
        return v;
    }

    /** row[i] = display row of neuron i. */
    static int[] rowsOf(int[] order) {
        int[] row = new int[order.length];
        for (int r = 0; r < order.length; r++) {
            row[order[r]] = r;
        }
        return row;
    }

    static double sequenceSpearman(int[] row, PlantedPopulation p) {
        int m = 0;
        for (double v : p.position) {
            m += Double.isNaN(v) ? 0 : 1;
        }
        double[] a = new double[m];
        double[] b = new double[m];
        int w = 0;
        for (int i = 0; i < p.neurons; i++) {
            if (!Double.isNaN(p.position[i])) {
                a[w] = row[i];
                b[w++] = p.position[i];
            }
        }
        return new SpearmansCorrelation().correlation(a, b);
    }

    /** Most members of assembly a on consecutive rows with no other neuron between them. */
    static int longestRun(int[] row, PlantedPopulation p, int a) {
        boolean[] member = new boolean[p.neurons];
        for (int i = 0; i < p.neurons; i++) {
            if (p.assembly[i] == a) {
                member[row[i]] = true;
            }
        }
        int best = 0;
        int run = 0;
        for (boolean m : member) {
            run = m ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    /**
     * The baseline: neurons by their loading on the first principal component of the z-scored
     * window (power iteration in float64), as the raster's {@code RasterOrder} sorts today.
     */
    static int[] firstPcOrder(float[] x, int frames, int neurons) {
        double[] z = new double[frames * neurons];
        for (int i = 0; i < neurons; i++) {
            double mean = 0;
            for (int t = 0; t < frames; t++) {
                mean += x[t * neurons + i];
            }
            mean /= frames;
            double var = 0;
            for (int t = 0; t < frames; t++) {
                double d = x[t * neurons + i] - mean;
                var += d * d;
            }
            double sd = Math.sqrt(var / frames);
            for (int t = 0; t < frames; t++) {
                z[t * neurons + i] = sd > 0 ? (x[t * neurons + i] - mean) / sd : 0;
            }
        }
        double[] v = new double[neurons];
        Random r = new Random(1);
        for (int i = 0; i < neurons; i++) {
            v[i] = r.nextGaussian();
        }
        double[] u = new double[frames];
        for (int it = 0; it < 60; it++) {
            for (int t = 0; t < frames; t++) {
                double s = 0;
                for (int i = 0; i < neurons; i++) {
                    s += z[t * neurons + i] * v[i];
                }
                u[t] = s;
            }
            Arrays.fill(v, 0);
            for (int t = 0; t < frames; t++) {
                for (int i = 0; i < neurons; i++) {
                    v[i] += z[t * neurons + i] * u[t];
                }
            }
            double norm = 0;
            for (double e : v) {
                norm += e * e;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < neurons; i++) {
                v[i] /= norm;
            }
        }
        Integer[] idx = new Integer[neurons];
        for (int i = 0; i < neurons; i++) {
            idx[i] = i;
        }
        double[] score = v;
        Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
