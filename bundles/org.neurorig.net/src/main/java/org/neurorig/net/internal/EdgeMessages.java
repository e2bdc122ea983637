package org.neurorig.net.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The messages of an edge between hosts (docs/WIRE.md §8), all little-endian. The receiver's DEALER
 * talks to the sender's ROUTER:
 * <ul>
 *   <li>receiver → sender {@code HELLO}: {@code 'H'}, epoch it knows (i64, 0 = none), next frame it
 *       expects (i64), window (i32: frames it takes beyond the last it confirmed);
 *   <li>sender → receiver {@code STREAM}: {@code 'S'}, the sender's epoch (i64), then a second frame with
 *       the stream's descriptor JSON (docs/WIRE.md §3);
 *   <li>sender → receiver {@code DATA}: {@code 'D'}, frame number (i64), then the block's 64-byte header
 *       and its payload as two more frames (the bus's own encoding);
 *   <li>receiver → sender {@code ACK}: {@code 'A'}, the next frame it expects (i64): every frame before it
 *       was delivered to its consumers and may be forgotten.
 * </ul>
 * The epoch is drawn by each sender when it starts, so a receiver tells a restarted sender (frames
 * numbered from 0 again) from a reconnect of the same one.
 */
final class EdgeMessages {
    static final byte HELLO = 'H';
    static final byte STREAM = 'S';
    static final byte DATA = 'D';
    static final byte ACK = 'A';

    static final int HELLO_BYTES = 21;
    static final int STREAM_BYTES = 9;
    static final int DATA_BYTES = 9;
    static final int ACK_BYTES = 9;

    private EdgeMessages() {}

    static byte[] hello(long epoch, long expected, int window) {
        return le(HELLO_BYTES)
                .put(HELLO)
                .putLong(epoch)
                .putLong(expected)
                .putInt(window)
                .array();
    }

    static byte[] stream(long epoch) {
        return le(STREAM_BYTES).put(STREAM).putLong(epoch).array();
    }

    static void data(long frame, byte[] into) {
        le(into).put(DATA).putLong(frame);
    }

    static void ack(long expected, byte[] into) {
        le(into).put(ACK).putLong(expected);
    }

    /** The i64 at byte 1 of a message (epoch, frame number or next expected frame). */
    static long first(byte[] m) {
        return ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getLong(1);
    }

    /** HELLO's next expected frame. */
    static long helloExpected(byte[] m) {
        return ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getLong(9);
    }

    /** HELLO's window. */
    static int helloWindow(byte[] m) {
        return ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getInt(17);
    }

    /** True when {@code m} is a message of {@code type} and {@code bytes} long. */
    static boolean is(byte[] m, byte type, int bytes) {
        return m != null && m.length == bytes && m[0] == type;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(byte[] a) {
        return ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
    }
}
