package org.neurorig.plugin.spikes.internal;

import org.neurorig.api.numeric.Median;

/**
 * Per-channel robust noise level, {@code median(|x − median(x)|) / 0.6745}, over a window of
 * subsampled recent values. The window is a ring of {@code capacity} values per channel taken
 * every {@code stride}-th sample, so a 1 s window at 30 kHz costs 2048 floats per channel, not
 * 30,000. It is stored in tiles of {@value #TILE} adjacent channels, each tile row by row
 * ({@code [tile][row][channel in tile]}): offering a row is one short copy per tile (a cache line),
 * where a channel-major ring scattered each row's values {@code capacity} floats apart (3,072 cache
 * misses per row at 8 probes); and an estimate reads its channel from one contiguous run of
 * {@code capacity} lines that the hardware prefetches, where a plain row-major window put every
 * value of a channel on another page (a miss each: a 1 s sweep of 3,072 channels then took a
 * quarter of the detector's time). Estimates are spread over a second. All memory is allocated by
 * the constructor.
 */
final class RobustNoise {
    /** MAD of a Gaussian is 0.6745 σ. */
    static final double MAD_TO_SIGMA = 0.6745;
    /** Channels per tile: 16 floats, one 64-byte cache line. */
    static final int TILE = 16;

    private final int channels;
    private final int capacity;
    private final int stride;
    private final float[] window; // [tile][capacity][TILE]: see at()
    private final float[] scratch;
    private final double[] sigma;
    private int next;
    private int filled;
    private int phase;

    RobustNoise(int channels, int capacity, int stride) {
        if (channels < 1 || capacity < 3 || stride < 1) {
            throw new IllegalArgumentException(
                    "channels " + channels + ", capacity " + capacity + ", stride " + stride);
        }
        this.channels = channels;
        this.capacity = capacity;
        this.stride = stride;
        this.window = new float[Math.multiplyExact((channels + TILE - 1) / TILE * TILE, capacity)];
        this.scratch = new float[capacity];
        this.sigma = new double[channels];
        java.util.Arrays.fill(sigma, Double.NaN);
    }

    /** Offers one sample row ({@code channels} values from {@code off}); keeps every stride-th. */
    void offer(float[] row, int off) {
        if (phase++ % stride != 0) {
            return;
        }
        for (int c0 = 0; c0 < channels; c0 += TILE) {
            System.arraycopy(row, off + c0, window, at(next, c0), Math.min(TILE, channels - c0));
        }
        next = next + 1 == capacity ? 0 : next + 1;
        if (filled < capacity) {
            filled++;
        }
    }

    /** Where row {@code r}'s value of channel {@code c} is kept. */
    private int at(int r, int c) {
        return (c / TILE * capacity + r) * TILE + c % TILE;
    }

    /** True once the window has been filled at least once. */
    boolean ready() {
        return filled == capacity;
    }

    /** Recomputes channel {@code c}'s estimate from the current window (allocation-free). */
    void update(int c) {
        int n = filled;
        if (n < 3) {
            return;
        }
        int from = at(0, c);
        for (int i = 0; i < n; i++) {
            scratch[i] = window[from + i * TILE];
        }
        float med = Median.of(scratch, n);
        for (int i = 0; i < n; i++) {
            scratch[i] = Math.abs(window[from + i * TILE] - med);
        }
        sigma[c] = Median.of(scratch, n) / MAD_TO_SIGMA;
    }

    /** The last estimate of channel {@code c} (NaN before the first update). */
    double sigma(int c) {
        return sigma[c];
    }

    /** Bytes {@link #write} needs. */
    int snapshotBytes() {
        return 20 + 4 * channels * capacity + 8 * sigma.length;
    }

    /** Window, position and estimates, for a hot-swap. */
    void write(java.nio.ByteBuffer b) {
        b.putInt(channels).putInt(capacity).putInt(next).putInt(filled).putInt(phase);
        // channel by channel, as snapshots have always been written
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < capacity; i++) {
                b.putFloat(window[at(i, c)]);
            }
        }
        for (double v : sigma) {
            b.putDouble(v);
        }
    }

    void read(java.nio.ByteBuffer b) {
        int ch = b.getInt();
        int cap = b.getInt();
        if (ch != channels || cap != capacity) {
            throw new IllegalArgumentException("noise snapshot has " + ch + " channels × " + cap
                    + " values, this detector " + channels + " × " + capacity);
        }
        next = b.getInt();
        filled = b.getInt();
        phase = b.getInt();
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < capacity; i++) {
                window[at(i, c)] = b.getFloat();
            }
        }
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = b.getDouble();
        }
    }
}
