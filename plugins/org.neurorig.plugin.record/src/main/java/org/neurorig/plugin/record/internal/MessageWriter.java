package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code events/MessageCenter/}: text events of every event stream, as the GUI writes its message
 * center: {@code text.npy} ({@code |S513}, UTF-8, zero-padded, cut at 512 bytes),
 * {@code sample_numbers.npy} (int64) and {@code timestamps.npy} (float64 s). Text events are rare;
 * encoding a message allocates.
 */
final class MessageWriter implements StreamWriter {
    static final int TEXT_BYTES = 513;
    private static final int STAGE = 1 << 16;

    private final AppendFile text;
    private final AppendFile sampleNumbers;
    private final AppendFile timestamps;
    private final AppendFile[] files;

    MessageWriter(Path folder) throws IOException {
        int[] row = new int[0];
        text = AppendFile.npy(folder.resolve("text.npy"), "|S" + TEXT_BYTES, TEXT_BYTES, row, STAGE);
        sampleNumbers = AppendFile.npy(folder.resolve("sample_numbers.npy"), "<i8", 8, row, STAGE);
        timestamps = AppendFile.npy(folder.resolve("timestamps.npy"), "<f8", 8, row, STAGE);
        files = new AppendFile[] {text, sampleNumbers, timestamps};
    }

    void write(long sample, double rate, String message) throws IOException {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(utf8.length, TEXT_BYTES - 1);
        ByteBuffer t = text.reserve(TEXT_BYTES);
        t.put(utf8, 0, len);
        for (int i = len; i < TEXT_BYTES; i++) {
            t.put((byte) 0);
        }
        text.addRows(1);
        sampleNumbers.reserve(8).putLong(sample);
        sampleNumbers.addRows(1);
        timestamps.reserve(8).putDouble(rate > 0 ? sample / rate : Double.NaN);
        timestamps.addRows(1);
    }

    @Override
    public void write(org.neurorig.api.Block b) {
        throw new UnsupportedOperationException("messages come from event streams");
    }

    @Override
    public AppendFile[] files() {
        return files;
    }

    long messages() {
        return text.rows();
    }
}
