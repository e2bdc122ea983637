package org.neurorig.adapter.sim.internal;

/**
 * Fast deterministic Gaussian noise: a xorshift64* generator whose 64-bit words are cut into four
 * 14-bit indices into a table of standard normal quantiles. Each {@link #next()} is a table lookup,
 * no {@code log}/{@code sqrt}, and the sequence depends only on the seed (pure integer arithmetic
 * and a table computed once with {@link StrictMath}), so a recording is reproducible on any JVM.
 * The table truncates the tails at about ±3.9 σ, which is harmless for background noise.
 */
final class GaussianNoise {
    private static final int BITS = 14;
    private static final int MASK = (1 << BITS) - 1;
    /** Quantiles of N(0, 1) at (i + 0.5) / 2^14, rescaled to unit variance exactly. */
    static final float[] TABLE = quantileTable();

    private long state;
    private long word;
    private int left;

    GaussianNoise(long seed) {
        // splitmix64 of the seed, so that neighbouring seeds give unrelated streams; never 0
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        state = z == 0 ? 0x2545F4914F6CDD1DL : z;
    }

    /** The next 64 random bits (xorshift64*). */
    long nextLong() {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return x * 0x2545F4914F6CDD1DL;
    }

    /** One standard normal draw. */
    float next() {
        if (left == 0) {
            word = nextLong();
            left = 4;
        }
        left--;
        float g = TABLE[(int) (word >>> 50) & MASK];
        word <<= 16;
        return g;
    }

    /** Four standard normal draws packed in one word: use {@link #at(long, int)} for k = 0..3. */
    long nextWord() {
        return nextLong();
    }

    /** The k-th (0..3) draw of a word from {@link #nextWord()}. */
    static float at(long word, int k) {
        return TABLE[(int) (word >>> (50 - 16 * k)) & MASK];
    }

    private static float[] quantileTable() {
        int n = 1 << BITS;
        double[] q = new double[n];
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            q[i] = inverseNormal((i + 0.5) / n);
            sumSq += q[i] * q[i];
        }
        double scale = 1 / StrictMath.sqrt(sumSq / n);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (float) (q[i] * scale);
        }
        return t;
    }

    /** Acklam's rational approximation of the normal quantile (relative error below 1.2e-9). */
    static double inverseNormal(double p) {
        final double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        final double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        final double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double plow = 0.02425;
        if (p < plow) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - plow) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
