package org.neurorig.adapter.openephys.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small .npy files the way NumPy does (version 1.0, header padded to 64 bytes). */
final class NpyWriter {
    private NpyWriter() {}

    static void int64(Path file, long[] values) throws IOException {
        ByteBuffer b = start("<i8", values.length, 8);
        for (long v : values) {
            b.putLong(v);
        }
        Files.write(file, b.array());
    }

    static void int16(Path file, short[] values) throws IOException {
        ByteBuffer b = start("<i2", values.length, 2);
        for (short v : values) {
            b.putShort(v);
        }
        Files.write(file, b.array());
    }

    private static ByteBuffer start(String descr, int n, int size) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + n + ",), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + n * size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return b;
    }
}
