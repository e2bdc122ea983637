package org.neurorig.plugin.filter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A cascade of second-order sections (transposed direct form II, as {@code scipy.signal.sosfilt})
 * applied to every channel of sample-major interleaved blocks, with the state of each channel
 * carried from one block to the next in double precision.
 *
 * <p>State is laid out {@code [section][channel]} and the innermost loops run over channels, so
 * the JIT can vectorise them across channels. All buffers are allocated by the constructor;
 * filtering allocates nothing. A NaN or ±Inf input sample is counted, produces 0 and resets that
 * channel's state, so one bad sample cannot poison the filter. Not thread-safe.
 */
public final class SosFilterBank {
    private static final int SNAPSHOT_VERSION = 1;
    private static final int SNAPSHOT_MAGIC = 0x534F5331; // "SOS1"

    private final int sections;
    private final int channels;
    private final double[] b0;
    private final double[] b1;
    private final double[] b2;
    private final double[] a1;
    private final double[] a2;
    private final double[][] z1;
    private final double[][] z2;
    private final double[] row;
    private long nonFinite;

    /**
     * @param sos      rows {@code b0 b1 b2 a0 a1 a2}, as from {@link ButterworthDesign}; rows with
     *                 {@code a0 != 1} are normalised
     * @param channels interleaved channels per sample
     */
    public SosFilterBank(double[][] sos, int channels) {
        if (sos.length == 0) {
            throw new IllegalArgumentException("no sections");
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1: " + channels);
        }
        this.sections = sos.length;
        this.channels = channels;
        b0 = new double[sections];
        b1 = new double[sections];
        b2 = new double[sections];
        a1 = new double[sections];
        a2 = new double[sections];
        setCoefficients(sos);
        z1 = new double[sections][channels];
        z2 = new double[sections][channels];
        row = new double[channels];
    }

    /**
     * Replaces the coefficients, keeping the state (a cut-off change made live). The number of
     * sections must stay the same.
     */
    public void setCoefficients(double[][] sos) {
        if (sos.length != sections) {
            throw new IllegalArgumentException("sos has " + sos.length + " sections, bank has " + sections);
        }
        for (int s = 0; s < sections; s++) {
            double[] r = sos[s];
            if (r.length != 6 || r[3] == 0) {
                throw new IllegalArgumentException("section " + s + " must be b0 b1 b2 a0 a1 a2 with a0 != 0");
            }
            double a0 = r[3];
            b0[s] = r[0] / a0;
            b1[s] = r[1] / a0;
            b2[s] = r[2] / a0;
            a1[s] = r[4] / a0;
            a2[s] = r[5] / a0;
        }
    }

    public int sections() {
        return sections;
    }

    public int channels() {
        return channels;
    }

    /** Input samples that were NaN or infinite since construction (or the last restore). */
    public long nonFiniteCount() {
        return nonFinite;
    }

    /** Zeroes the state of every channel (e.g. after a discontinuity). */
    public void reset() {
        for (int s = 0; s < sections; s++) {
            java.util.Arrays.fill(z1[s], 0);
            java.util.Arrays.fill(z2[s], 0);
        }
    }

    /** Zeroes the state of one channel. */
    public void resetChannel(int c) {
        for (int s = 0; s < sections; s++) {
            z1[s][c] = 0;
            z2[s][c] = 0;
        }
    }

    /**
     * Filters {@code samples} interleaved float samples from {@code in[inOff…]} into
     * {@code out[outOff…]} ({@code in == out} with equal offsets is allowed).
     */
    public void filter(float[] in, int inOff, float[] out, int outOff, int samples) {
        final int n = channels;
        boolean clean = allFinite(in, inOff, samples * n);
        for (int s = 0; s < samples; s++) {
            int ib = inOff + s * n;
            for (int c = 0; c < n; c++) {
                row[c] = in[ib + c];
            }
            if (!clean) {
                scrubRow();
            }
            runSections();
            int ob = outOff + s * n;
            for (int c = 0; c < n; c++) {
                out[ob + c] = (float) row[c];
            }
        }
    }

    /**
     * Filters {@code samples} interleaved int16 samples, each multiplied by its channel's
     * {@code scale} (e.g. bitVolts, giving µV) before filtering.
     */
    public void filter(short[] in, int inOff, double[] scale, float[] out, int outOff, int samples) {
        if (scale.length < channels) {
            throw new IllegalArgumentException("scale has " + scale.length + " entries for " + channels + " channels");
        }
        final int n = channels;
        for (int s = 0; s < samples; s++) {
            int ib = inOff + s * n;
            for (int c = 0; c < n; c++) {
                row[c] = in[ib + c] * scale[c];
            }
            runSections();
            int ob = outOff + s * n;
            for (int c = 0; c < n; c++) {
                out[ob + c] = (float) row[c];
            }
        }
    }

    /** The hot loop: every section over one sample row, channels innermost. */
    private void runSections() {
        final int n = channels;
        final double[] x = row;
        for (int s = 0; s < sections; s++) {
            final double c0 = b0[s];
            final double c1 = b1[s];
            final double c2 = b2[s];
            final double d1 = a1[s];
            final double d2 = a2[s];
            final double[] s1 = z1[s];
            final double[] s2 = z2[s];
            for (int c = 0; c < n; c++) {
                double xn = x[c];
                double y = c0 * xn + s1[c];
                s1[c] = c1 * xn - d1 * y + s2[c];
                s2[c] = c2 * xn - d2 * y;
                x[c] = y;
            }
        }
    }

    /** Replaces non-finite inputs of the current row by 0 with a fresh state: output 0, no poison. */
    private void scrubRow() {
        for (int c = 0; c < channels; c++) {
            double v = row[c];
            if (v - v != 0) {
                nonFinite++;
                row[c] = 0;
                resetChannel(c);
            }
        }
    }

    private static boolean allFinite(float[] a, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            float v = a[i];
            if (v - v != 0) {
                return false;
            }
        }
        return true;
    }

    /** The filter state (versioned, little-endian): carried across a hot-swap by the nodes. */
    public byte[] snapshot() {
        ByteBuffer b = ByteBuffer.allocate(20 + 16 * sections * channels).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(SNAPSHOT_MAGIC).putInt(SNAPSHOT_VERSION).putInt(sections).putInt(channels);
        b.putInt(0); // reserved
        for (int s = 0; s < sections; s++) {
            for (int c = 0; c < channels; c++) {
                b.putDouble(z1[s][c]).putDouble(z2[s][c]);
            }
        }
        return b.array();
    }

    /**
     * Restores a {@link #snapshot()}.
     *
     * @throws IllegalArgumentException when the snapshot is not ours or its shape differs
     */
    public void restore(byte[] state) {
        ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        if (state.length < 20 || b.getInt() != SNAPSHOT_MAGIC) {
            throw new IllegalArgumentException("not a SosFilterBank snapshot (" + state.length + " bytes)");
        }
        int version = b.getInt();
        int s0 = b.getInt();
        int c0 = b.getInt();
        b.getInt();
        if (version != SNAPSHOT_VERSION || s0 != sections || c0 != channels) {
            throw new IllegalArgumentException("snapshot v" + version + " of " + s0 + " sections × " + c0
                    + " channels does not fit v" + SNAPSHOT_VERSION + " " + sections + " × " + channels);
        }
        for (int s = 0; s < sections; s++) {
            for (int c = 0; c < channels; c++) {
                z1[s][c] = b.getDouble();
                z2[s][c] = b.getDouble();
            }
        }
    }
}
