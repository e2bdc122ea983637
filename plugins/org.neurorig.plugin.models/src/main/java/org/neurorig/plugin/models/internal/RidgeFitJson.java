package org.neurorig.plugin.models.internal;

import org.neurorig.plugin.models.RidgeFit;

/** A {@link RidgeFit} as JSON (weights as p rows of n), for NumPy/MATLAB users of a saved fit. */
final class RidgeFitJson {
    private RidgeFitJson() {}

    static String format(RidgeFit f) {
        StringBuilder s = new StringBuilder(64 + 24 * (f.weights().length + 4 * f.n()));
        s.append("{\"p\":")
                .append(f.p())
                .append(",\"n\":")
                .append(f.n())
                .append(",\"rows\":")
                .append(f.rows());
        array(s.append(",\"lambdas\":"), f.lambdas(), 0, f.lambdas().length);
        array(s.append(",\"lambda\":"), f.lambda(), 0, f.n());
        array(s.append(",\"r2\":"), f.r2(), 0, f.n());
        array(s.append(",\"intercepts\":"), f.intercepts(), 0, f.n());
        s.append(",\"weights\":[");
        for (int i = 0; i < f.p(); i++) {
            array(s.append(i == 0 ? "" : ","), f.weights(), i * f.n(), f.n());
        }
        return s.append("]}\n").toString();
    }

    private static void array(StringBuilder s, double[] v, int off, int len) {
        s.append('[');
        for (int i = 0; i < len; i++) {
            double d = v[off + i];
            s.append(i == 0 ? "" : ",").append(Double.isFinite(d) ? Double.toString(d) : "null");
        }
        s.append(']');
    }
}
