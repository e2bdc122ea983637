package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;

/**
 * {@code continuous/<src>-<id>.<stream>/}: {@code continuous.dat} (int16 little-endian,
 * sample-major interleaved), {@code sample_numbers.npy} (int64) and {@code timestamps.npy}
 * (float64 seconds = sample number / rate, as the GUI 0.6 writes them). Float samples are divided
 * by the channel's {@code bit_volts}, rounded half up and clamped to int16; clamped values are
 * counted in {@link #saturated()}.
 */
final class ContinuousWriter implements StreamWriter {
    /**
     * Staged before a write (or one block, if larger). Small enough that a write holds the recorder
     * briefly: with 1 MB, each write of fresh pages held it ~2 ms (a tmpfs page costs ~1.2 µs on the
     * development VM) and the blocks queued behind it missed the 2 ms hop bound of issue 13 from 4
     * probes on; with 256 KB, 6 probes meet it. Large enough that the system calls do not count.
     */
    private static final int DAT_STAGE_BYTES = 1 << 18;

    private final int channels;
    private final double rate;
    private final boolean float32;
    private final double[] countsPerUnit;
    private final short[] scratch;
    private final AppendFile dat;
    private final AppendFile sampleNumbers;
    private final AppendFile timestamps;
    private final AppendFile[] files;
    private long saturated;

    /**
     * @param bitVolts the {@code bit_volts} written for each channel (for float streams, the scale of
     *                 the conversion to int16)
     */
    ContinuousWriter(Path folder, StreamSpec spec, double[] bitVolts) throws IOException {
        channels = spec.channelCount();
        rate = spec.sampleRate();
        float32 = spec.kind() == Kind.CONTINUOUS_F32;
        countsPerUnit = new double[channels];
        for (int c = 0; c < channels; c++) {
            countsPerUnit[c] = 1.0 / bitVolts[c];
        }
        int values = Math.multiplyExact(spec.blockSamples(), Math.max(1, channels));
        scratch = float32 ? new short[values] : new short[0];
        int rowStage = Math.max(1 << 16, spec.blockSamples() * 8);
        dat = AppendFile.raw(folder.resolve("continuous.dat"), Math.max(DAT_STAGE_BYTES, 2 * values));
        sampleNumbers = AppendFile.npy(folder.resolve("sample_numbers.npy"), "<i8", 8, new int[0], rowStage);
        timestamps = AppendFile.npy(folder.resolve("timestamps.npy"), "<f8", 8, new int[0], rowStage);
        files = new AppendFile[] {dat, sampleNumbers, timestamps};
    }

    @Override
    public void write(Block b) throws IOException {
        int n = b.sampleCount();
        if (n == 0) {
            return;
        }
        int values = n * channels;
        if (float32) {
            float[] in = b.f32();
            short[] out = scratch;
            long clamped = 0;
            int i = 0;
            for (int s = 0; s < n; s++) {
                for (int c = 0; c < channels; c++, i++) {
                    // floor(x + 0.5): round half up, as Math.round and the documented readers do
                    long v = Math.round(in[i] * countsPerUnit[c]);
                    if (v > Short.MAX_VALUE) {
                        v = Short.MAX_VALUE;
                        clamped++;
                    } else if (v < Short.MIN_VALUE) {
                        v = Short.MIN_VALUE;
                        clamped++;
                    }
                    out[i] = (short) v;
                }
            }
            saturated += clamped;
            dat.putShorts(out, 0, values);
        } else {
            dat.putShorts(b.i16(), 0, values);
        }
        long first = b.firstSample();
        ByteBuffer sn = sampleNumbers.reserve(8 * n);
        for (int s = 0; s < n; s++) {
            sn.putLong(first + s);
        }
        sampleNumbers.addRows(n);
        ByteBuffer ts = timestamps.reserve(8 * n);
        for (int s = 0; s < n; s++) {
            ts.putDouble(rate > 0 ? (first + s) / rate : Double.NaN);
        }
        timestamps.addRows(n);
    }

    /** Float values clamped to the int16 range so far. */
    long saturated() {
        return saturated;
    }

    /** Samples written so far. */
    long samples() {
        return sampleNumbers.rows();
    }

    @Override
    public AppendFile[] files() {
        return files;
    }
}
