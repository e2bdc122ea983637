package org.neurorig.plugin.models;

import java.util.List;

/**
 * Which feature set explains each neuron best: one cross-validated ridge fit per set over the same
 * neurons and the same design rows ({@code SCIENCE.md} §1, the hierarchy analysis).
 *
 * @param sets     names of the feature sets, in input order
 * @param fits     the ridge fit of each set
 * @param best     per neuron, the index in {@code sets} of the set with the highest held-out R²;
 *                 −1 when no set's R² is defined (a constant neuron)
 * @param fraction per set, the fraction of the neurons with a defined best set that it explains best
 */
public record FeatureSetComparison(List<String> sets, List<RidgeFit> fits, int[] best, double[] fraction) {

    /** Held-out R² of neuron {@code j} under set {@code s} (at that set's best penalty for it). */
    public double r2(int s, int j) {
        return fits.get(s).r2()[j];
    }

    /** Compares fits over the same neurons: the best set per neuron and the fraction per set. */
    public static FeatureSetComparison of(List<String> sets, List<RidgeFit> fits) {
        if (sets.size() != fits.size() || fits.isEmpty()) {
            throw new IllegalArgumentException(sets.size() + " set names for " + fits.size() + " fits");
        }
        int n = fits.get(0).n();
        int[] best = new int[n];
        double[] fraction = new double[sets.size()];
        int assigned = 0;
        for (int j = 0; j < n; j++) {
            best[j] = -1;
            double top = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < fits.size(); s++) {
                double r2 = fits.get(s).r2()[j];
                if (r2 > top) {
                    top = r2;
                    best[j] = s;
                }
            }
            if (best[j] >= 0) {
                fraction[best[j]]++;
                assigned++;
            }
        }
        for (int s = 0; s < fraction.length; s++) {
            fraction[s] = assigned == 0 ? Double.NaN : fraction[s] / assigned;
        }
        return new FeatureSetComparison(List.copyOf(sets), List.copyOf(fits), best, fraction);
    }
}
