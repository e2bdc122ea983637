package org.neurorig.plugin.filter;

import org.neurorig.plugin.filter.internal.AnalogPrototype;

/**
 * Digital Butterworth filters as second-order sections, designed step for step like
 * {@code scipy.signal.butter(order, Wn, btype, fs=rate, output='sos')}: analog prototype poles,
 * frequency pre-warping, low-/high-/band-pass transform, bilinear transform, then SciPy's
 * "nearest" pole–zero pairing. Each returned row is {@code b0 b1 b2 a0 a1 a2} ({@code a0 = 1}).
 *
 * <p>As in SciPy, a band-pass of {@code order} N has 2N poles (N sections). Bad arguments throw
 * {@link IllegalArgumentException} naming the key, e.g. "highHz 20000 must be below Nyquist (15000 Hz)".
 */
public final class ButterworthDesign {
    private ButterworthDesign() {}

    /** Low-pass with its −3 dB corner at {@code highHz}. */
    public static double[][] lowpass(int order, double highHz, double rate) {
        return AnalogPrototype.butterworth(checkOrder(order)).lowpass(highHz, rate, "highHz");
    }

    /** High-pass with its −3 dB corner at {@code lowHz}. */
    public static double[][] highpass(int order, double lowHz, double rate) {
        return AnalogPrototype.butterworth(checkOrder(order)).highpass(lowHz, rate, "lowHz");
    }

    /** Band-pass between {@code lowHz} and {@code highHz} (−3 dB corners). */
    public static double[][] bandpass(int order, double lowHz, double highHz, double rate) {
        return AnalogPrototype.butterworth(checkOrder(order)).bandpass(lowHz, highHz, rate);
    }

    private static int checkOrder(int order) {
        if (order < 1 || order > 8) {
            throw new IllegalArgumentException("order " + order + " must be between 1 and 8");
        }
        return order;
    }
}
