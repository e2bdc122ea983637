package org.neurorig.plugin.spikes.internal;

import org.neurorig.api.numeric.Median;

/**
 * Per-channel robust noise level, {@code median(|x − median(x)|) / 0.6745}, over a window of
 * subsampled recent values. The window is a ring of {@code capacity} values per channel taken
 * every {@code stride}-th sample, so a 1 s window at 30 kHz costs 2048 floats per channel, not
 * 30,000. It is stored row by row, as the samples come: offering a row is one copy, where a
 * channel-major ring scattered each row's values {@code capacity} floats apart (3,072 cache
 * misses per row at 8 probes); an estimate gathers its channel's column, and estimates are spread
 * over a second. All memory is allocated by the constructor.
 */
final class RobustNoise {
    /** MAD of a Gaussian is 0.6745 σ. */
    static final double MAD_TO_SIGMA = 0.6745;

    private final int channels;
    private final int capacity;
    private final int stride;
    private final float[] window; // [capacity][channel]: row r of the ring at r * channels
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
        this.window = new float[channels * capacity];
        this.scratch = new float[capacity];
        this.sigma = new double[channels];
        java.util.Arrays.fill(sigma, Double.NaN);
    }

    /** Offers one sample row ({@code channels} values from {@code off}); keeps every stride-th. */
    void offer(float[] row, int off) {
        if (phase++ % stride != 0) {
            return;
        }
        System.arraycopy(row, off, window, next * channels, channels);
        next = next + 1 == capacity ? 0 : next + 1;
        if (filled < capacity) {
            filled++;
        }
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
        for (int i = 0; i < n; i++) {
            scratch[i] = window[i * channels + c];
        }
        float med = Median.of(scratch, n);
        for (int i = 0; i < n; i++) {
            scratch[i] = Math.abs(window[i * channels + c] - med);
        }
        sigma[c] = Median.of(scratch, n) / MAD_TO_SIGMA;
    }

    /** The last estimate of channel {@code c} (NaN before the first update). */
    double sigma(int c) {
        return sigma[c];
    }

    /** Bytes {@link #write} needs. */
    int snapshotBytes() {
        return 20 + 4 * window.length + 8 * sigma.length;
    }

    /** Window, position and estimates, for a hot-swap. */
    void write(java.nio.ByteBuffer b) {
        b.putInt(channels).putInt(capacity).putInt(next).putInt(filled).putInt(phase);
        // channel by channel, as snapshots have always been written
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < capacity; i++) {
                b.putFloat(window[i * channels + c]);
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
                window[i * channels + c] = b.getFloat();
            }
        }
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = b.getDouble();
        }
    }
}
