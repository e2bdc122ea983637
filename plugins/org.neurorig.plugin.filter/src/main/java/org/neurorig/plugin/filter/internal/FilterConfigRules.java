package org.neurorig.plugin.filter.internal;

/**
 * Configuration checks that metatype cannot express or that must also hold when a node is built
 * without metatype (tests, embedded use). Messages name the key and the value.
 */
final class FilterConfigRules {
    private FilterConfigRules() {}

    static void order(int order) {
        if (order < 1 || order > 8) {
            throw new IllegalArgumentException("order " + order + " must be between 1 and 8");
        }
    }

    static void positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + " " + v + " must be a positive number");
        }
    }
}
