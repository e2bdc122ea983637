package org.neurorig.adapter.sim.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link Glyph} is written: each stroke, and each pen-up move to the next stroke, is one
 * movement along its polyline whose arc length follows a minimum-jerk profile
 * (s(τ) = 10τ³ − 15τ⁴ + 6τ⁵), so the speed is bell-shaped, zero at both ends, and the velocity
 * points along the current segment. Positions are in cm: the unit box is scaled to
 * {@link #SIZE_CM} and centred on 0. Built once per glyph; {@link #sample} allocates nothing.
 */
final class PenTrajectory {
    static final double SIZE_CM = 2.0;
    /** A stroke lasts 0.2 s plus 0.1 s per cm (peak speed about 10 cm/s). */
    private static final double STROKE_BASE_S = 0.2;

    private static final double STROKE_S_PER_CM = 0.1;
    /** A pen-up move lasts 0.15 s plus 1/15 s per cm. */
    private static final double LIFT_BASE_S = 0.15;

    private static final double LIFT_S_PER_CM = 1 / 15.0;

    final Glyph glyph;
    private final Movement[] moves;
    /** Writing time, s. */
    final double duration;

    final int strokes;

    PenTrajectory(Glyph glyph) {
        this.glyph = glyph;
        List<Movement> m = new ArrayList<>();
        double t = 0;
        double[] prev = null;
        int k = 0;
        for (float[] s : glyph.strokes()) {
            double[] pts = scale(s);
            if (prev != null) {
                double[] lift = {prev[prev.length - 2], prev[prev.length - 1], pts[0], pts[1]};
                Movement mv = new Movement(lift, t, false, -1, LIFT_BASE_S, LIFT_S_PER_CM);
                m.add(mv);
                t += mv.duration;
            }
            Movement mv = new Movement(pts, t, true, k++, STROKE_BASE_S, STROKE_S_PER_CM);
            m.add(mv);
            t += mv.duration;
            prev = pts;
        }
        this.moves = m.toArray(new Movement[0]);
        this.duration = t;
        this.strokes = k;
    }

    /** Start point, cm. */
    double startX() {
        return moves[0].pts[0];
    }

    double startY() {
        return moves[0].pts[1];
    }

    /** End point, cm. */
    double endX() {
        double[] p = moves[moves.length - 1].pts;
        return p[p.length - 2];
    }

    double endY() {
        double[] p = moves[moves.length - 1].pts;
        return p[p.length - 1];
    }

    /**
     * Writes {@code x, y, vx, vy, penDown, strokeIndex} (cm, cm/s, 0|1, stroke number or −1 while
     * the pen is up) at time {@code t} s after writing began into {@code out[0..5]}. Before 0 the pen
     * rests at the start point, after {@link #duration} at the end point, both lifted.
     */
    void sample(double t, double[] out) {
        if (t < 0) {
            still(startX(), startY(), out);
            return;
        }
        for (Movement mv : moves) {
            if (t < mv.t0 + mv.duration) {
                mv.sample((t - mv.t0) / mv.duration, out);
                return;
            }
        }
        still(endX(), endY(), out);
    }

    /** A pen-up minimum-jerk move from (x0, y0) to (x1, y1) over {@code T} s, sampled at {@code t}. */
    static void lift(double x0, double y0, double x1, double y1, double period, double t, double[] out) {
        double tau = Math.max(0, Math.min(1, t / period));
        double s = minJerk(tau);
        double ds = tau >= 1 ? 0 : minJerkRate(tau) / period;
        out[0] = x0 + (x1 - x0) * s;
        out[1] = y0 + (y1 - y0) * s;
        out[2] = (x1 - x0) * ds;
        out[3] = (y1 - y0) * ds;
        out[4] = 0;
        out[5] = -1;
    }

    private static void still(double x, double y, double[] out) {
        out[0] = x;
        out[1] = y;
        out[2] = 0;
        out[3] = 0;
        out[4] = 0;
        out[5] = -1;
    }

    static double minJerk(double tau) {
        return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
    }

    static double minJerkRate(double tau) {
        double u = tau * (1 - tau);
        return 30 * u * u;
    }

    private static double[] scale(float[] unit) {
        double[] p = new double[unit.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (unit[i] - 0.5) * SIZE_CM;
        }
        return p;
    }

    /** One minimum-jerk pass along a polyline. */
    private static final class Movement {
        final double[] pts;
        final double[] cum;
        final double length;
        final double t0;
        final double duration;
        final boolean penDown;
        final int stroke;

        Movement(double[] pts, double t0, boolean penDown, int stroke, double baseS, double sPerCm) {
            this.pts = pts;
            int n = pts.length / 2;
            this.cum = new double[n];
            for (int i = 1; i < n; i++) {
                cum[i] = cum[i - 1] + Math.hypot(pts[2 * i] - pts[2 * i - 2], pts[2 * i + 1] - pts[2 * i - 1]);
            }
            this.length = cum[n - 1];
            this.t0 = t0;
            this.duration = baseS + sPerCm * length;
            this.penDown = penDown;
            this.stroke = stroke;
        }

        void sample(double tau, double[] out) {
            double d = length * minJerk(tau);
            double speed = length * minJerkRate(tau) / duration;
            int seg = 0;
            while (seg < cum.length - 2 && d >= cum[seg + 1]) {
                seg++;
            }
            double segLen = cum[seg + 1] - cum[seg];
            double ux = segLen > 0 ? (pts[2 * seg + 2] - pts[2 * seg]) / segLen : 0;
            double uy = segLen > 0 ? (pts[2 * seg + 3] - pts[2 * seg + 1]) / segLen : 0;
            double along = d - cum[seg];
            out[0] = pts[2 * seg] + ux * along;
            out[1] = pts[2 * seg + 1] + uy * along;
            out[2] = ux * speed;
            out[3] = uy * speed;
            out[4] = penDown ? 1 : 0;
            out[5] = stroke;
        }
    }
}
