package org.neurorig.bus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.internal.MalformedFrameLog;
import org.neurorig.bus.internal.StreamRegistry;
import org.neurorig.bus.internal.Utf8Text;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.Msg;

/**
 * The host's XSUB/XPUB proxy (docs/WIRE.md). External clients subscribe at the XPUB (default
 * {@code tcp://127.0.0.1:5570}) and publish at the XSUB (default {@code tcp://127.0.0.1:5571});
 * in-JVM publishers connect PUB sockets to {@link #INPROC_PUBLISH}, in-JVM subscribers connect SUB
 * sockets to {@link #INPROC_SUBSCRIBE}.
 *
 * <p>Every message crossing it is validated and malformed ones are dropped, counted by reason and
 * logged with rate limiting. Descriptor (kind 0) messages are cached per topic; when a subscription
 * arrives, the cached descriptors it matches are sent again so late joiners learn the stream
 * shape. The proxy subscribes to everything upstream, so every stream's descriptor reaches it.
 * Runs on its own thread; one proxy per {@link ZContext} (the inproc names are fixed).
 */
public final class BusProxy implements AutoCloseable {
    /** In-JVM publishers connect PUB sockets here. */
    public static final String INPROC_PUBLISH = "inproc://neurorig.bus.publish";
    /** In-JVM subscribers connect SUB sockets here. */
    public static final String INPROC_SUBSCRIBE = "inproc://neurorig.bus.subscribe";
    /** Where external clients subscribe by default (XPUB). */
    public static final String DEFAULT_SUBSCRIBE_ENDPOINT = "tcp://127.0.0.1:5570";
    /** Where external clients publish by default (XSUB). */
    public static final String DEFAULT_PUBLISH_ENDPOINT = "tcp://127.0.0.1:5571";

    private static final Logger LOG = Logger.getLogger(BusProxy.class.getName());
    private static final int POLL_MILLIS = 50;
    private static final int BATCH = 1024;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ZContext ctx;
    private final String subscribeEndpoint;
    private final String publishEndpoint;
    private final StreamRegistry registry = new StreamRegistry();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong descriptorsResent = new AtomicLong();
    private final ConcurrentHashMap<String, LongAdder> malformedByReason = new ConcurrentHashMap<>();
    private int highWaterMark = 1000;
    private volatile boolean running;
    private Thread thread;
    /** Prefixes someone subscribes to (from the subscribe side), replaced whole on every change. */
    private volatile byte[][] subscribed = new byte[0][];

    /**
     * @param subscribeEndpoint tcp endpoint of the XPUB for external subscribers, or null for none
     * @param publishEndpoint   tcp endpoint of the XSUB for external publishers, or null for none
     */
    public BusProxy(ZContext ctx, String subscribeEndpoint, String publishEndpoint) {
        this.ctx = ctx;
        this.subscribeEndpoint = subscribeEndpoint;
        this.publishEndpoint = publishEndpoint;
    }

    /**
     * Per-pipe high-water mark, in messages, of both sides (default 1000). Above it ZeroMQ drops for
     * that subscriber, which sees a sequence gap. Call before {@link #start()}.
     */
    public BusProxy highWaterMark(int messages) {
        if (thread != null) {
            throw new IllegalStateException("highWaterMark must be set before start()");
        }
        this.highWaterMark = messages;
        return this;
    }

    /**
     * Binds every endpoint and starts forwarding on a thread of its own.
     *
     * @throws IllegalStateException naming the endpoint when one cannot be bound (port taken, bad
     *         address, a second proxy on the same context)
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("bus proxy already started");
        }
        CountDownLatch bound = new CountDownLatch(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        running = true;
        thread = new Thread(() -> run(bound, failure), "neurorig-bus-proxy");
        thread.setDaemon(true);
        thread.start();
        try {
            bound.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while the bus proxy was binding");
        }
        if (failure.get() != null) {
            running = false;
            joinThread();
            throw failure.get();
        }
        LOG.info(() -> "bus proxy up: subscribe at " + describe(subscribeEndpoint) + ", publish at "
                + describe(publishEndpoint));
    }

    private static String describe(String endpoint) {
        return endpoint == null ? "inproc only" : endpoint;
    }

    private void run(CountDownLatch bound, AtomicReference<RuntimeException> failure) {
        ZMQ.Socket xsub = null;
        ZMQ.Socket xpub = null;
        ZMQ.Poller poller = null;
        try {
            try {
                xsub = ctx.createSocket(SocketType.XSUB);
                xsub.setRcvHWM(highWaterMark);
                xsub.setLinger(0);
                xsub.setMaxMsgSize(WireFormat.MAX_PAYLOAD_BYTES);
                xpub = ctx.createSocket(SocketType.XPUB);
                xpub.setSndHWM(highWaterMark);
                xpub.setLinger(0);
                // Verbose: every SUB's subscription reaches us, so each late joiner gets descriptors.
                xpub.setXpubVerbose(true);
                bind(xsub, INPROC_PUBLISH, "in-JVM publish (XSUB)");
                bind(xpub, INPROC_SUBSCRIBE, "in-JVM subscribe (XPUB)");
                if (publishEndpoint != null) {
                    bind(xsub, publishEndpoint, "external publish (XSUB)");
                }
                if (subscribeEndpoint != null) {
                    bind(xpub, subscribeEndpoint, "external subscribe (XPUB)");
                }
                // Everything flows to the proxy, whoever listens, so the registry sees every descriptor.
                xsub.send(new byte[] {1}, 0);
                poller = ctx.createPoller(2);
                poller.register(xsub, ZMQ.Poller.POLLIN);
                poller.register(xpub, ZMQ.Poller.POLLIN);
            } catch (RuntimeException e) {
                failure.set(e instanceof IllegalStateException ? e
                        : new IllegalStateException("bus proxy cannot start: " + e, e));
                return;
            } finally {
                bound.countDown();
            }
            loop(xsub, xpub, poller);
        } finally {
            if (poller != null) {
                poller.close();
            }
            if (xpub != null) {
                ctx.destroySocket(xpub);
            }
            if (xsub != null) {
                ctx.destroySocket(xsub);
            }
        }
    }

    private static void bind(ZMQ.Socket s, String endpoint, String role) {
        try {
            s.bind(endpoint);
        } catch (ZMQException e) {
            String why = e.getErrorCode() == ZMQ.Error.EADDRINUSE.getCode()
                    ? "address already in use (another NeuroRig host, or a second proxy on this context?)"
                    : e.getMessage();
            throw new IllegalStateException("bus proxy cannot bind its " + role + " endpoint " + endpoint + ": " + why,
                    e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bus proxy cannot bind its " + role + " endpoint " + endpoint + ": "
                    + e.getMessage(), e);
        }
    }

    private void loop(ZMQ.Socket xsub, ZMQ.Socket xpub, ZMQ.Poller poller) {
        Forwarder forwarder = new Forwarder(xsub, xpub);
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                if (poller.poll(POLL_MILLIS) <= 0) {
                    continue;
                }
                if (poller.pollin(0)) {
                    forwarder.drainPublications();
                }
                if (poller.pollin(1)) {
                    forwarder.drainSubscriptions();
                }
            } catch (ZMQException e) {
                if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
                    return; // the context is closing: nothing left to serve
                }
                LOG.log(Level.WARNING, "bus proxy: " + e.getMessage() + "; going on", e);
            } catch (RuntimeException e) {
                // A bug must not take the bus down with it: log and keep serving.
                LOG.log(Level.SEVERE, "bus proxy: unexpected " + e + "; going on", e);
            }
        }
    }

    /**
     * Whether any subscriber, in this JVM or outside, takes {@code topic} (ZeroMQ prefix match).
     * In-JVM publishers skip sending data blocks to the proxy while this is false: every message
     * the proxy takes wakes its thread, and on a 2-core machine that extra wake-up per block put
     * milliseconds on the rig's own in-JVM hops (hop p99 0.2-0.3 ms without, 1.7-3.3 ms with).
     */
    public boolean hasSubscriber(byte[] topic) {
        for (byte[] p : subscribed) {
            if (p.length <= topic.length && Arrays.equals(p, 0, p.length, topic, 0, p.length)) {
                return true;
            }
        }
        return false;
    }

    /** Messages forwarded from publishers to subscribers (descriptors included, re-sends not). */
    public long forwarded() {
        return forwarded.get();
    }

    /** Messages dropped because they do not follow docs/WIRE.md. */
    public long malformed() {
        return malformed.get();
    }

    /** Dropped messages per reason key ({@link MalformedFrameException#reason()}), sorted by key. */
    public Map<String, Long> malformedByReason() {
        Map<String, Long> out = new TreeMap<>();
        malformedByReason.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Cached descriptors sent again to late subscribers. */
    public long descriptorsResent() {
        return descriptorsResent.get();
    }

    /** The stream registry: the latest descriptor per topic, ordered by topic. */
    public List<StreamSpec> streams() {
        return registry.specs();
    }

    /** Stops the thread and closes every socket, releasing the ports. Idempotent. */
    @Override
    public synchronized void close() {
        running = false;
        joinThread();
    }

    private void joinThread() {
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warning("bus proxy thread did not stop within 5 s");
        }
    }

    /** The proxy thread's state: reused buffers and the two sockets. */
    private final class Forwarder {
        private final ZMQ.Socket xsub;
        private final ZMQ.Socket xpub;
        private final Msg[] frames = new Msg[3];
        private final byte[] topic = new byte[WireFormat.MAX_TOPIC_BYTES];
        private final byte[] header = new byte[WireFormat.HEADER_BYTES];
        private final WireHeader h = new WireHeader();
        private final MalformedFrameLog log;
        private final Set<String> upstream = new HashSet<>();
        private byte[] scratch = new byte[4096];
        private String reason;
        private String reasonMessage;

        Forwarder(ZMQ.Socket xsub, ZMQ.Socket xpub) {
            this.xsub = xsub;
            this.xpub = xpub;
            this.log = new MalformedFrameLog(LOG, "bus proxy", LOG_INTERVAL_NANOS);
        }

        void drainPublications() {
            for (int i = 0; i < BATCH; i++) {
                Msg first = xsub.recvMsg(ZMQ.DONTWAIT);
                if (first == null) {
                    return;
                }
                // Take every part of the message, however many, so the next one starts clean.
                int count = 1;
                frames[0] = first;
                Msg last = first;
                while (last.hasMore()) {
                    last = xsub.recvMsg(0);
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
                } else if (validate()) {
                    // counted before the send: whoever has received the message then sees it counted
                    forwarded.incrementAndGet();
                    xpub.sendMsg(frames[0], ZMQ.SNDMORE);
                    xpub.sendMsg(frames[1], ZMQ.SNDMORE);
                    xpub.sendMsg(frames[2], 0);
                }
                Arrays.fill(frames, null);
            }
        }

        private boolean validate() {
            Msg t = frames[0];
            int topicLen = t.size();
            if (topicLen == 0 || topicLen > WireFormat.MAX_TOPIC_BYTES) {
                drop(MalformedFrameException.BAD_TOPIC, "topic is " + topicLen + " bytes, expected 1.."
                        + WireFormat.MAX_TOPIC_BYTES);
                return false;
            }
            t.getBytes(0, topic, 0, topicLen);
            if (!Utf8Text.isValid(topic, 0, topicLen)) {
                drop(MalformedFrameException.BAD_TOPIC, "topic is not UTF-8");
                return false;
            }
            Msg hm = frames[1];
            hm.getBytes(0, header, 0, Math.min(hm.size(), header.length));
            Msg p = frames[2];
            int len = p.size();
            try {
                h.read(header, hm.size());
                if (h.kind() == Kind.DESCRIPTOR) {
                    StreamSpec spec = WireCodec.decodeDescriptor(copy(p), len);
                    registry.put(new StreamRegistry.Entry(Arrays.copyOf(topic, topicLen), header.clone(),
                            Arrays.copyOf(scratch, len), spec));
                    return true;
                }
                WireCodec.checkLength(h, len);
                if (h.kind() == Kind.EVENTS) {
                    WireCodec.checkEventTexts(h.sampleCount(), copy(p), len);
                }
            } catch (MalformedFrameException e) {
                drop(e.reason(), e.getMessage());
                return false;
            }
            if ((h.flags() & Block.FLAG_END_OF_STREAM) != 0) {
                registry.remove(new String(topic, 0, topicLen, StandardCharsets.UTF_8));
            }
            return true;
        }

        private byte[] copy(Msg m) {
            int len = m.size();
            if (len > scratch.length) {
                scratch = new byte[Math.max(len, scratch.length * 2)];
            }
            m.getBytes(0, scratch, 0, len);
            return scratch;
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
                        xsub.send(data, 0, len, 0);
                        publishSubscriptions();
                    }
                    resendDescriptors(data, len);
                } else if (type == 0 && upstream.remove(key)) {
                    xsub.send(data, 0, len, 0);
                    publishSubscriptions();
                }
            }
        }

        /** Makes the subscription set visible to publishers on other threads. */
        private void publishSubscriptions() {
            subscribed = upstream.stream().map(k -> k.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
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
}
