package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

/**
 * The cluster search on its own: a chain of clusters whose similarity falls with the distance of
 * planted positions comes out in the order of those positions from a shuffled start; and on random
 * similarities the result is a local optimum of the objective as this test computes it (no swap
 * of two clusters and no reversal raises it); the gain computed for every move of a run equals the
 * change of that objective.
 */
class ClusterSequenceTest {

    @Test
    void shuffledChainComesOutInOrder() {
        int k = 40;
        Random r = new Random(3);
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = r.nextDouble();
        }
        double[] s = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = (x[i] - x[j]) / 0.05;
                s[i * k + j] = Math.exp(-0.5 * d * d);
            }
        }
        int[] start = shuffled(k, r);
        int[] order = new ClusterSequence(s, k, start, 0.5).optimise(50);
        double[] pos = new double[k];
        for (int p = 0; p < k; p++) {
            pos[order[p]] = p;
        }
        double rho = Math.abs(new SpearmansCorrelation().correlation(pos, x));
        double rhoStart = Math.abs(new SpearmansCorrelation().correlation(positions(start), x));
        System.out.printf("cluster chain of %d: Spearman |rho| %.3f from a start of %.3f%n", k, rho, rhoStart);
        assertThat(rho).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void resultIsALocalOptimumOfTheObjective() {
        int k = 15;
        Random r = new Random(8);
        double[] s = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                s[i * k + j] = s[j * k + i] = Math.max(0, r.nextGaussian());
            }
        }
        double locality = 0.3;
        int[] start = shuffled(k, r);
        int[] order = new ClusterSequence(s, k, start, locality).optimise(50);
        double j0 = objective(s, k, order, locality);
        assertThat(j0).isGreaterThan(objective(s, k, start, locality));
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                int[] swap = order.clone();
                swap[a] = order[b];
                swap[b] = order[a];
                assertThat(objective(s, k, swap, locality))
                        .as("swap %d %d", a, b)
                        .isLessThanOrEqualTo(j0 + 1e-9);
                int[] rev = order.clone();
                for (int p = a; p <= b; p++) {
                    rev[p] = order[a + b - p];
                }
                assertThat(objective(s, k, rev, locality))
                        .as("reverse %d…%d", a, b)
                        .isLessThanOrEqualTo(j0 + 1e-9);
            }
        }
    }

    /** The gain the search computes for every move of a run equals the change of J computed here. */
    @Test
    void moveGainsEqualTheChangeOfTheObjective() {
        int k = 12;
        Random r = new Random(5);
        double[] s = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                s[i * k + j] = s[j * k + i] = Math.max(0, r.nextGaussian());
            }
        }
        double locality = 0.4;
        int[] start = shuffled(k, r);
        ClusterSequence c = new ClusterSequence(s, k, start, locality);
        double j0 = objective(s, k, start, locality);
        int checked = 0;
        for (int len = 1; len < k; len++) {
            for (int a = 0; a + len <= k; a++) {
                for (int to = 0; to + len <= k; to++) {
                    for (boolean reversed : new boolean[] {false, true}) {
                        // the order with the run taken out and put back starting at `to`
                        java.util.List<Integer> rest = new java.util.ArrayList<>();
                        for (int p = 0; p < k; p++) {
                            if (p < a || p >= a + len) {
                                rest.add(start[p]);
                            }
                        }
                        for (int i = 0; i < len; i++) {
                            rest.add(to + i, start[reversed ? a + len - 1 - i : a + i]);
                        }
                        int[] moved = rest.stream().mapToInt(Integer::intValue).toArray();
                        double want = objective(s, k, moved, locality) - j0;
                        assertThat(c.moveGain(a, len, to, reversed))
                                .as("run %d+%d to %d%s", a, len, to, reversed ? " reversed" : "")
                                .isCloseTo(want, org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(j0))));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    /**
     * J = Σ_{p<q} S[o_p][o_q]·T(q − p), T(d) = (1 − λ)·G(d)/ΣG + λ·L(d)/ΣL (times ΣG),
     * G(d) = 1 − ln(1 + d)/ln K, L(d) = exp(−(d − 1)²), sums over all pairs (docs/MODELS.md).
     */
    private static double objective(double[] s, int k, int[] o, double locality) {
        double gs = 0;
        double ls = 0;
        for (int d = 1; d < k; d++) {
            gs += (k - d) * (1 - Math.log1p(d) / Math.log(k));
            ls += (k - d) * Math.exp(-(d - 1.0) * (d - 1.0));
        }
        double j = 0;
        for (int p = 0; p < k; p++) {
            for (int q = p + 1; q < k; q++) {
                int d = q - p;
                double t = (1 - locality) * (1 - Math.log1p(d) / Math.log(k)) / gs
                        + locality * Math.exp(-(d - 1.0) * (d - 1.0)) / ls;
                j += s[o[p] * k + o[q]] * t * gs;
            }
        }
        return j;
    }

    private static int[] shuffled(int k, Random r) {
        int[] o = new int[k];
        for (int i = 0; i < k; i++) {
            o[i] = i;
        }
        for (int i = k - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    private static double[] positions(int[] order) {
        double[] pos = new double[order.length];
        for (int p = 0; p < order.length; p++) {
            pos[order[p]] = p;
        }
        return pos;
    }
}
