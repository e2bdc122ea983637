package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the .npy files of a recording back in tests (v1.0 headers, little-endian data). */
final class Npy {
    private static final Pattern SHAPE = Pattern.compile("'shape': \\((\\d+),");

    private Npy() {}

    static String header(Path p) throws IOException {
        byte[] all = Files.readAllBytes(p);
        int len = (all[8] & 0xff) | (all[9] & 0xff) << 8;
        return new String(all, 10, len, StandardCharsets.US_ASCII);
    }

    /** The number of rows the header states. */
    static long rows(Path p) throws IOException {
        Matcher m = SHAPE.matcher(header(p));
        if (!m.find()) {
            throw new IOException("no shape in " + p + ": " + header(p));
        }
        return Long.parseLong(m.group(1));
    }

    static ByteBuffer data(Path p) throws IOException {
        byte[] all = Files.readAllBytes(p);
        int len = (all[8] & 0xff) | (all[9] & 0xff) << 8;
        return ByteBuffer.wrap(all, 10 + len, all.length - 10 - len).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    static long[] longs(Path p) throws IOException {
        ByteBuffer b = data(p);
        long[] out = new long[b.remaining() / 8];
        b.asLongBuffer().get(out);
        return out;
    }

    static double[] doubles(Path p) throws IOException {
        ByteBuffer b = data(p);
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }

    static short[] shorts(Path p) throws IOException {
        ByteBuffer b = data(p);
        short[] out = new short[b.remaining() / 2];
        b.asShortBuffer().get(out);
        return out;
    }

    /** continuous.dat as int16 values. */
    static short[] dat(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        short[] out = new short[b.remaining() / 2];
        b.asShortBuffer().get(out);
        return out;
    }
}
