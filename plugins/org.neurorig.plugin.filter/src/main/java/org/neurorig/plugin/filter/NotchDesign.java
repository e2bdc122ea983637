package org.neurorig.plugin.filter;

/**
 * Second-order IIR notch filters, the same coefficients as {@code scipy.signal.iirnotch(w0, Q, fs)}
 * (Orfanidis, "Introduction to Signal Processing", eqs. 11.3.4–11.3.7).
 */
public final class NotchDesign {
    private NotchDesign() {}

    /**
     * One section {@code b0 b1 b2 a0 a1 a2} that removes {@code hz} with quality factor {@code q}
     * (−3 dB bandwidth = hz / q).
     */
    public static double[] notch(double hz, double q, double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("sample rate must be positive and finite: " + rate);
        }
        if (!(hz > 0) || !(hz < rate / 2)) {
            throw new IllegalArgumentException(
                    "notch frequency " + hz + " Hz must be between 0 and Nyquist (" + rate / 2 + " Hz)");
        }
        if (!(q > 0) || Double.isInfinite(q)) {
            throw new IllegalArgumentException("Q " + q + " must be a positive number");
        }
        double w0 = 2 * hz / rate;
        double bw = w0 / q * Math.PI;
        w0 *= Math.PI;
        double gb = 1 / Math.sqrt(2);
        double beta = (Math.sqrt(1.0 - gb * gb) / gb) * Math.tan(bw / 2.0);
        double gain = 1.0 / (1.0 + beta);
        double c = Math.cos(w0);
        return new double[] {gain, gain * -2.0 * c, gain, 1.0, -2.0 * gain * c, 2.0 * gain - 1.0};
    }
}
