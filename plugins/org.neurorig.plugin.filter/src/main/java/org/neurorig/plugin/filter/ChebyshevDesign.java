package org.neurorig.plugin.filter;

import org.neurorig.plugin.filter.internal.AnalogPrototype;

/**
 * Digital Chebyshev type I low-pass filters as second-order sections, the same design as
 * {@code scipy.signal.cheby1(order, rippleDb, highHz, fs=rate, output='sos')} (the anti-aliasing
 * filter of {@code scipy.signal.decimate(..., ftype='iir')} is {@code cheby1(8, 0.05, 0.8/q)}).
 */
public final class ChebyshevDesign {
    private ChebyshevDesign() {}

    /** Low-pass whose pass band (ripple {@code rippleDb}) ends at {@code highHz}. */
    public static double[][] lowpass(int order, double rippleDb, double highHz, double rate) {
        if (order < 1 || order > 16) {
            throw new IllegalArgumentException("order " + order + " must be between 1 and 16");
        }
        if (!(rippleDb > 0) || Double.isInfinite(rippleDb)) {
            throw new IllegalArgumentException("rippleDb " + rippleDb + " must be a positive number");
        }
        return AnalogPrototype.chebyshev1(order, rippleDb).lowpass(highHz, rate, "highHz");
    }
}
