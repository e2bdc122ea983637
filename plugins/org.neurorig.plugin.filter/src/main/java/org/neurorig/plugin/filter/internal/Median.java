package org.neurorig.plugin.filter.internal;

/** Allocation-free median (NumPy's definition: the mean of the two middle values for even n). */
final class Median {
    private Median() {
    }

    /** Median of a[0..n); reorders a. */
    static float of(float[] a, int n) {
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

    /** k-th smallest of a[0..n): Hoare quickselect, median-of-three pivot. */
    static float select(float[] a, int n, int k) {
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
