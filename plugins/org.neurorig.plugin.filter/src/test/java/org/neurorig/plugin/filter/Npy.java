package org.neurorig.plugin.filter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the .npy files (v1/v2, little-endian, C order) that the golden script and NumPy write. */
public record Npy(String dtype, int[] shape, ByteBuffer data) {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    public static Npy read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get() != (byte) 0x93 || b.get() != 'N') {
            throw new IOException(file + ": not a .npy file");
        }
        b.position(6);
        int major = b.get();
        b.get();
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        byte[] h = new byte[headerLen];
        b.get(h);
        String header = new String(h, StandardCharsets.ISO_8859_1);
        if (header.contains("'fortran_order': True")) {
            throw new IOException(file + ": Fortran order not supported");
        }
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new IOException(file + ": bad header " + header);
        }
        String[] dims = s.group(1).split(",");
        int count = 0;
        for (String dim : dims) {
            count += dim.isBlank() ? 0 : 1;
        }
        int[] shape = new int[count];
        int i = 0;
        for (String dim : dims) {
            if (!dim.isBlank()) {
                shape[i++] = Integer.parseInt(dim.trim());
            }
        }
        String dtype = d.group(1);
        if (dtype.startsWith(">")) {
            throw new IOException(file + ": big-endian " + dtype + " not supported");
        }
        return new Npy(dtype.replace("<", "").replace("|", ""), shape, b.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    public int length() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public float[] f32() {
        require("f4");
        float[] a = new float[length()];
        data.asFloatBuffer().get(a);
        return a;
    }

    public double[] f64() {
        require("f8");
        double[] a = new double[length()];
        data.asDoubleBuffer().get(a);
        return a;
    }

    public short[] i16() {
        require("i2");
        short[] a = new short[length()];
        data.asShortBuffer().get(a);
        return a;
    }

    public long[] i64() {
        require("i8");
        long[] a = new long[length()];
        data.asLongBuffer().get(a);
        return a;
    }

    private void require(String t) {
        if (!dtype.equals(t)) {
            throw new IllegalStateException("array is " + dtype + ", not " + t);
        }
    }
}
