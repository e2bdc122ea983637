package org.neurorig.api.numeric;

/**
 * Allocation-free median and k-th smallest value of a float array, for processors that need them
 * per block (common median reference, the median absolute deviation of spike detection). NumPy's
 * definition: for even n the mean of the two middle values. The caller owns the array, usually a
 * scratch buffer allocated in {@code prepare}, and both methods reorder it.
 */
public final class Median {
    private Median() {}

    /** Median of {@code a[0..n)}, n ≥ 1; reorders {@code a}. */
    public static float of(float[] a, int n) {
        int mid = n / 2;
        float hi = select(a, n, mid);
        if ((n & 1) == 1) {
            return hi;
        }
        float lo = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < mid; i++) { // after select, a[0..mid) holds the smaller half
            lo = Math.max(lo, a[i]);
        }
        return (lo + hi) / 2;
    }

    /** The {@code k}-th smallest (from 0) of {@code a[0..n)}: Hoare quickselect, median-of-three pivot; reorders {@code a}. */
    public static float select(float[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            float pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
