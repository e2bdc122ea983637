package org.neurorig.plugin.filter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurorig.testkit.SharedData;

/**
 * The real Open Ephys recording in {@code ../shared/data/openephys-cortex16} (see its README):
 * the raw legacy-format file, the GUI's 300–6000 Hz band-passed binary file and its spikes.
 * Tests call {@link #load()}, which skips them when the data is absent (fails when CI=true).
 */
public record Cortex16(
        short[] raw, int rawSamples, short[] bandpassed, int bandpassedSamples, long[] singleElectrodeSpikeTimes) {
    public static final int CHANNELS = 16;
    public static final double RATE = 40000;
    public static final double BIT_VOLTS = 0.05;
    /** bandpassed[i] corresponds to raw[i + RAW_OFFSET] (README, ground truth 1). */
    public static final int RAW_OFFSET = 3077;
    /** Sample number of bandpassed[0] (timestamps.npy of File_Reader-106.0). */
    public static final long BANDPASSED_FIRST_SAMPLE = 54752;

    public static Cortex16 load() throws IOException {
        Path dir = SharedData.dir("openephys-cortex16");
        Path rawDir = dir.resolve("raw-legacy-v0.6.7/Record Node 101");
        int records = 130;
        int perRecord = 1024;
        int samples = records * perRecord;
        short[] raw = new short[samples * CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            Path f = rawDir.resolve("100_example-data_CH" + (c + 1) + ".continuous");
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
            if (b.capacity() != 1024 + records * 2070) {
                throw new IOException(f + ": " + b.capacity() + " bytes, expected " + (1024 + records * 2070));
            }
            for (int r = 0; r < records; r++) {
                int at = 1024 + r * 2070 + 12; // int64 sample number, uint16 count, uint16 recording
                b.order(ByteOrder.BIG_ENDIAN); // legacy format: samples are big-endian
                for (int i = 0; i < perRecord; i++) {
                    raw[(r * perRecord + i) * CHANNELS + c] = b.getShort(at + 2 * i);
                }
            }
        }
        Path rec = dir.resolve("bandpass-binary-v0.5.3/Record Node 118/experiment1/recording1");
        byte[] dat = Files.readAllBytes(rec.resolve("continuous/File_Reader-106.0/continuous.dat"));
        short[] bp = new short[dat.length / 2];
        ByteBuffer.wrap(dat).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(bp);
        long[] spikes = Npy.read(rec.resolve("spikes/Spike_Detector-110.0/spike_group_1/spike_times.npy"))
                .i64();
        return new Cortex16(raw, samples, bp, bp.length / CHANNELS, spikes);
    }
}
