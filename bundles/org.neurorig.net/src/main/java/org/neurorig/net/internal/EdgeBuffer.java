package org.neurorig.net.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.neurorig.api.Block;
import org.neurorig.bus.WireCodec;
import org.neurorig.bus.WireFormat;

/**
 * The frames of one edge between hosts that the receiver has not confirmed yet: a ring of encoded
 * blocks (64-byte header + payload), numbered from 0 by the sender. A frame is kept until the
 * receiver acknowledges it, so a reconnect (or a restarted receiving host) resumes from the first
 * unconfirmed frame and loses nothing while the ring holds. When it is full the newest block is
 * refused and counted: a slot is only rewritten once its frame was confirmed, because the ZeroMQ
 * I/O thread may still be reading a frame that was sent and not yet confirmed (JeroMQ sends arrays
 * without copying them).
 *
 * <p>Thread-safe: the node's thread adds, the sender's thread takes and confirms.
 */
final class EdgeBuffer {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] headers;
    private final byte[][] payloads;
    private final int[] lengths;
    private final WireCodec codec = new WireCodec();
    private final double sampleRate;

    /** Frames [confirmed, next) are kept; [sent, next) are not sent yet. */
    private long confirmed;

    private long next;
    private long sent;
    private long refused;
    private long refusedSamples;

    /**
     * @param slots      frames kept at most
     * @param sampleRate the stream's rate, for the headers
     */
    EdgeBuffer(int slots, double sampleRate) {
        if (slots < 2) {
            throw new IllegalArgumentException("an edge buffer needs at least 2 slots, got " + slots);
        }
        headers = new byte[slots][WireFormat.HEADER_BYTES];
        payloads = new byte[slots][];
        lengths = new int[slots];
        this.sampleRate = sampleRate;
    }

    /**
     * Encodes {@code b} as the next frame.
     *
     * @return false when the buffer is full (the block is counted as refused)
     */
    synchronized boolean add(Block b, long pubTimeNanos) {
        if (next - confirmed == headers.length) {
            refused++;
            refusedSamples += b.sampleCount();
            return false;
        }
        int slot = (int) (next % headers.length);
        int bytes = codec.payloadBytes(b);
        if (payloads[slot] == null || payloads[slot].length < bytes) {
            // grows once per slot to the largest block seen: steady state allocates nothing
            payloads[slot] = new byte[Math.max(bytes, 64)];
        }
        codec.writeHeader(b, sampleRate, pubTimeNanos, headers[slot]);
        // acquisition times cross hosts on the rig clock
        LONG_LE.set(headers[slot], WireFormat.OFFSET_ACQ_TIME, RigClock.toRig(b.acqTimeNanos()));
        lengths[slot] = codec.writePayload(b, payloads[slot]);
        next++;
        notifyAll();
        return true;
    }

    /** Frames are sent again from {@code from} (the receiver's next expected frame; at least the first kept). */
    synchronized void rewind(long from) {
        sent = Math.max(confirmed, Math.min(from, next));
    }

    /** The receiver has everything before {@code upTo}: those slots may be reused. */
    synchronized void confirm(long upTo) {
        long c = Math.min(upTo, next);
        if (c > confirmed) {
            confirmed = c;
            sent = Math.max(sent, confirmed);
        }
    }

    /** Number of the next frame to send, or -1 when none is ready or the window {@code limit} is reached. */
    synchronized long nextToSend(long limit) {
        return sent < next && sent < limit ? sent : -1;
    }

    /** Marks {@code frame} as sent (after {@link #nextToSend} gave it). */
    synchronized void markSent(long frame) {
        if (frame == sent) {
            sent++;
        }
    }

    /** Waits up to {@code millis} for a frame to be added. */
    synchronized void awaitFrame(long limit, long millis) throws InterruptedException {
        if (nextToSend(limit) < 0) {
            wait(millis);
        }
    }

    byte[] header(long frame) {
        return headers[(int) (frame % headers.length)];
    }

    byte[] payload(long frame) {
        return payloads[(int) (frame % headers.length)];
    }

    int length(long frame) {
        return lengths[(int) (frame % headers.length)];
    }

    synchronized long confirmed() {
        return confirmed;
    }

    synchronized long added() {
        return next;
    }

    synchronized long refused() {
        return refused;
    }

    synchronized long refusedSamples() {
        return refusedSamples;
    }

    int capacity() {
        return headers.length;
    }
}
