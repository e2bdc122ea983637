package org.neurorig.plugin.models.internal;

/**
 * Orders K clusters on a line so that similar clusters sit close, keeping sequences in order: it
 * maximises J = Σ_{i<j} S[oᵢ][oⱼ] T(j − i) over orders o, where S is the cluster similarity (the
 * caller clips it at 0, see {@link RastermapSorter}) and T a target kernel of the distance d
 * between two positions (the matching of the similarity matrix to a kernel of Rastermap,
 * Stringer et al. 2024): T(d) = (1 − locality)·G(d)/ΣG + locality·L(d)/ΣL, with the global term
 * G(d) = 1 − ln(1 + d)/ln K, the local term L(d) = exp(−(d − 1)²) (1 for neighbours, 0.37 at
 * distance 2, nearly 0 beyond), each summed over all pairs of positions for its scale (then
 * multiplied back by ΣG). The global term keeps the overall layout (similar clusters far apart
 * cost at every distance); the local term rewards similar nearest neighbours, which is what a
 * travelling-salesman path over S maximises, and keeps a sequence from being cut into pieces.
 * Local search from the given order (the first-PC order) by first-improvement moves until none
 * improves J: every reversal of a run of positions (2-opt), every swap of two clusters, every
 * move of a run of up to {@link #MAX_RUN} clusters, as it is or reversed, to any other place,
 * and, when none of those improves J, the longer runs of {@link #joinRuns}. Each move's gain is
 * computed from the pairs whose distance changes
 * (O(range·K)), not by recomputing J.
 */
final class ClusterSequence {
    /** Longest run of clusters moved in one piece to any place. */
    static final int MAX_RUN = 4;
    /** Most similar clusters next to which a longer run is tried. */
    static final int PARTNERS = 2;
    /** A gain must exceed this fraction of Σ|S| to count, so rounding cannot make it cycle. */
    private static final double TOLERANCE = 1e-12;

    private final int k;
    private final double[] s;
    private final double[] kernel;
    private final int[] order;
    private final int[] trial;
    /** Per position of a trial order, the position its cluster comes from. */
    private final int[] src;
    /** The similarity by positions of the current order (see {@link #refresh}). */
    private final double[] byPosition;
    /** Per cluster the {@link #PARTNERS} others most similar to it. */
    private final int[][] partners;

    private final double minGain;
    private int moves;

    /**
     * @param s K × K similarity, row-major, symmetric (the diagonal is not used)
     * @param initial a permutation of 0…K−1 to start from
     */
    ClusterSequence(double[] s, int k, int[] initial, double locality) {
        if (locality < 0 || locality > 1) {
            throw new IllegalArgumentException("cluster sequence: locality " + locality + " outside 0…1");
        }
        this.k = k;
        this.s = s;
        this.kernel = kernel(k, locality);
        this.order = initial.clone();
        this.trial = new int[k];
        this.src = new int[k];
        this.byPosition = new double[k * k];
        double total = 0;
        for (double v : s) {
            total += Math.abs(v);
        }
        this.minGain = TOLERANCE * Math.max(total, 1e-300);
        this.partners = new int[k][];
        for (int c = 0; c < k; c++) {
            int m = Math.min(PARTNERS, k - 1);
            int[] best = new int[m];
            java.util.Arrays.fill(best, -1);
            for (int o = 0; o < k; o++) {
                if (o == c) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    if (best[j] < 0 || s[c * k + o] > s[c * k + best[j]]) {
                        System.arraycopy(best, j, best, j + 1, m - j - 1);
                        best[j] = o;
                        break;
                    }
                }
            }
            partners[c] = best;
        }
        refresh();
    }

    /** T(d) for d = 0…K−1. */
    static double[] kernel(int k, double locality) {
        // each term is scaled to the same total over all pairs before mixing (as Rastermap does):
        // otherwise the K²/2 pairs of the global term drown the K − 1 neighbour pairs
        int n = Math.max(k, 2);
        double[] g = new double[n];
        double[] l = new double[n];
        double log = Math.log(n);
        double gs = 0;
        double ls = 0;
        for (int d = 1; d < n; d++) {
            g[d] = 1 - Math.log1p(d) / log;
            l[d] = Math.exp(-(d - 1.0) * (d - 1.0));
            gs += (n - d) * g[d];
            ls += (n - d) * l[d];
        }
        double[] t = new double[n];
        for (int d = 1; d < n; d++) {
            t[d] = gs * ((1 - locality) * g[d] / gs + locality * l[d] / ls);
        }
        return t;
    }

    /** Runs the search to a local optimum (at most {@code maxSweeps} sweeps); returns the order. */
    int[] optimise(int maxSweeps) {
        for (int sweep = 0; sweep < maxSweeps; sweep++) {
            boolean improved = false;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    improved |= tryReverse(a, b);
                    improved |= trySwap(a, b);
                }
            }
            for (int len = 1; len <= Math.min(MAX_RUN, k - 1); len++) {
                for (int a = 0; a + len <= k; a++) {
                    for (int to = 0; to + len <= k; to++) {
                        if (to != a) {
                            improved |= tryMove(a, len, to, false);
                        }
                        if (len > 1) {
                            improved |= tryMove(a, len, to, true);
                        }
                    }
                }
            }
            if (!improved && !joinRuns()) {
                break;
            }
        }
        return order.clone();
    }

    /**
     * Moves of runs of any length, tried only where they join ends: the run goes next to one of the
     * {@link #PARTNERS} clusters most similar to one of its end clusters, turned so that this end
     * touches it. This mends what the short moves cannot: a sequence left in two pieces, each in
     * order, that must be turned and brought together whole. Returns whether one was taken.
     */
    private boolean joinRuns() {
        boolean improved = false;
        int[] pos = new int[k];
        for (int a = 0; a < k; a++) {
            for (int b = a + MAX_RUN; b < k; b++) {
                int len = b - a + 1;
                if (len >= k) {
                    continue;
                }
                for (int p = 0; p < k; p++) {
                    pos[order[p]] = p;
                }
                for (int end = 0; end < 2; end++) {
                    int e = end == 0 ? a : b;
                    for (int partner : partners[order[e]]) {
                        int pc = pos[partner];
                        if (pc >= a && pc <= b) {
                            continue;
                        }
                        // the run right after the partner, starting with e; or right before it, ending with e
                        int after = pc < a ? pc + 1 : pc - len + 1;
                        int before = pc < a ? pc : pc - len;
                        if (tryJoin(a, len, after, e != a) || tryJoin(a, len, before, e != b)) {
                            improved = true;
                            for (int p = 0; p < k; p++) {
                                pos[order[p]] = p;
                            }
                        }
                    }
                }
            }
        }
        return improved;
    }

    private boolean tryJoin(int a, int len, int to, boolean reversed) {
        if (to < 0 || to + len > k || (to == a && !reversed)) {
            return false;
        }
        return tryMove(a, len, to, reversed);
    }

    /** Moves applied so far. */
    int moves() {
        return moves;
    }

    /** J of the current order. */
    double objective() {
        double j = 0;
        for (int p = 0; p < k; p++) {
            for (int q = p + 1; q < k; q++) {
                j += s[order[p] * k + order[q]] * kernel[q - p];
            }
        }
        return j;
    }

    private boolean tryReverse(int a, int b) {
        for (int p = a; p <= b; p++) {
            src[p] = a + b - p;
        }
        return accept(a, b);
    }

    private boolean trySwap(int a, int b) {
        if (b == a + 1) {
            return false; // the reversal of a…b
        }
        for (int p = a; p <= b; p++) {
            src[p] = p;
        }
        src[a] = b;
        src[b] = a;
        return accept(a, b);
    }

    /** The run of {@code len} clusters at {@code a} ends up starting at {@code to}, reversed or not. */
    private boolean tryMove(int a, int len, int to, boolean reversed) {
        double g = moveGain(a, len, to, reversed); // fills src
        return take(Math.min(a, to), Math.max(a, to) + len - 1, g);
    }

    /**
     * Takes the trial order if it raises J: positions lo…hi receive the clusters now at positions
     * {@code src[lo…hi]}, the others stay. The gain is summed over the similarity by positions
     * ({@link #byPosition}), whose rows are contiguous, so the loops vectorise.
     */
    private boolean accept(int lo, int hi) {
        return take(lo, hi, gain(lo, hi));
    }

    /** Applies the move in {@link #src} for lo…hi when its gain counts. */
    private boolean take(int lo, int hi, double gain) {
        if (gain > minGain) {
            for (int p = lo; p <= hi; p++) {
                trial[p] = order[src[p]];
            }
            System.arraycopy(trial, lo, order, lo, hi - lo + 1);
            refresh();
            moves++;
            return true;
        }
        return false;
    }

    /** The gain in J of the move that {@link #src} describes for positions lo…hi. */
    private double gain(int lo, int hi) {
        double gain = 0;
        double[] a = byPosition;
        for (int p = lo; p <= hi; p++) {
            int sp = src[p];
            int ro = sp * k;
            int rc = p * k;
            if (sp != p) { // an element that stays keeps its distances to everything outside
                for (int q = 0; q < lo; q++) {
                    gain += (a[ro + q] - a[rc + q]) * kernel[p - q];
                }
                for (int q = hi + 1; q < k; q++) {
                    gain += (a[ro + q] - a[rc + q]) * kernel[q - p];
                }
            }
            for (int q = p + 1; q <= hi; q++) {
                gain += (a[ro + src[q]] - a[rc + q]) * kernel[q - p];
            }
        }
        return gain;
    }

    /**
     * For tests: the gain computed for moving the run of {@code len} at {@code a} to start at
     * {@code to} (reversed or not), without taking it.
     */
    double moveGain(int a, int len, int to, boolean reversed) {
        int lo = Math.min(a, to);
        int hi = Math.max(a, to) + len - 1;
        int w = lo;
        if (to < a) {
            for (int i = 0; i < len; i++) {
                src[w++] = reversed ? a + len - 1 - i : a + i;
            }
            for (int p = to; p < a; p++) {
                src[w++] = p;
            }
        } else {
            for (int p = a + len; p <= hi; p++) {
                src[w++] = p;
            }
            for (int i = 0; i < len; i++) {
                src[w++] = reversed ? a + len - 1 - i : a + i;
            }
        }
        return gain(lo, hi);
    }

    /** byPosition[p·K + q] = S[order[p]][order[q]]. */
    private void refresh() {
        for (int p = 0; p < k; p++) {
            int r = order[p] * k;
            for (int q = 0; q < k; q++) {
                byPosition[p * k + q] = s[r + order[q]];
            }
        }
    }
}
