package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.neurorig.api.Block;
import org.neurorig.api.StreamSpec;

/**
 * {@code spikes/<src>-<id>.<stream>/}: per spike {@code waveforms.npy} (int16, shape
 * {@code (n, 1, L)}: the waveform on the spike's channel divided by that channel's
 * {@code bit_volts}, rounded half up, clamped), {@code sample_numbers.npy} (int64),
 * {@code timestamps.npy} (float64 s), {@code electrode_indices.npy} (uint16: the channel) and
 * {@code clusters.npy} (uint16: the unit, 0 = unsorted).
 */
final class SpikeWriter implements StreamWriter {
    private static final int STAGE = 1 << 16;

    private final double rate;
    private final int waveformLength;
    private final double[] countsPerUnit;
    private final AppendFile waveforms;
    private final AppendFile sampleNumbers;
    private final AppendFile timestamps;
    private final AppendFile electrodes;
    private final AppendFile clusters;
    private final AppendFile[] files;
    private long saturated;

    SpikeWriter(Path folder, StreamSpec spec, double[] bitVolts) throws IOException {
        rate = spec.sampleRate();
        waveformLength = spec.waveformLength();
        countsPerUnit = new double[bitVolts.length];
        for (int c = 0; c < bitVolts.length; c++) {
            countsPerUnit[c] = 1.0 / bitVolts[c];
        }
        int[] row = new int[0];
        waveforms = AppendFile.npy(
                folder.resolve("waveforms.npy"),
                "<i2",
                2,
                new int[] {1, waveformLength},
                Math.max(STAGE, 2 * waveformLength));
        sampleNumbers = AppendFile.npy(folder.resolve("sample_numbers.npy"), "<i8", 8, row, STAGE);
        timestamps = AppendFile.npy(folder.resolve("timestamps.npy"), "<f8", 8, row, STAGE);
        electrodes = AppendFile.npy(folder.resolve("electrode_indices.npy"), "<u2", 2, row, STAGE);
        clusters = AppendFile.npy(folder.resolve("clusters.npy"), "<u2", 2, row, STAGE);
        files = new AppendFile[] {waveforms, sampleNumbers, timestamps, electrodes, clusters};
    }

    @Override
    public void write(Block b) throws IOException {
        int n = b.sampleCount();
        int len = Math.min(waveformLength, b.waveformLength());
        long[] at = b.itemSample();
        int[] channel = b.itemChannel();
        int[] unit = b.itemValue();
        float[] w = b.f32();
        for (int i = 0; i < n; i++) {
            int c = channel[i];
            double k = c >= 0 && c < countsPerUnit.length ? countsPerUnit[c] : 1.0;
            ByteBuffer wf = waveforms.reserve(2 * waveformLength);
            int base = i * b.waveformLength();
            for (int j = 0; j < waveformLength; j++) {
                long v = j < len ? Math.round(w[base + j] * k) : 0;
                if (v > Short.MAX_VALUE || v < Short.MIN_VALUE) {
                    v = v > 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
                    saturated++;
                }
                wf.putShort((short) v);
            }
            waveforms.addRows(1);
            sampleNumbers.reserve(8).putLong(at[i]);
            sampleNumbers.addRows(1);
            timestamps.reserve(8).putDouble(rate > 0 ? at[i] / rate : Double.NaN);
            timestamps.addRows(1);
            electrodes.reserve(2).putShort((short) c);
            electrodes.addRows(1);
            clusters.reserve(2).putShort((short) unit[i]);
            clusters.addRows(1);
        }
    }

    long spikes() {
        return sampleNumbers.rows();
    }

    long saturated() {
        return saturated;
    }

    @Override
    public AppendFile[] files() {
        return files;
    }
}
