package org.neurorig.bus.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes at byte offsets of a {@code byte[]}: the wire format's fixed
 * fields without wrapping the array in a buffer, so header and record access allocates nothing.
 */
public final class LittleEndianAccess {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndianAccess() {}

    public static int u16(byte[] b, int off) {
        return Short.toUnsignedInt((short) SHORT.get(b, off));
    }

    public static void putU16(byte[] b, int off, int v) {
        SHORT.set(b, off, (short) v);
    }

    public static int i32(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    /** An unsigned 32-bit field widened to a long. */
    public static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong((int) INT.get(b, off));
    }

    public static void putI32(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }

    public static long i64(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    public static void putI64(byte[] b, int off, long v) {
        LONG.set(b, off, v);
    }

    public static double f64(byte[] b, int off) {
        return (double) DOUBLE.get(b, off);
    }

    public static void putF64(byte[] b, int off, double v) {
        DOUBLE.set(b, off, v);
    }
}
