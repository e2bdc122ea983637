package org.neurorig.bus;

import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * One consumer of a stream inside the JVM: a bounded queue of published blocks from one publisher
 * to one consumer, and what was lost on the way. The publisher's thread is the only one that
 * offers and the consumer's {@link InputPort} the only one that takes, so the queue needs no lock:
 * a block is handed over by reference, and each side wakes the other when it waits (no polling).
 *
 * <p>The publisher thread writes the counters; any thread may read them and switch shedding.
 */
public final class Edge {
    /** A waiting side looks again after this long even unwoken (a safety net; wake-ups do the work). */
    private static final long PARK_NANOS = 10_000_000L;

    private final String consumer;
    private final Delivery delivery;
    private final SharedBlock[] ring;
    private final int capacity;
    private volatile long head; // next to take; written by the consumer
    private volatile long tail; // next to fill; written by the publisher
    /** The publisher's thread while it waits for room, else null. */
    private volatile Thread waitingPublisher;
    /** The consumer's port once bound: woken when a block arrives. */
    private volatile InputPort port;

    private volatile boolean shedding;
    /** Set when the consumer's port closed: nothing more is queued, so no block stays held. */
    private volatile boolean closed;

    private volatile long sent;
    private volatile long dropped;
    private volatile long waits;

    /**
     * @param consumer name of the consuming node
     * @param delivery lossless (wait when full) or live (drop when full)
     * @param capacity blocks the queue holds at most
     */
    public Edge(String consumer, Delivery delivery, int capacity) {
        this.consumer = Objects.requireNonNull(consumer);
        this.delivery = Objects.requireNonNull(delivery);
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
        this.ring = new SharedBlock[capacity];
    }

    public String consumer() {
        return consumer;
    }

    public Delivery delivery() {
        return delivery;
    }

    /** Blocks the queue holds at most. */
    public int capacity() {
        return capacity;
    }

    /**
     * While true, a full queue drops instead of waiting even for a lossless consumer. The runtime
     * sets it for a consumer that is stalled or hung, so that it does not hold up acquisition.
     */
    public boolean shedding() {
        return shedding;
    }

    public void setShedding(boolean shedding) {
        this.shedding = shedding;
        if (shedding) {
            wakePublisher();
        }
    }

    private void wakePublisher() {
        Thread t = waitingPublisher;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Blocks handed to this consumer's queue. */
    public long sent() {
        return sent;
    }

    /** Blocks this consumer did not get because its queue was full (live or shedding). */
    public long dropped() {
        return dropped;
    }

    /** Blocks the publisher had to wait for (a lossless queue that was full when they came). */
    public long waits() {
        return waits;
    }

    void bind(InputPort p) {
        port = p;
    }

    /**
     * The consumer is gone: releases what is queued and makes later offers drop. Consumer thread
     * only (or after it ended).
     */
    void close() {
        closed = true;
        port = null;
        for (SharedBlock s; (s = take()) != null; ) {
            s.release();
        }
    }

    /**
     * Hands {@code s} to the queue (the caller counted this queue among its holders). A full lossless
     * queue makes the publisher wait until the consumer takes one; a live or shedding one drops.
     *
     * @return false when dropped (the caller releases its hold for this queue)
     */
    boolean offer(SharedBlock s) throws InterruptedException {
        if (closed || !tryOffer(s)) {
            if (delivery == Delivery.LIVE || shedding || closed) {
                dropped++; // single writer: the publisher thread
                return false;
            }
            waits++;
            do {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while " + consumer + " was full");
                }
                waitingPublisher = Thread.currentThread();
                // Looked at after announcing the wait, so a take or a shedding switch that came
                // meanwhile is seen here or wakes the park: no lost wake-up.
                if (shedding || closed) {
                    waitingPublisher = null;
                    dropped++;
                    return false;
                }
                if (tail - head >= capacity) {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
                waitingPublisher = null;
            } while (!tryOffer(s));
        }
        sent++;
        InputPort p = port;
        if (p != null) {
            p.wake();
        }
        return true;
    }

    private boolean tryOffer(SharedBlock s) {
        long t = tail;
        if (t - head >= capacity) {
            return false;
        }
        ring[(int) (t % capacity)] = s;
        tail = t + 1; // publishes the slot to the consumer
        return true;
    }

    /** The oldest queued block, or null; wakes a publisher waiting for room. Consumer thread only. */
    SharedBlock take() {
        long h = head;
        if (h == tail) {
            return null;
        }
        int i = (int) (h % capacity);
        SharedBlock s = ring[i];
        ring[i] = null;
        head = h + 1;
        wakePublisher();
        return s;
    }

    /** True when a block is queued. */
    boolean ready() {
        return head != tail;
    }

    @Override
    public String toString() {
        return consumer + "(" + delivery + ", " + capacity + ")";
    }
}
