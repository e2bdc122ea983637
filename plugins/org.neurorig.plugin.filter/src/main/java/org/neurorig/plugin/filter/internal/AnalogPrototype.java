package org.neurorig.plugin.filter.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An all-pole analog low-pass prototype (cut-off 1 rad/s) and the steps SciPy's {@code iirfilter}
 * takes from it to digital second-order sections: pre-warping, {@code lp2lp/lp2hp/lp2bp_zpk},
 * {@code bilinear_zpk} with fs = 2, then {@link ZpkToSos}.
 */
public record AnalogPrototype(List<Complex> poles, double gain) {

    /** SciPy's {@code buttap(n)}. */
    public static AnalogPrototype butterworth(int n) {
        List<Complex> p = new ArrayList<>();
        for (int m = -n + 1; m < n; m += 2) {
            p.add(
                    m == 0
                            ? Complex.real(-1)
                            : Complex.expI(Math.PI * m / (2.0 * n)).negate());
        }
        return new AnalogPrototype(p, 1);
    }

    /** SciPy's {@code cheb1ap(n, rp)}: Chebyshev type I with {@code rippleDb} pass-band ripple. */
    public static AnalogPrototype chebyshev1(int n, double rippleDb) {
        double eps = Math.sqrt(Math.pow(10, 0.1 * rippleDb) - 1);
        double x = 1 / eps;
        double mu = Math.log(x + Math.sqrt(x * x + 1)) / n; // asinh
        List<Complex> p = new ArrayList<>();
        Complex prod = Complex.ONE;
        for (int m = -n + 1; m < n; m += 2) {
            double theta = Math.PI * m / (2.0 * n);
            // −sinh(mu + iθ) = −(sinh mu cos θ + i cosh mu sin θ)
            Complex pole = new Complex(-Math.sinh(mu) * Math.cos(theta), -Math.cosh(mu) * Math.sin(theta));
            p.add(pole);
            prod = prod.times(pole.negate());
        }
        double k = prod.re();
        if (n % 2 == 0) {
            k = k / Math.sqrt(1 + eps * eps);
        }
        return new AnalogPrototype(p, k);
    }

    /** Digital low-pass with its corner at {@code hz}. */
    public double[][] lowpass(double hz, double rate, String key) {
        double w = warp(hz, rate, key);
        List<Complex> p = new ArrayList<>();
        for (Complex c : poles) {
            p.add(c.times(w));
        }
        return digital(List.of(), p, gain * Math.pow(w, poles.size()));
    }

    /** Digital high-pass with its corner at {@code hz}. */
    public double[][] highpass(double hz, double rate, String key) {
        double w = warp(hz, rate, key);
        List<Complex> p = new ArrayList<>();
        Complex prod = Complex.ONE;
        for (Complex c : poles) {
            p.add(Complex.real(w).dividedBy(c));
            prod = prod.times(c.negate());
        }
        return digital(
                zeros(poles.size()), p, gain * Complex.ONE.dividedBy(prod).re());
    }

    /** Digital band-pass between {@code lowHz} and {@code highHz}. */
    public double[][] bandpass(double lowHz, double highHz, double rate) {
        if (!(lowHz < highHz)) {
            throw new IllegalArgumentException("lowHz " + lowHz + " must be below highHz " + highHz);
        }
        double w0 = warp(lowHz, rate, "lowHz");
        double w1 = warp(highHz, rate, "highHz");
        double bw = w1 - w0;
        double wo = Math.sqrt(w0 * w1);
        List<Complex> p = new ArrayList<>();
        List<Complex> minus = new ArrayList<>();
        Complex wo2 = Complex.real(wo * wo);
        for (Complex c : poles) {
            Complex lp = c.times(bw / 2);
            Complex root = lp.times(lp).minus(wo2).sqrt();
            p.add(lp.plus(root));
            minus.add(lp.minus(root));
        }
        p.addAll(minus);
        return digital(zeros(poles.size()), p, gain * Math.pow(bw, poles.size()));
    }

    private static List<Complex> zeros(int n) {
        List<Complex> z = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            z.add(Complex.ZERO);
        }
        return z;
    }

    /** Pre-warped analog corner for the bilinear transform with SciPy's internal fs = 2. */
    static double warp(double hz, double rate, String key) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("sample rate must be positive and finite: " + rate);
        }
        if (!(hz > 0)) {
            throw new IllegalArgumentException(key + " " + hz + " must be above 0 Hz");
        }
        double wn = 2 * hz / rate;
        if (!(wn < 1)) {
            throw new IllegalArgumentException(
                    key + " " + fmt(hz) + " must be below Nyquist (" + fmt(rate / 2) + " Hz)");
        }
        return 4 * Math.tan(Math.PI * wn / 2);
    }

    /** Bilinear transform (fs = 2) then SciPy's zpk → sos pairing. */
    private static double[][] digital(List<Complex> z, List<Complex> p, double k) {
        Complex fs2 = Complex.real(4);
        List<Complex> zd = new ArrayList<>();
        List<Complex> pd = new ArrayList<>();
        Complex num = Complex.ONE;
        Complex den = Complex.ONE;
        for (Complex c : z) {
            zd.add(fs2.plus(c).dividedBy(fs2.minus(c)));
            num = num.times(fs2.minus(c));
        }
        for (Complex c : p) {
            pd.add(fs2.plus(c).dividedBy(fs2.minus(c)));
            den = den.times(fs2.minus(c));
        }
        for (int i = z.size(); i < p.size(); i++) {
            zd.add(Complex.real(-1));
        }
        return ZpkToSos.convert(zd, pd, k * num.dividedBy(den).re());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
