package org.neurorig.bus;

import java.util.Objects;

/**
 * One consumer of a stream as its publisher sees it: where to send, how, and what was lost.
 * The publisher thread writes the counters; any thread may read them and switch shedding.
 */
public final class Edge {
    private final String consumer;
    private final String endpoint;
    private final Delivery delivery;
    private volatile boolean shedding;
    private volatile long sent;
    private volatile long dropped;

    /**
     * @param consumer name of the consuming node
     * @param endpoint the consumer's bound input endpoint, e.g. {@code inproc://neurorig.node.gain}
     * @param delivery lossless (wait when full) or live (drop when full)
     */
    public Edge(String consumer, String endpoint, Delivery delivery) {
        this.consumer = Objects.requireNonNull(consumer);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.delivery = Objects.requireNonNull(delivery);
    }

    public String consumer() {
        return consumer;
    }

    public String endpoint() {
        return endpoint;
    }

    public Delivery delivery() {
        return delivery;
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
    }

    /** Blocks handed to this consumer's queue. */
    public long sent() {
        return sent;
    }

    /** Blocks this consumer did not get because its queue was full (live or shedding). */
    public long dropped() {
        return dropped;
    }

    void countSent() {
        sent++; // single writer: the publisher thread
    }

    void countDropped() {
        dropped++; // single writer: the publisher thread
    }

    @Override
    public String toString() {
        return consumer + "@" + endpoint + "(" + delivery + ")";
    }
}
