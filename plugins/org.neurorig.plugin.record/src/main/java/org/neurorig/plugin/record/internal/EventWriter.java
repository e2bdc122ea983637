package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.neurorig.api.Block;
import org.neurorig.api.StreamSpec;

/**
 * {@code events/<src>-<id>.<stream>/TTL/}: per edge {@code states.npy} (int16, +line for a rising
 * and −line for a falling edge, lines counted from 1 as the GUI does), {@code sample_numbers.npy}
 * (int64), {@code timestamps.npy} (float64 s) and {@code full_words.npy} (uint64: bit k set while
 * line k is high, after the edge). Every event is an edge, whether or not it carries text (a
 * trial's entry and exit: its line and state matter); a text is written to the recording's
 * {@link MessageWriter} as well.
 */
final class EventWriter implements StreamWriter {
    private static final int STAGE = 1 << 16;

    private final double rate;
    private final MessageWriter messages;
    private final AppendFile states;
    private final AppendFile sampleNumbers;
    private final AppendFile timestamps;
    private final AppendFile fullWords;
    private final AppendFile[] files;
    private long word;

    EventWriter(Path ttlFolder, StreamSpec spec, MessageWriter messages) throws IOException {
        this.rate = spec.sampleRate();
        this.messages = messages;
        int[] row = new int[0];
        states = AppendFile.npy(ttlFolder.resolve("states.npy"), "<i2", 2, row, STAGE);
        sampleNumbers = AppendFile.npy(ttlFolder.resolve("sample_numbers.npy"), "<i8", 8, row, STAGE);
        timestamps = AppendFile.npy(ttlFolder.resolve("timestamps.npy"), "<f8", 8, row, STAGE);
        fullWords = AppendFile.npy(ttlFolder.resolve("full_words.npy"), "<u8", 8, row, STAGE);
        files = new AppendFile[] {states, sampleNumbers, timestamps, fullWords};
    }

    @Override
    public void write(Block b) throws IOException {
        int n = b.sampleCount();
        long[] at = b.itemSample();
        int[] line = b.itemChannel();
        int[] state = b.itemValue();
        String[] text = b.itemText();
        for (int i = 0; i < n; i++) {
            if (text[i] != null) {
                messages.write(at[i], rate, text[i]);
            }
            int l = line[i];
            boolean high = state[i] != 0;
            if (l >= 0 && l < 64) {
                word = high ? word | (1L << l) : word & ~(1L << l);
            }
            states.reserve(2).putShort((short) (high ? l + 1 : -(l + 1)));
            sampleNumbers.reserve(8).putLong(at[i]);
            timestamps.reserve(8).putDouble(rate > 0 ? at[i] / rate : Double.NaN);
            fullWords.reserve(8).putLong(word);
            states.addRows(1);
            sampleNumbers.addRows(1);
            timestamps.addRows(1);
            fullWords.addRows(1);
        }
    }

    @Override
    public AppendFile[] files() {
        return files;
    }

    /** TTL edges written so far. */
    long edges() {
        return states.rows();
    }
}
