package org.neurorig.plugin.filter.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Converts digital zeros, poles and gain into second-order sections exactly as SciPy's
 * {@code zpk2sos(z, p, k, pairing='nearest')} does (SciPy 1.10): the same pole–zero pairing and the
 * same section order, so that our cascade is term-for-term the one {@code sosfilt} runs. Keeping
 * the order matters: a different pairing is mathematically equal but rounds differently.
 */
public final class ZpkToSos {
    /** Relative tolerance of SciPy's {@code _cplxreal} for float64. */
    private static final double TOL = 100 * Math.ulp(1.0);

    private ZpkToSos() {}

    /** Sections as rows {@code b0 b1 b2 a0 a1 a2} with {@code a0 = 1}; the gain sits in the first. */
    public static double[][] convert(List<Complex> zeros, List<Complex> poles, double gain) {
        List<Complex> z = new ArrayList<>(zeros);
        List<Complex> p = new ArrayList<>(poles);
        if (z.isEmpty() && p.isEmpty()) {
            return new double[][] {{gain, 0, 0, 1, 0, 0}};
        }
        while (p.size() < z.size()) {
            p.add(Complex.ZERO);
        }
        while (z.size() < p.size()) {
            z.add(Complex.ZERO);
        }
        int sections = (p.size() + 1) / 2;
        if (p.size() % 2 == 1) {
            p.add(Complex.ZERO);
            z.add(Complex.ZERO);
        }
        z = cplxreal(z);
        p = cplxreal(p);
        double[][] sos = new double[sections][];
        for (int si = sections - 1; si >= 0; si--) {
            Complex p1 = p.remove(worst(p));
            if (p1.isReal() && countReal(p) == 0) {
                Complex z1 = z.remove(nearest(z, p1, Which.REAL));
                sos[si] = section(List.of(z1, Complex.ZERO), List.of(p1, Complex.ZERO));
            } else if (p.size() + 1 == z.size() && !p1.isReal() && countReal(p) == 1 && countReal(z) == 1) {
                Complex z1 = z.remove(nearest(z, p1, Which.COMPLEX));
                sos[si] = section(List.of(z1, z1.conj()), List.of(p1, p1.conj()));
            } else {
                Complex p2;
                if (p1.isReal()) {
                    List<Integer> realIdx = new ArrayList<>();
                    List<Complex> reals = new ArrayList<>();
                    for (int i = 0; i < p.size(); i++) {
                        if (p.get(i).isReal()) {
                            realIdx.add(i);
                            reals.add(p.get(i));
                        }
                    }
                    p2 = p.remove((int) realIdx.get(worst(reals)));
                } else {
                    p2 = p1.conj();
                }
                if (!z.isEmpty()) {
                    Complex z1 = z.remove(nearest(z, p1, Which.ANY));
                    if (!z1.isReal()) {
                        sos[si] = section(List.of(z1, z1.conj()), List.of(p1, p2));
                    } else if (!z.isEmpty()) {
                        Complex z2 = z.remove(nearest(z, p1, Which.REAL));
                        sos[si] = section(List.of(z1, z2), List.of(p1, p2));
                    } else {
                        sos[si] = section(List.of(z1), List.of(p1, p2));
                    }
                } else {
                    sos[si] = section(List.of(), List.of(p1, p2));
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            sos[0][i] *= gain;
        }
        return sos;
    }

    private enum Which {
        REAL,
        COMPLEX,
        ANY
    }

    /** Index of the pole closest to the unit circle (first one on ties, like {@code argmin}). */
    private static int worst(List<Complex> p) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.size(); i++) {
            double d = Math.abs(1 - p.get(i).abs());
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static int countReal(List<Complex> v) {
        int n = 0;
        for (Complex c : v) {
            n += c.isReal() ? 1 : 0;
        }
        return n;
    }

    /** Index of the element of {@code from} nearest {@code to}, restricted to real or complex ones. */
    private static int nearest(List<Complex> from, Complex to, Which which) {
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < from.size(); i++) {
            Complex c = from.get(i);
            if (which == Which.REAL && !c.isReal() || which == Which.COMPLEX && c.isReal()) {
                continue;
            }
            double d = c.minus(to).abs();
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no " + which + " zero left to pair with pole " + to);
        }
        return best;
    }

    /**
     * SciPy's {@code _cplxreal}: one element (positive imaginary part) per conjugate pair, the pair
     * averaged, sorted by real part then imaginary magnitude; then the real elements sorted.
     */
    static List<Complex> cplxreal(List<Complex> v) {
        List<Complex> reals = new ArrayList<>();
        List<Complex> pos = new ArrayList<>();
        List<Complex> neg = new ArrayList<>();
        for (Complex c : v) {
            if (Math.abs(c.im()) <= TOL * c.abs()) {
                reals.add(Complex.real(c.re()));
            } else if (c.im() > 0) {
                pos.add(c);
            } else {
                neg.add(c);
            }
        }
        if (pos.size() != neg.size()) {
            throw new IllegalArgumentException("complex value without conjugate in " + v);
        }
        Comparator<Complex> order = Comparator.comparingDouble(Complex::re).thenComparingDouble(c -> Math.abs(c.im()));
        pos.sort(order);
        neg.sort(order);
        List<Complex> out = new ArrayList<>();
        for (int i = 0; i < pos.size(); i++) {
            Complex a = pos.get(i);
            Complex b = neg.get(i).conj();
            if (a.minus(b).abs() > TOL * b.abs() * 1e3) {
                throw new IllegalArgumentException("complex value without conjugate: " + a + " vs " + b);
            }
            out.add(a.plus(b).times(0.5));
        }
        reals.sort(Comparator.comparingDouble(Complex::re));
        out.addAll(reals);
        return out;
    }

    /** One section from up to two zeros and two poles, coefficients right-aligned as SciPy does. */
    private static double[] section(List<Complex> z, List<Complex> p) {
        double[] b = poly(z);
        double[] a = poly(p);
        double[] s = new double[6];
        System.arraycopy(b, 0, s, 3 - b.length, b.length);
        System.arraycopy(a, 0, s, 6 - a.length, a.length);
        return s;
    }

    /** Monic polynomial with the given roots (real coefficients; roots real or a conjugate pair). */
    private static double[] poly(List<Complex> roots) {
        Complex[] c = {Complex.ONE};
        for (Complex r : roots) {
            Complex[] n = new Complex[c.length + 1];
            n[0] = c[0];
            for (int i = 1; i < c.length; i++) {
                n[i] = c[i].minus(c[i - 1].times(r));
            }
            n[c.length] = c[c.length - 1].times(r).negate();
            c = n;
        }
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i].re();
        }
        return out;
    }
}
