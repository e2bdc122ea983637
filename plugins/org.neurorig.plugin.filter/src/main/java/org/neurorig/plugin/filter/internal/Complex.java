package org.neurorig.plugin.filter.internal;

/** A complex number for filter design (never used on the sample path, so allocation is fine). */
public record Complex(double re, double im) {
    public static final Complex ZERO = new Complex(0, 0);
    public static final Complex ONE = new Complex(1, 0);

    public static Complex real(double re) {
        return new Complex(re, 0);
    }

    public Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    public Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    public Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    public Complex times(double s) {
        return new Complex(re * s, im * s);
    }

    public Complex dividedBy(Complex o) {
        // Smith's algorithm, as NumPy uses, to avoid overflow for large operands
        if (Math.abs(o.re) >= Math.abs(o.im)) {
            double r = o.im / o.re;
            double d = o.re + o.im * r;
            return new Complex((re + im * r) / d, (im - re * r) / d);
        }
        double r = o.re / o.im;
        double d = o.re * r + o.im;
        return new Complex((re * r + im) / d, (im * r - re) / d);
    }

    public Complex negate() {
        return new Complex(-re, -im);
    }

    public Complex conj() {
        return new Complex(re, -im);
    }

    public double abs() {
        return Math.hypot(re, im);
    }

    /** Principal square root (branch cut on the negative real axis, sign of {@code im} kept). */
    public Complex sqrt() {
        double r = abs();
        if (r == 0) {
            return ZERO;
        }
        double a = Math.sqrt((r + Math.abs(re)) / 2);
        if (re >= 0) {
            return new Complex(a, im / (2 * a));
        }
        return new Complex(Math.abs(im) / (2 * a), Math.copySign(a, im));
    }

    /** e^(i·theta). */
    public static Complex expI(double theta) {
        return new Complex(Math.cos(theta), Math.sin(theta));
    }

    public boolean isReal() {
        return im == 0;
    }
}
