package org.neurorig.bench.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A client outside the rig that reads a stream from the bus's tcp endpoint far slower than it is
 * published: after each message it sleeps. The host must shed for it (the proxy's high-water mark)
 * and never hold up its own lossless consumers.
 */
final class SlowSubscriber implements AutoCloseable {
    private final AtomicLong messages = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    SlowSubscriber(String endpoint, String topic, long sleepMillis) {
        thread = new Thread(() -> receive(endpoint, topic, sleepMillis), "bench-soak-slow-subscriber");
        thread.setDaemon(true);
        thread.start();
    }

    private void receive(String endpoint, String topic, long sleepMillis) {
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
            sub.setReceiveTimeOut(200);
            sub.connect(endpoint);
            sub.subscribe(topic.getBytes(StandardCharsets.UTF_8));
            while (running) {
                if (sub.recv() == null) {
                    continue;
                }
                while (sub.hasReceiveMore()) {
                    sub.recv();
                }
                messages.incrementAndGet();
                Thread.sleep(sleepMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Messages (blocks and descriptors) received so far. */
    long messages() {
        return messages.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false; // no interrupt: it would close JeroMQ's channels under the socket
        thread.join(5000);
    }
}
