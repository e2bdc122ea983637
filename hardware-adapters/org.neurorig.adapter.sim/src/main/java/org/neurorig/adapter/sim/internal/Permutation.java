package org.neurorig.adapter.sim.internal;

import java.util.SplittableRandom;

/**
 * Which simulated units get which role: a random order of 0..n-1 (Fisher–Yates), drawn from the
 * simulator's seeded generator so that a seed always picks the same units.
 */
final class Permutation {
    private Permutation() {}

    /** 0..n-1 in an order drawn from {@code rng} (n - 1 draws). */
    static int[] random(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
