package org.neurorig.plugin.calcium.internal;

/**
 * Online OASIS for an AR(1) calcium model (Friedrich, Zhou &amp; Paninski 2017, PLoS Comput Biol
 * 13:e1005423, Algorithm 1 with a minimum spike size {@code sMin}): for every channel it keeps the
 * non-negative least-squares fit {@code c} of the frames so far under {@code c[t] ≥ γ·c[t−1] + sMin}
 * wherever a spike starts, as a stack of pools. A pool is a run of frames with one value at its
 * start that decays by γ per frame; a new frame opens a pool and pools merge backwards while the
 * constraint is violated. The spike at frame t is {@code v_i − γ^{l_{i−1}}·v_{i−1}} when pool i
 * starts at t, else 0.
 *
 * <p>Later frames can still merge pools that reach back in time, so a spike is read out
 * {@code lag} frames after its frame, when it has (nearly always) settled. Memory is bounded: each
 * channel keeps at most {@code capacity} pools; the oldest is frozen (kept only as the
 * predecessor value) when a new one would not fit.
 */
final class OasisAr1 {
    private final int channels;
    private final int capacity;
    private final double gamma;
    private double sMin;
    // pools per channel as rings [channel][capacity]: value at pool start, weight, start frame, length
    private final double[] v;
    private final double[] w;
    private final long[] t;
    private final int[] l;
    private final int[] bottom;
    private final int[] size;
    /** End value of the last frozen pool per channel (NaN: none, the first pool has no predecessor). */
    private final double[] frozenEnd;
    /** {@code powers[k] = Math.pow(gamma, k)} for the pool lengths below {@link #POWERS}. */
    private final double[] powers;

    private static final int POWERS = 1024;

    OasisAr1(int channels, int capacity, double gamma, double sMin) {
        if (channels < 1 || capacity < 2 || !(gamma > 0 && gamma < 1) || !(sMin >= 0)) {
            throw new IllegalArgumentException(
                    "channels " + channels + ", capacity " + capacity + ", gamma " + gamma + ", sMin " + sMin);
        }
        this.channels = channels;
        this.capacity = capacity;
        this.gamma = gamma;
        this.sMin = sMin;
        int n = Math.multiplyExact(channels, capacity);
        v = new double[n];
        w = new double[n];
        t = new long[n];
        l = new int[n];
        bottom = new int[channels];
        size = new int[channels];
        frozenEnd = new double[channels];
        powers = new double[POWERS];
        for (int k = 0; k < POWERS; k++) {
            powers[k] = Math.pow(gamma, k);
        }
        reset();
    }

    void setMinSpike(double s) {
        this.sMin = s;
    }

    /** Forgets all pools. */
    void reset() {
        java.util.Arrays.fill(size, 0);
        java.util.Arrays.fill(bottom, 0);
        java.util.Arrays.fill(frozenEnd, Double.NaN);
    }

    /**
     * γ^k: from the table for the pool lengths that occur almost always, else computed. The table
     * holds exactly {@code Math.pow(gamma, k)}, so results do not depend on which is used; a call of
     * {@code Math.pow} per merge was a third of the deconvolution's time at 100,000 ROIs.
     */
    private double pow(int k) {
        return k < powers.length ? powers[k] : Math.pow(gamma, k);
    }

    /** Adds frame {@code frame} with (baseline-free) value {@code y} to channel {@code c}. */
    void push(int c, long frame, double y) {
        int base = c * capacity;
        if (size[c] == capacity) { // freeze the oldest pool: merges stop there
            int b = base + bottom[c];
            frozenEnd[c] = v[b] * pow(l[b] - 1);
            bottom[c] = bottom[c] + 1 == capacity ? 0 : bottom[c] + 1;
            size[c]--;
        }
        int top = slot(c, size[c]);
        v[base + top] = y;
        w[base + top] = 1;
        t[base + top] = frame;
        l[base + top] = 1;
        size[c]++;
        while (size[c] > 1) {
            int i = base + slot(c, size[c] - 1);
            int p = base + slot(c, size[c] - 2);
            double gl = pow(l[p]);
            if (v[i] >= gl * v[p] + sMin) {
                break;
            }
            double wi = gl * gl * w[i];
            v[p] = (w[p] * v[p] + gl * w[i] * v[i]) / (w[p] + wi);
            w[p] += wi;
            l[p] += l[i];
            size[c]--;
        }
        int b = base + bottom[c];
        if (size[c] == 1) { // c ≥ 0: the first pool cannot start below 0 (or below the frozen decay)
            double floor = Double.isNaN(frozenEnd[c]) ? 0 : gamma * frozenEnd[c];
            if (v[b] < floor) {
                v[b] = floor;
            }
        }
    }

    /**
     * The spike at {@code frame} of channel {@code c} as the pools stand now: the jump at the start of
     * the pool beginning at that frame, 0 when none begins there or it is the very first pool.
     */
    double spike(int c, long frame) {
        int base = c * capacity;
        int lo = 0;
        int hi = size[c] - 1;
        while (lo <= hi) { // pools are ordered by start frame
            int mid = (lo + hi) >>> 1;
            long start = t[base + slot(c, mid)];
            if (start < frame) {
                lo = mid + 1;
            } else if (start > frame) {
                hi = mid - 1;
            } else {
                int i = base + slot(c, mid);
                if (mid > 0) {
                    int p = base + slot(c, mid - 1);
                    return v[i] - pow(l[p]) * v[p];
                }
                return Double.isNaN(frozenEnd[c]) ? 0 : v[i] - gamma * frozenEnd[c];
            }
        }
        return 0;
    }

    /** The fitted calcium level {@code c} at {@code frame} of channel {@code c} (for tests and views). */
    double calcium(int c, long frame) {
        int base = c * capacity;
        for (int k = size[c] - 1; k >= 0; k--) {
            int i = base + slot(c, k);
            if (t[i] <= frame) {
                return v[i] * Math.pow(gamma, frame - t[i]);
            }
        }
        return Double.NaN;
    }

    /** State for a hot-swap: every channel's pools, in ring order, and its frozen predecessor. */
    void write(java.nio.ByteBuffer b) {
        b.putInt(channels).putInt(capacity).putDouble(gamma);
        for (int c = 0; c < channels; c++) {
            b.putInt(bottom[c]).putInt(size[c]).putDouble(frozenEnd[c]);
        }
        for (int i = 0; i < v.length; i++) {
            b.putDouble(v[i]).putDouble(w[i]).putLong(t[i]).putInt(l[i]);
        }
    }

    void read(java.nio.ByteBuffer b) {
        int ch = b.getInt();
        int cap = b.getInt();
        double g = b.getDouble();
        // pools fitted with another decay would be wrong under this one
        if (ch != channels || cap != capacity || g != gamma) {
            throw new IllegalArgumentException("snapshot has " + ch + " channels × " + cap + " pools, decay " + g
                    + "; this node " + channels + " × " + capacity + ", decay " + gamma);
        }
        for (int c = 0; c < channels; c++) {
            bottom[c] = b.getInt();
            size[c] = b.getInt();
            frozenEnd[c] = b.getDouble();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getDouble();
            w[i] = b.getDouble();
            t[i] = b.getLong();
            l[i] = b.getInt();
        }
    }

    int snapshotBytes() {
        return 16 + 16 * channels + 28 * v.length;
    }

    private int slot(int c, int k) {
        int s = bottom[c] + k;
        return s >= capacity ? s - capacity : s;
    }
}
