package org.neurorig.web.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser's queue of SSE events. Offering never waits: when the browser (or its network) does
 * not keep up, the queue fills and further frames are dropped for this browser only, and counted.
 */
final class LiveClient {
    static final int CAPACITY = 256;

    private final ArrayBlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    final long id;

    LiveClient(long id) {
        this.id = id;
    }

    /** Queues one SSE event text; false (and counted) when the queue is full. */
    boolean offer(String event) {
        if (queue.offer(event)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** The next event, or null after {@code millis} without one. */
    String poll(long millis) throws InterruptedException {
        String e = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (e != null) {
            sent.incrementAndGet();
        }
        return e;
    }

    long sent() {
        return sent.get();
    }

    long dropped() {
        return dropped.get();
    }
}
