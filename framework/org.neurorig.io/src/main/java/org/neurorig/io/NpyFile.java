package org.neurorig.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array: the header (dtype, shape, order) and its values. The format is a
 * magic string, a version, a header length and a Python dict literal; no parser library is needed.
 * Numeric little-endian or byte-sized dtypes only ({@code i1 u1 b1 i2 u2 i4 u4 i8 u8 f4 f8}).
 * Every error names the file. {@link #header} makes the headers of the arrays NeuroRig writes.
 */
public final class NpyFile {
    /** Size of every header {@link #header} makes (magic, version, length, dict, padding, newline). */
    public static final int HEADER_BYTES = 128;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([biuf])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final String name;
    private final char type;
    private final int itemSize;
    private final long[] shape;
    private final boolean fortranOrder;
    private final long dataOffset;
    private final long count;

    private NpyFile(String name, char type, int itemSize, long[] shape, boolean fortranOrder, long dataOffset) {
        this.name = name;
        this.type = type;
        this.itemSize = itemSize;
        this.shape = shape;
        this.fortranOrder = fortranOrder;
        this.dataOffset = dataOffset;
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        this.count = n;
    }

    /**
     * Reads the header of {@code file} and checks that the file holds all the values it declares.
     *
     * @throws IOException naming the file: missing, not an .npy file, unsupported dtype, truncated
     */
    public static NpyFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "missing .npy file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(ch.size(), 65_536 + 12));
            ch.read(head, 0);
            head.flip();
            NpyFile npy = parseHeader(file.toString(), head);
            long need = npy.dataOffset + npy.count * npy.itemSize;
            if (ch.size() < need) {
                throw new IOException(file + ": truncated .npy file: the header declares shape "
                        + Arrays.toString(npy.shape) + " (" + need + " bytes) but the file has " + ch.size());
            }
            return npy;
        }
    }

    /** Parses an .npy held in memory (an entry of an .npz archive); {@code name} is used in messages. */
    public static NpyFile parse(String name, ByteBuffer bytes) throws IOException {
        NpyFile npy = parseHeader(name, bytes.duplicate());
        long need = npy.dataOffset + npy.count * npy.itemSize;
        if (bytes.remaining() < need) {
            throw new IOException(name + ": truncated .npy data: shape " + Arrays.toString(npy.shape) + " needs " + need
                    + " bytes, found " + bytes.remaining());
        }
        return npy;
    }

    private static NpyFile parseHeader(String name, ByteBuffer b) throws IOException {
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 10) {
            throw new IOException(name + ": not an .npy file (" + b.remaining() + " bytes)");
        }
        for (byte m : MAGIC) {
            if (b.get() != m) {
                throw new IOException(name + ": not an .npy file (no \\x93NUMPY magic)");
            }
        }
        int major = b.get() & 0xff;
        b.get(); // minor version: no effect on the layout
        long headerLen;
        if (major == 1) {
            headerLen = b.getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            headerLen = b.getInt() & 0xffffffffL;
        } else {
            throw new IOException(name + ": unsupported .npy version " + major);
        }
        if (headerLen > b.remaining()) {
            throw new IOException(name + ": truncated .npy header (" + headerLen + " bytes declared)");
        }
        byte[] text = new byte[(int) headerLen];
        b.get(text);
        String header = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(name + ": unsupported .npy header (need a simple numeric 'descr', "
                    + "'fortran_order' and 'shape'): " + header.trim());
        }
        char type = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        boolean ok =
                switch (type) {
                    case 'b' -> size == 1;
                    case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
                    case 'f' -> size == 4 || size == 8;
                    default -> false;
                };
        if (!ok || (d.group(1).equals(">") && size > 1)) {
            throw new IOException(
                    name + ": unsupported dtype '" + d.group(1) + type + size + "' (little-endian numeric only)");
        }
        String[] dims = s.group(1).split(",");
        long[] shape = Arrays.stream(dims)
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
        long offset = (major == 1 ? 10 : 12) + headerLen;
        return new NpyFile(name, type, size, shape, f.group(1).equals("True"), offset);
    }

    /** The file (or archive entry) name, for messages. */
    public String name() {
        return name;
    }

    /** Dimensions; empty for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of values (product of the shape). */
    public long count() {
        return count;
    }

    /** True when the array is stored column-major. */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** Byte offset of the first value. */
    public long dataOffset() {
        return dataOffset;
    }

    /** The dtype as NumPy writes it without byte order, e.g. {@code i8}, {@code f4}. */
    public String dtype() {
        return "" + type + itemSize;
    }

    /** Bytes per value. */
    public int itemSize() {
        return itemSize;
    }

    /** True for signed or unsigned integer dtypes of 8 bytes. */
    public boolean isInt64() {
        return (type == 'i' || type == 'u') && itemSize == 8;
    }

    /** Reads every value of the file as a double (for arrays small enough to hold in memory). */
    public double[] readDoubles(Path file) throws IOException {
        return readDoubles(ByteBuffer.wrap(Files.readAllBytes(file)));
    }

    /** Reads every value, from {@code bytes} holding the whole .npy, as a double. */
    public double[] readDoubles(ByteBuffer bytes) throws IOException {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(count);
        double[] out = new double[n];
        int at = Math.toIntExact(dataOffset) + b.position();
        for (int i = 0; i < n; i++, at += itemSize) {
            out[i] = switch (type) {
                case 'f' -> itemSize == 4 ? b.getFloat(at) : b.getDouble(at);
                case 'u' -> switch (itemSize) {
                    case 1 -> b.get(at) & 0xff;
                    case 2 -> b.getShort(at) & 0xffff;
                    case 4 -> b.getInt(at) & 0xffffffffL;
                    default -> b.getLong(at);
                };
                case 'b' -> b.get(at) != 0 ? 1 : 0;
                default -> switch (itemSize) {
                    case 1 -> b.get(at);
                    case 2 -> b.getShort(at);
                    case 4 -> b.getInt(at);
                    default -> b.getLong(at);
                };
            };
        }
        return out;
    }

    /** Reads every value of an integer array of {@code file} as a long. */
    public long[] readLongs(Path file) throws IOException {
        if (type == 'f') {
            throw new IOException(name + ": expected an integer array, found dtype " + dtype());
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(count);
        long[] out = new long[n];
        int at = Math.toIntExact(dataOffset);
        for (int i = 0; i < n; i++, at += itemSize) {
            out[i] = switch (itemSize) {
                case 1 -> type == 'i' ? b.get(at) : b.get(at) & 0xff;
                case 2 -> type == 'i' ? b.getShort(at) : b.getShort(at) & 0xffff;
                case 4 -> type == 'i' ? b.getInt(at) : b.getInt(at) & 0xffffffffL;
                default -> b.getLong(at);
            };
        }
        return out;
    }

    /**
     * The {@value #HEADER_BYTES}-byte version 1.0 header of a C-order array of {@code rows} rows of
     * {@code rowShape} (empty for 1-D) and dtype {@code descr} (e.g. {@code <i8}), formatted as NumPy
     * and the Open Ephys GUI write it. Its length does not depend on {@code rows}, so a writer that
     * appends rows rewrites it in place.
     *
     * @throws IllegalArgumentException when the dict does not fit (a very long dtype or shape)
     */
    public static byte[] header(String descr, long rows, int[] rowShape) {
        StringBuilder shape = new StringBuilder("(").append(rows);
        if (rowShape.length == 0) {
            shape.append(',');
        }
        for (int d : rowShape) {
            shape.append(", ").append(d);
        }
        shape.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int textBytes = HEADER_BYTES - MAGIC.length - 4;
        if (dict.length() + 1 > textBytes) {
            throw new IllegalArgumentException("npy header too long: " + dict);
        }
        byte[] out = new byte[HEADER_BYTES];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = 1; // version 1.0
        out[7] = 0;
        out[8] = (byte) textBytes;
        out[9] = (byte) (textBytes >>> 8);
        byte[] d = dict.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, out, 10, d.length);
        for (int i = 10 + d.length; i < HEADER_BYTES - 1; i++) {
            out[i] = ' ';
        }
        out[HEADER_BYTES - 1] = '\n';
        return out;
    }

    @Override
    public String toString() {
        return name + "[" + dtype() + " " + Arrays.toString(shape) + (fortranOrder ? " F" : "") + "]";
    }
}
