package org.neurorig.bench.internal.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * The search of {@code --find-max}: the largest n in 1..limit whose trial passes, assuming that a
 * larger n only costs more. n doubles (1, 2, 4, …, then limit) until a trial fails, then the interval
 * between the last pass and the first failure is bisected. Every n is tried at most once. The caller
 * runs the trials: {@code for (int n = s.next(); n > 0; n = s.next()) s.passed(n, trial(n));}.
 */
final class MaxSearch {
    private final int limit;
    private final List<Integer> order = new ArrayList<>();
    private int pass;
    private int fail;
    private int pending;

    MaxSearch(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the search needs a limit >= 1, got " + limit);
        }
        this.limit = limit;
    }

    /** The n to try next; 0 when the search is over. */
    int next() {
        if (pending > 0) {
            throw new IllegalStateException("the trial of " + pending + " has no outcome yet");
        }
        if (fail == 0) {
            // still growing: 1, then double, capped at the limit
            pending = pass == limit ? 0 : pass == 0 ? 1 : (int) Math.min(2L * pass, limit);
        } else {
            pending = fail - pass > 1 ? pass + (fail - pass) / 2 : 0;
        }
        return pending;
    }

    /** The outcome of the trial of n, the value {@link #next()} returned last. */
    void passed(int n, boolean passed) {
        if (n != pending || n == 0) {
            throw new IllegalStateException("the search asked for " + pending + ", not " + n);
        }
        pending = 0;
        order.add(n);
        if (passed) {
            pass = n;
        } else {
            fail = n;
        }
    }

    /** The largest n that passed; 0 when n = 1 failed. */
    int max() {
        return pass;
    }

    /** The smallest n that failed; 0 when every n up to the limit passed. */
    int firstFailure() {
        return fail;
    }

    int limit() {
        return limit;
    }

    /** The n tried, in order. */
    List<Integer> order() {
        return List.copyOf(order);
    }
}
