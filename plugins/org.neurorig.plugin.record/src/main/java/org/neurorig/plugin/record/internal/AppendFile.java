package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.neurorig.io.NpyFile;

/**
 * An append-only data file written through a {@link FileChannel} from one reused, direct,
 * little-endian staging buffer: either raw ({@code continuous.dat}) or a {@code .npy} array whose
 * fixed 128-byte header (as the Open Ephys GUI writes it) states the number of rows written so
 * far. The header is rewritten in place by {@link #flush(boolean)}, so after a flush the file is a
 * valid array; between flushes the header may lag behind the data, which {@code neurorig recover}
 * repairs. Nothing here allocates after construction except when the header is rewritten.
 */
final class AppendFile implements AutoCloseable {

    final Path path;
    private final FileChannel channel;
    private final ByteBuffer stage;
    /** A view of {@code stage} for bulk int16 copies (positioned by hand, so no view is made per call). */
    private final java.nio.ShortBuffer stageShorts;
    /** numpy dtype ({@code <i8}) or {@code null} for a raw file. */
    private final String descr;
    /** Trailing dimensions of a row; empty for a 1-D array. */
    private final int[] rowShape;

    private final int rowBytes;
    private final ByteBuffer header;
    private long rows;
    private long headerRows = -1;
    private long bytesWritten;
    /** Written since the last fsync: {@link #force()} skips a file nothing was written to. */
    private boolean unsynced;

    private AppendFile(Path path, int stageBytes, String descr, int itemBytes, int[] rowShape) throws IOException {
        this.path = path;
        this.descr = descr;
        this.rowShape = rowShape.clone();
        int r = itemBytes;
        for (int d : rowShape) {
            r = Math.multiplyExact(r, d);
        }
        this.rowBytes = r;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.stage = ByteBuffer.allocateDirect(Math.max(stageBytes, 64)).order(ByteOrder.LITTLE_ENDIAN);
        this.stageShorts = stage.asShortBuffer();
        if (descr != null) {
            header = ByteBuffer.allocate(NpyFile.HEADER_BYTES);
            writeHeader();
            channel.position(NpyFile.HEADER_BYTES); // the header was written in place; data follows it
        } else {
            header = null;
        }
    }

    /** A raw file ({@code continuous.dat}); {@code stageBytes} is the staging buffer size. */
    static AppendFile raw(Path path, int stageBytes) throws IOException {
        return new AppendFile(path, stageBytes, null, 1, new int[0]);
    }

    /**
     * A {@code .npy} array of dtype {@code descr} (e.g. {@code <i8}), {@code itemBytes} per element,
     * rows of shape {@code rowShape} (empty for 1-D).
     */
    static AppendFile npy(Path path, String descr, int itemBytes, int[] rowShape, int stageBytes) throws IOException {
        return new AppendFile(path, stageBytes, descr, itemBytes, rowShape);
    }

    /**
     * The staging buffer with room for at least {@code bytes} more bytes, written out first when
     * needed. Put exactly the promised bytes, then call {@link #addRows(long)} for .npy files.
     */
    ByteBuffer reserve(int bytes) throws IOException {
        if (stage.remaining() < bytes) {
            drain();
            if (stage.capacity() < bytes) {
                throw new IllegalArgumentException(path + ": a write of " + bytes + " bytes exceeds the "
                        + stage.capacity() + "-byte staging buffer");
            }
        }
        return stage;
    }

    /**
     * Appends {@code n} int16 values little-endian in one bulk copy (a raw file whose every write
     * is int16, so the staging position stays even).
     */
    void putShorts(short[] values, int offset, int n) throws IOException {
        int bytes = 2 * n;
        reserve(bytes);
        int at = stage.position();
        stageShorts.limit(stageShorts.capacity()).position(at >> 1);
        stageShorts.put(values, offset, n);
        stage.position(at + bytes);
    }

    /** Counts rows just put into the staging buffer. */
    void addRows(long n) {
        rows += n;
    }

    /** Rows appended so far (staged or written). */
    long rows() {
        return rows;
    }

    /** Bytes appended so far, header excluded (staged or written). */
    long dataBytes() {
        return bytesWritten + stage.position();
    }

    /** Writes staged bytes, makes the .npy header state every row written, and fsyncs when asked. */
    void flush(boolean fsync) throws IOException {
        drain();
        if (header != null && headerRows != rows) {
            writeHeader();
        }
        if (fsync) {
            force();
        }
    }

    /** Fsyncs what was written since the last fsync (data and header). */
    void force() throws IOException {
        if (unsynced) {
            channel.force(false);
            unsynced = false;
        }
    }

    private void drain() throws IOException {
        stage.flip();
        if (stage.hasRemaining()) {
            unsynced = true;
        }
        while (stage.hasRemaining()) {
            bytesWritten += channel.write(stage);
        }
        stage.clear();
    }

    private void writeHeader() throws IOException {
        header.clear();
        header.put(NpyFile.header(descr, rows, rowShape));
        header.flip();
        long at = 0;
        while (header.hasRemaining()) {
            at += channel.write(header, at);
        }
        headerRows = rows;
        unsynced = true;
    }

    /** Bytes per row. */
    int rowBytes() {
        return rowBytes;
    }

    @Override
    public void close() throws IOException {
        try {
            flush(true);
        } finally {
            channel.close();
        }
    }
}
