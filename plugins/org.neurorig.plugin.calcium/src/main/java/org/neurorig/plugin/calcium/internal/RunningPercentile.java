package org.neurorig.plugin.calcium.internal;

import java.util.Arrays;

/**
 * Per-channel percentile of the last {@code window} values, as {@code np.percentile(x[-window:], p)}
 * (linear interpolation between order statistics). Each channel keeps a ring of its recent values
 * and the same values sorted, so a new value costs one binary search and one array shift
 * (O(window)) instead of a sort. All memory is allocated by the constructor.
 */
final class RunningPercentile {
    private final int channels;
    private final int window;
    private final double fraction;
    private final float[] ring; // [channel][window], oldest at head
    private final float[] sorted; // [channel][window], the first filled values in order
    private final int[] head;
    private final int[] filled;

    RunningPercentile(int channels, int window, double percentile) {
        if (channels < 1 || window < 1 || !(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException(
                    "channels " + channels + ", window " + window + ", percentile " + percentile);
        }
        this.channels = channels;
        this.window = window;
        this.fraction = percentile / 100;
        this.ring = new float[Math.multiplyExact(channels, window)];
        this.sorted = new float[channels * window];
        this.head = new int[channels];
        this.filled = new int[channels];
    }

    int window() {
        return window;
    }

    /** Values held for channel {@code c} (grows to the window). */
    int filled(int c) {
        return filled[c];
    }

    /** Adds one value to channel {@code c}, dropping its oldest once the window is full. */
    void add(int c, float value) {
        float v = value + 0f; // -0 becomes +0: the binary search and the insertion must agree on order
        int base = c * window;
        int n = filled[c];
        if (n == window) { // drop the oldest value from the sorted copy, its ring slot takes the new one
            int h = head[c];
            int at = find(base, n, ring[base + h]);
            System.arraycopy(sorted, base + at + 1, sorted, base + at, n - at - 1);
            n--;
            ring[base + h] = v;
            head[c] = h + 1 == window ? 0 : h + 1;
        } else {
            ring[base + n] = v;
            filled[c] = n + 1;
        }
        int pos = insertionPoint(base, n, v);
        System.arraycopy(sorted, base + pos, sorted, base + pos + 1, n - pos);
        sorted[base + pos] = v;
    }

    /** The percentile of channel {@code c}'s values (NaN while empty). */
    double value(int c) {
        int n = filled[c];
        if (n == 0) {
            return Double.NaN;
        }
        int base = c * window;
        double pos = fraction * (n - 1);
        int lo = (int) pos;
        int hi = Math.min(lo + 1, n - 1);
        double f = pos - lo;
        return sorted[base + lo] + f * (sorted[base + hi] - sorted[base + lo]);
    }

    /** Forgets every value (e.g. after a discontinuity). */
    void clear() {
        java.util.Arrays.fill(head, 0);
        java.util.Arrays.fill(filled, 0);
    }

    /** Index of a value equal to {@code v} in the sorted run (it is there: it was added). */
    private int find(int base, int n, float v) {
        int i = Arrays.binarySearch(sorted, base, base + n, v);
        if (i < 0) {
            throw new IllegalStateException("running percentile lost value " + v);
        }
        return i - base;
    }

    /** First index whose value is greater than {@code v}. */
    private int insertionPoint(int base, int n, float v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[base + mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** State for a hot-swap: ring, head and fill, per channel. */
    void write(java.nio.ByteBuffer b) {
        b.putInt(channels).putInt(window);
        for (int c = 0; c < channels; c++) {
            b.putInt(head[c]).putInt(filled[c]);
        }
        for (float v : ring) {
            b.putFloat(v);
        }
    }

    void read(java.nio.ByteBuffer b) {
        int ch = b.getInt();
        int w = b.getInt();
        if (ch != channels || w != window) {
            throw new IllegalArgumentException(
                    "snapshot has " + ch + " channels × window " + w + ", this node " + channels + " × " + window);
        }
        for (int c = 0; c < channels; c++) {
            head[c] = b.getInt();
            filled[c] = b.getInt();
        }
        for (int i = 0; i < ring.length; i++) {
            ring[i] = b.getFloat();
        }
        for (int c = 0; c < channels; c++) { // rebuild the sorted copies from the rings
            System.arraycopy(ring, c * window, sorted, c * window, filled[c]);
            Arrays.sort(sorted, c * window, c * window + filled[c]);
        }
    }

    int snapshotBytes() {
        return 8 + 8 * channels + 4 * ring.length;
    }
}
