package org.neurorig.plugin.models.internal;

/**
 * Turns paired rows (feature row i, response row i) into design rows with time lags. A design
 * row for time t holds the feature rows t−minLag … t−maxLag (lag-major: all features at minLag
 * first) and is paired with response row t. A negative lag is a lead: the features after t are
 * needed, so responses are held back until they arrive.
 */
final class LagBuffer {
    private final int features;
    private final int responses;
    private final int minLag;
    private final int maxLag;
    private final int delay;
    private final int history;
    private final float[] featureRing;
    private final float[] responseRing;
    private long pairs;

    LagBuffer(int features, int responses, int minLag, int maxLag) {
        if (minLag > maxLag) {
            throw new IllegalArgumentException("minLag " + minLag + " > maxLag " + maxLag);
        }
        this.features = features;
        this.responses = responses;
        this.minLag = minLag;
        this.maxLag = maxLag;
        this.delay = Math.max(0, -minLag);
        this.history = delay + maxLag + 1;
        this.featureRing = new float[history * features];
        this.responseRing = new float[(delay + 1) * responses];
    }

    /** Width of a design row. */
    int designWidth() {
        return (maxLag - minLag + 1) * features;
    }

    /** Forgets everything (a discontinuity in either stream). */
    void reset() {
        pairs = 0;
    }

    /**
     * Adds pair i; when it completes a design row, writes it and its response and returns the
     * row's time index t (≥ 0), else returns −1.
     */
    long add(float[] f, int fOff, float[] y, int yOff, float[] xOut, int xOutOff, float[] yOut, int yOutOff) {
        long i = pairs++;
        System.arraycopy(f, fOff, featureRing, (int) (i % history) * features, features);
        System.arraycopy(y, yOff, responseRing, (int) (i % (delay + 1)) * responses, responses);
        long t = i - delay;
        if (t - maxLag < 0) {
            return -1;
        }
        for (int lag = minLag; lag <= maxLag; lag++) {
            long src = t - lag;
            System.arraycopy(
                    featureRing, (int) (src % history) * features, xOut, xOutOff + (lag - minLag) * features, features);
        }
        System.arraycopy(responseRing, (int) (t % (delay + 1)) * responses, yOut, yOutOff, responses);
        return t;
    }
}
