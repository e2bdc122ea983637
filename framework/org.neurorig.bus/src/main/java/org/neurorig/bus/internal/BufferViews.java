package org.neurorig.bus.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Little-endian short and float views of the last few arrays seen (a caller may alternate between a
 * handful of buffers, e.g. one per stream); views are built only for a new array, so a caller that
 * reuses its buffers gets views without allocation. Used by one thread.
 */
public final class BufferViews {
    private static final int SLOTS = 4;
    private final byte[][] arrays = new byte[SLOTS][];
    private final ShortBuffer[] shorts = new ShortBuffer[SLOTS];
    private final FloatBuffer[] floats = new FloatBuffer[SLOTS];
    private int nextSlot;

    /** The short view of {@code a}, positioned at its start. */
    public ShortBuffer shorts(byte[] a) {
        ShortBuffer v = shorts[slot(a)];
        v.clear();
        return v;
    }

    /** The float view positioned at byte {@code offset} (a multiple of 4). */
    public FloatBuffer floats(byte[] a, int offset) {
        FloatBuffer v = floats[slot(a)];
        v.clear();
        v.position(offset >> 2);
        return v;
    }

    private int slot(byte[] a) {
        for (int i = 0; i < SLOTS; i++) {
            if (arrays[i] == a) {
                return i;
            }
        }
        int i = nextSlot;
        nextSlot = (nextSlot + 1) % SLOTS;
        ByteBuffer bb = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        arrays[i] = a;
        shorts[i] = bb.asShortBuffer();
        floats[i] = bb.asFloatBuffer();
        return i;
    }
}
