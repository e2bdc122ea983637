package org.neurorig.config.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Suggestions for a misspelt name: the known names nearest by edit distance. */
final class ClosestNames {
    private ClosestNames() {}

    /** Up to {@code limit} candidates, nearest first (ties alphabetically). */
    static List<String> closest(String query, Collection<String> candidates, int limit) {
        List<String> sorted = new ArrayList<>(candidates);
        String q = query.toLowerCase(Locale.ROOT);
        sorted.sort(Comparator.comparingInt((String c) -> distance(q, c.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()));
        return sorted.subList(0, Math.min(limit, sorted.size()));
    }

    /** The nearest candidate if it is close enough to be a plausible typo, else {@code null}. */
    static String typoOf(String query, Collection<String> candidates) {
        List<String> best = closest(query, candidates, 1);
        if (best.isEmpty()) {
            return null;
        }
        int d = distance(query.toLowerCase(Locale.ROOT), best.get(0).toLowerCase(Locale.ROOT));
        return d <= Math.max(2, query.length() / 3) ? best.get(0) : null;
    }

    /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
