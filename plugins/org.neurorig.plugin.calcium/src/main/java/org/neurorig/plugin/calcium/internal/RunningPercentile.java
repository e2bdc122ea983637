package org.neurorig.plugin.calcium.internal;

import java.util.Arrays;

/**
 * Per-channel percentile of the last {@code window} values, as {@code np.percentile} over them
 * (linear interpolation between order statistics), taking every {@code stride}-th value offered
 * to a channel: at most {@value #MAX_VALUES} values per channel are kept, so a 60 s window at
 * 30 Hz (1,800 frames) keeps every 8th frame, 225 values. A window of up to {@value #MAX_VALUES}
 * values keeps them all (stride 1: exactly the percentile of the last {@code window} values).
 * Each channel keeps a ring of its kept values and the same values sorted, so a kept value costs
 * one binary search and one array shift instead of a sort, and the others nothing. The stride is
 * what makes 100,000 ROIs affordable: every frame into a sorted window of 1,800 moved ~900 floats
 * per ROI and frame (≈ 25 ms per frame at 100,000 ROIs) and held 1.4 GB; a baseline moves slowly
 * and neighbouring frames of a calcium trace are alike, so every 8th frame estimates it as well.
 * All memory is allocated by the constructor.
 */
final class RunningPercentile {
    /** Most values kept per channel; above it the stride grows. */
    static final int MAX_VALUES = 256;

    private final int channels;
    private final int window;
    private final int stride;
    /** Values kept per channel: {@code ceil(window / stride)}. */
    private final int capacity;

    private final double fraction;
    private final float[] ring; // [channel][capacity], oldest at head
    private final float[] sorted; // [channel][capacity], the first filled values in order
    private final int[] head;
    private final int[] filled;
    /** Per channel: values offered since the last kept one (0: the next is kept). */
    private final int[] phase;

    RunningPercentile(int channels, int window, double percentile) {
        if (channels < 1 || window < 1 || !(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException(
                    "channels " + channels + ", window " + window + ", percentile " + percentile);
        }
        this.channels = channels;
        this.window = window;
        this.stride = (window + MAX_VALUES - 1) / MAX_VALUES;
        this.capacity = (window + stride - 1) / stride;
        this.fraction = percentile / 100;
        this.ring = new float[Math.multiplyExact(channels, capacity)];
        this.sorted = new float[channels * capacity];
        this.head = new int[channels];
        this.filled = new int[channels];
        this.phase = new int[channels];
    }

    int window() {
        return window;
    }

    /** Values held for channel {@code c} (grows to {@code ceil(window / stride)}). */
    int filled(int c) {
        return filled[c];
    }

    /**
     * Offers one value to channel {@code c}: every stride-th is kept, dropping the channel's oldest
     * kept value once the window is full.
     */
    void add(int c, float value) {
        int k = phase[c];
        phase[c] = k + 1 == stride ? 0 : k + 1;
        if (k != 0) {
            return;
        }
        float v = value + 0f; // -0 becomes +0: the binary search and the insertion must agree on order
        int base = c * capacity;
        int n = filled[c];
        if (n == capacity) { // drop the oldest value from the sorted copy, its ring slot takes the new one
            int h = head[c];
            int at = find(base, n, ring[base + h]);
            System.arraycopy(sorted, base + at + 1, sorted, base + at, n - at - 1);
            n--;
            ring[base + h] = v;
            head[c] = h + 1 == capacity ? 0 : h + 1;
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
        int base = c * capacity;
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
        java.util.Arrays.fill(phase, 0);
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

    /**
     * State for a hot-swap: window and stride, then per channel head, fill and phase, then the rings
     * ({@code capacity} values per channel, oldest at head).
     */
    void write(java.nio.ByteBuffer b) {
        b.putInt(channels).putInt(window).putInt(stride);
        for (int c = 0; c < channels; c++) {
            b.putInt(head[c]).putInt(filled[c]).putInt(phase[c]);
        }
        for (float v : ring) {
            b.putFloat(v);
        }
    }

    /**
     * Restores a {@link #write}. {@code strided} false reads the layout from before the stride
     * (every value of the window kept, no stride or phase), as a bundle updated in place hands it
     * over: its values are offered again in their order, so what is kept is what this instance would
     * have kept of them.
     */
    void read(java.nio.ByteBuffer b, boolean strided) {
        int ch = b.getInt();
        int w = b.getInt();
        if (ch != channels || w != window) {
            throw new IllegalArgumentException(
                    "snapshot has " + ch + " channels × window " + w + ", this node " + channels + " × " + window);
        }
        if (!strided) {
            readUnstrided(b);
            return;
        }
        int st = b.getInt();
        if (st != stride) {
            throw new IllegalArgumentException("snapshot keeps one value in " + st + ", this node one in " + stride);
        }
        for (int c = 0; c < channels; c++) {
            head[c] = b.getInt();
            filled[c] = b.getInt();
            phase[c] = b.getInt();
        }
        for (int i = 0; i < ring.length; i++) {
            ring[i] = b.getFloat();
        }
        for (int c = 0; c < channels; c++) { // rebuild the sorted copies from the rings
            System.arraycopy(ring, c * capacity, sorted, c * capacity, filled[c]);
            Arrays.sort(sorted, c * capacity, c * capacity + filled[c]);
        }
    }

    private void readUnstrided(java.nio.ByteBuffer b) {
        int[] oldHead = new int[channels];
        int[] oldFilled = new int[channels];
        for (int c = 0; c < channels; c++) {
            oldHead[c] = b.getInt();
            oldFilled[c] = b.getInt();
        }
        float[] old = new float[Math.multiplyExact(channels, window)];
        for (int i = 0; i < old.length; i++) {
            old[i] = b.getFloat();
        }
        clear();
        for (int c = 0; c < channels; c++) {
            int n = oldFilled[c];
            // a full ring's oldest value is at its head; a filling one starts at 0
            int from = n == window ? oldHead[c] : 0;
            for (int i = 0; i < n; i++) {
                add(c, old[c * window + (from + i) % window]);
            }
        }
    }

    int snapshotBytes() {
        return 12 + 12 * channels + 4 * ring.length;
    }
}
