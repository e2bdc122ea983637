package org.neurorig.bus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.neurorig.api.Block;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.internal.MalformedFrameLog;
import org.neurorig.bus.internal.StreamRegistry;
import org.neurorig.bus.internal.TopicKey;
import org.zeromq.ZMQ;
import zmq.Msg;

/**
 * What {@link BusProxy}'s thread does with each message: it drains publications (checks each
 * message, applies it to the stream registry and {@link TopicOwnership}, forwards or drops it) and
 * subscriptions (passes them upstream, re-sends cached descriptors to late joiners). It owns the
 * thread's reused buffers and the counters and subscription snapshot that other threads read. The
 * drain methods run on the proxy thread only, after {@link #attach}; the readers are safe from any
 * thread.
 */
final class ProxyForwarder {
    private static final int BATCH = 1024;
    /** Quiet time per drop reason after a line is logged. */
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final TopicOwnership ownership;
    private final StreamRegistry registry = new StreamRegistry();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong descriptorsResent = new AtomicLong();
    private final ConcurrentHashMap<String, LongAdder> malformedByReason = new ConcurrentHashMap<>();
    /** Prefixes someone subscribes to (from the subscribe side), replaced whole on every change. */
    private volatile byte[][] subscribed = new byte[0][];

    // The proxy thread's own state.
    private final Msg[] frames = new Msg[3];
    private final FrameCheck check = new FrameCheck();
    private final TopicKey probe = TopicKey.probe();
    private final MalformedFrameLog log;
    private final Set<String> upstream = new HashSet<>();
    private ZMQ.Socket inJvm;
    /** Null when there is no external publish endpoint. */
    private ZMQ.Socket external;

    private ZMQ.Socket xpub;

    ProxyForwarder(TopicOwnership ownership, Logger logger) {
        this.ownership = ownership;
        this.log = new MalformedFrameLog(logger, "bus proxy", LOG_INTERVAL_NANOS);
    }

    /** Hands over the sockets, bound by the proxy thread, that the drain methods use. */
    void attach(ZMQ.Socket inJvm, ZMQ.Socket external, ZMQ.Socket xpub) {
        this.inJvm = inJvm;
        this.external = external;
        this.xpub = xpub;
    }

    /** See {@link BusProxy#hasSubscriber}. */
    boolean hasSubscriber(byte[] topic) {
        for (byte[] p : subscribed) {
            if (p.length <= topic.length && Arrays.equals(p, 0, p.length, topic, 0, p.length)) {
                return true;
            }
        }
        return false;
    }

    long forwarded() {
        return forwarded.get();
    }

    long malformed() {
        return malformed.get();
    }

    /** Dropped messages per reason key, sorted by key. */
    Map<String, Long> malformedByReason() {
        Map<String, Long> out = new TreeMap<>();
        malformedByReason.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long descriptorsResent() {
        return descriptorsResent.get();
    }

    List<StreamSpec> streams() {
        return registry.specs();
    }

    /**
     * Forwards what one publish side holds, up to a batch; {@code outside}: the external side, else
     * the in-JVM one.
     */
    void drainPublications(boolean outside) {
        ZMQ.Socket from = outside ? external : inJvm;
        for (int i = 0; i < BATCH; i++) {
            Msg first = from.recvMsg(ZMQ.DONTWAIT);
            if (first == null) {
                return;
            }
            // Take every part of the message, however many, so the next one starts clean.
            int count = 1;
            frames[0] = first;
            Msg last = first;
            while (last.hasMore()) {
                last = from.recvMsg(0);
                if (last == null) {
                    break; // context closing mid-message
                }
                if (count < frames.length) {
                    frames[count] = last;
                }
                count++;
            }
            if (count != 3) {
                drop(MalformedFrameException.FRAME_COUNT, "message has " + count + " frames, expected 3");
            } else if (accept(outside)) {
                // counted before the send: whoever has received the message then sees it counted
                forwarded.incrementAndGet();
                xpub.sendMsg(frames[0], ZMQ.SNDMORE);
                xpub.sendMsg(frames[1], ZMQ.SNDMORE);
                xpub.sendMsg(frames[2], 0);
            }
            Arrays.fill(frames, null);
        }
    }

    /** Checks the message in {@code frames}, applies it to the registry and topic ownership. */
    private boolean accept(boolean outside) {
        try {
            check.check(frames[0], frames[1], frames[2]);
        } catch (MalformedFrameException e) {
            drop(e.reason(), e.getMessage());
            return false;
        }
        // The probe points at the check's reused topic buffer: no allocation per message.
        TopicKey topic = probe.point(check.topic, check.topicLength);
        boolean end = !check.h.isDescriptor() && (check.h.flags() & Block.FLAG_END_OF_STREAM) != 0;
        if (outside) {
            if (ownership.owns(topic)) {
                drop(
                        MalformedFrameException.FOREIGN_TOPIC,
                        "topic " + check.topicText()
                                + " is published by this host; outside publishers may not send on it");
                return false;
            }
        } else {
            ownership.noteInJvm(topic, check.topic, check.topicLength, end);
        }
        if (check.h.isDescriptor()) {
            int len = check.payloadLength;
            registry.put(new StreamRegistry.Entry(
                    Arrays.copyOf(check.topic, check.topicLength),
                    check.header.clone(),
                    Arrays.copyOf(check.payload, len),
                    check.spec));
        } else if (end) {
            registry.remove(check.topicText());
        }
        return true;
    }

    private void drop(String why, String message) {
        malformed.incrementAndGet();
        malformedByReason.computeIfAbsent(why, k -> new LongAdder()).increment();
        log.dropped(why, message, System.nanoTime());
    }

    void drainSubscriptions() {
        for (int i = 0; i < BATCH; i++) {
            Msg m = xpub.recvMsg(ZMQ.DONTWAIT);
            if (m == null) {
                return;
            }
            while (m.hasMore()) { // subscriptions are single frames; tolerate anything else
                m = xpub.recvMsg(0);
                if (m == null) {
                    return;
                }
            }
            int len = m.size();
            if (len == 0) {
                continue;
            }
            byte[] data = m.data();
            int type = data[0];
            String key = new String(data, 1, len - 1, StandardCharsets.ISO_8859_1);
            if (type == 1) {
                // Verbose XPUB repeats subscriptions; forward only the first, matching the
                // single unsubscribe ZeroMQ sends when the last subscriber of a prefix leaves.
                if (upstream.add(key)) {
                    forwardUpstream(data, len);
                }
                resendDescriptors(data, len);
            } else if (type == 0 && upstream.remove(key)) {
                forwardUpstream(data, len);
            }
        }
    }

    /** Passes a (un)subscription on to both publish sides, so every publisher sees who listens. */
    private void forwardUpstream(byte[] data, int len) {
        inJvm.send(data, 0, len, 0);
        if (external != null) {
            external.send(data, 0, len, 0);
        }
        publishSubscriptions();
    }

    /** Makes the subscription set visible to publishers on other threads. */
    private void publishSubscriptions() {
        subscribed = upstream.stream()
                .map(k -> k.getBytes(StandardCharsets.ISO_8859_1))
                .toArray(byte[][]::new);
    }

    private void resendDescriptors(byte[] subscription, int len) {
        registry.forEachMatching(subscription, 1, len - 1, e -> {
            xpub.sendMore(e.topic());
            xpub.sendMore(e.header());
            xpub.send(e.payload(), 0);
            descriptorsResent.incrementAndGet();
        });
    }
}
