package org.neurorig.bus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.security.CurveSecurity;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

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
 *
 * <p>In-JVM and external publishers arrive on separate sockets, so the proxy knows where each
 * message came from. Topics the host publishes are its own: one {@link #claim claimed} by a
 * publisher of the host, or on which an in-JVM publisher has sent, until its end of stream. From
 * outside, every message on such a topic (descriptor, data, end of stream) is refused and counted
 * as {@link MalformedFrameException#FOREIGN_TOPIC}; other topics are open to external publishers.
 * Runs on its own thread; one proxy per {@link ZContext} (the inproc names are fixed). This class
 * binds, runs and closes; what the thread does per message is {@link ProxyForwarder}'s, which topics
 * are the host's is {@link TopicOwnership}'s.
 *
 * <p>With {@link #security}, the tcp endpoints off loopback are CURVE servers (docs/WIRE.md §1.2);
 * without it every endpoint is bound as given, plaintext.
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
    /**
     * The {@link #malformedByReason()} key of the CURVE handshakes refused (a peer whose key is not
     * allowed, each try), present while an endpoint of the proxy is a CURVE server.
     */
    public static final String CURVE_REFUSED = "curve-refused";

    private static final Logger LOG = Logger.getLogger(BusProxy.class.getName());
    private static final int POLL_MILLIS = 50;
    private static final long NUDGE_NANOS = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);

    private final ZContext ctx;
    private final String subscribeEndpoint;
    private final String publishEndpoint;
    private final TopicOwnership ownership = new TopicOwnership();
    private final ProxyForwarder forwarder = new ProxyForwarder(ownership, LOG);
    private int highWaterMark = 1000;
    private CurveSecurity security;
    private volatile boolean running;
    private Thread thread;

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
     * Makes the tcp endpoints off loopback CURVE servers admitting {@code security}'s allowed peers
     * (its ZAP handler runs in this proxy's context), or, when it is insecure, plaintext. Call before
     * {@link #start()}; the caller closes {@code security} after this proxy.
     */
    public BusProxy security(CurveSecurity security) {
        if (thread != null) {
            throw new IllegalStateException("security must be set before start()");
        }
        this.security = security;
        return this;
    }

    /** Whether an external endpoint is plaintext off loopback (no security, or an insecure one). */
    public boolean plaintextOffLoopback() {
        return (security == null || security.insecure())
                && (offLoopback(subscribeEndpoint) || offLoopback(publishEndpoint));
    }

    private boolean curve() {
        return security != null && (secured(subscribeEndpoint) || secured(publishEndpoint));
    }

    private static boolean offLoopback(String endpoint) {
        return endpoint != null && CurveSecurity.offLoopback(endpoint);
    }

    private boolean secured(String endpoint) {
        return endpoint != null && security.secures(endpoint);
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
        if (curve()) {
            security.startAuthenticator(ctx); // before any bind: a handshake must find it
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
        ZMQ.Socket inJvm = null;
        ZMQ.Socket external = null;
        ZMQ.Socket xpub = null;
        ZMQ.Poller poller = null;
        try {
            try {
                // One XSUB per origin: what arrives on the external one can be told from the host's own.
                inJvm = publishSide(INPROC_PUBLISH, "in-JVM publish (XSUB)");
                if (publishEndpoint != null) {
                    external = publishSide(publishEndpoint, "external publish (XSUB)");
                }
                xpub = ctx.createSocket(SocketType.XPUB);
                xpub.setSndHWM(highWaterMark);
                xpub.setLinger(0);
                // Verbose: every SUB's subscription reaches us, so each late joiner gets descriptors.
                xpub.setXpubVerbose(true);
                bind(xpub, INPROC_SUBSCRIBE, "in-JVM subscribe (XPUB)");
                if (subscribeEndpoint != null) {
                    secure(xpub, subscribeEndpoint);
                    bind(xpub, subscribeEndpoint, "external subscribe (XPUB)");
                }
                poller = ctx.createPoller(3);
                poller.register(xpub, ZMQ.Poller.POLLIN);
                poller.register(inJvm, ZMQ.Poller.POLLIN);
                if (external != null) {
                    poller.register(external, ZMQ.Poller.POLLIN);
                }
            } catch (RuntimeException e) {
                failure.set(
                        e instanceof IllegalStateException
                                ? e
                                : new IllegalStateException("bus proxy cannot start: " + e, e));
                return;
            } finally {
                bound.countDown();
            }
            forwarder.attach(inJvm, external, xpub);
            loop(poller, external != null);
        } finally {
            if (poller != null) {
                poller.close();
            }
            for (ZMQ.Socket s : new ZMQ.Socket[] {xpub, external, inJvm}) {
                if (s != null) {
                    ctx.destroySocket(s);
                }
            }
        }
    }

    /** An XSUB bound at {@code endpoint} that takes every message its publishers send. */
    private ZMQ.Socket publishSide(String endpoint, String role) {
        ZMQ.Socket s = ctx.createSocket(SocketType.XSUB);
        s.setRcvHWM(highWaterMark);
        s.setLinger(0);
        s.setMaxMsgSize(WireFormat.MAX_PAYLOAD_BYTES);
        try {
            secure(s, endpoint);
            bind(s, endpoint, role);
        } catch (RuntimeException e) {
            ctx.destroySocket(s);
            throw e;
        }
        // Everything flows to the proxy, whoever listens, so the registry sees every descriptor.
        s.send(new byte[] {1}, 0);
        return s;
    }

    private void secure(ZMQ.Socket s, String endpoint) {
        if (security != null) {
            security.server(s, endpoint);
        }
    }

    private static void bind(ZMQ.Socket s, String endpoint, String role) {
        try {
            s.bind(endpoint);
        } catch (ZMQException e) {
            String why = e.getErrorCode() == ZMQ.Error.EADDRINUSE.getCode()
                    ? "address already in use (another NeuroRig host, or a second proxy on this context?)"
                    : e.getMessage();
            throw new IllegalStateException(
                    "bus proxy cannot bind its " + role + " endpoint " + endpoint + ": " + why, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "bus proxy cannot bind its " + role + " endpoint " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private void loop(ZMQ.Poller poller, boolean hasExternal) {
        long nextNudge = System.nanoTime();
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                int ready = poller.poll(POLL_MILLIS);
                long now = System.nanoTime();
                if (now - nextNudge >= 0) {
                    // A socket attaches a newly connected peer (and, for the XSUBs, sends it the
                    // subscriptions) only while it processes its commands, which the poller does
                    // only when that socket's own signal fires. BusSpoofIT saw a new external
                    // publisher wait in vain for the catch-all subscription in 1 run of 3 without
                    // this; asking each socket for its events makes it process pending commands.
                    nextNudge = now + NUDGE_NANOS;
                    for (int i = 0; i < poller.getSize(); i++) {
                        ZMQ.Socket s = poller.getSocket(i);
                        if (s != null) {
                            s.getEvents();
                        }
                    }
                }
                if (ready <= 0) {
                    continue;
                }
                if (poller.pollin(0)) {
                    forwarder.drainSubscriptions();
                }
                if (poller.pollin(1)) {
                    forwarder.drainPublications(false);
                }
                if (hasExternal && poller.pollin(2)) {
                    forwarder.drainPublications(true);
                }
            } catch (ZMQException e) {
                if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
                    return; // the context is closing: nothing left to serve
                }
                LOG.log(Level.WARNING, "bus proxy: " + e.getMessage() + "; going on", e);
            } catch (RuntimeException e) {
                if (e.getCause() instanceof java.nio.channels.ClosedChannelException) {
                    // JeroMQ: a pipe's termination acknowledged to a socket that closed meanwhile
                    // (a run's publisher stopping while the poll reads its last delimiter); the pipe
                    // is gone either way
                    LOG.log(Level.FINE, "bus proxy: a peer socket closed during its pipe's termination", e);
                    continue;
                }
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
        return forwarder.hasSubscriber(topic);
    }

    /** Messages forwarded from publishers to subscribers (descriptors included, re-sends not). */
    public long forwarded() {
        return forwarder.forwarded();
    }

    /**
     * Makes {@code topic} the host's own (docs/WIRE.md §1): from now on the proxy refuses every
     * message on it from outside, and counts it as {@link MalformedFrameException#FOREIGN_TOPIC}.
     * A publisher of the host calls this when it is created, before its stream starts, so nothing
     * outside can take the topic first; {@link #release} undoes one claim. Safe from any thread.
     */
    public void claim(String topic) {
        ownership.claim(topic);
    }

    /** Undoes one {@link #claim} of {@code topic} (its publisher closed). Safe from any thread. */
    public void release(String topic) {
        ownership.release(topic);
    }

    /**
     * Whether {@code topic} (the whole topic, not a prefix) is the host's own: claimed, or sent on by
     * an in-JVM publisher since its last end of stream.
     */
    public boolean owns(String topic) {
        return ownership.owns(topic);
    }

    /**
     * Messages dropped: malformed (docs/WIRE.md §5) or refused (from outside on a topic of the host).
     */
    public long malformed() {
        return forwarder.malformed();
    }

    /**
     * Dropped messages per reason key ({@link MalformedFrameException#reason()}), sorted by key; with
     * a CURVE endpoint also {@link #CURVE_REFUSED}, handshakes refused (not in {@link #malformed()}).
     */
    public Map<String, Long> malformedByReason() {
        Map<String, Long> m = forwarder.malformedByReason();
        if (curve()) {
            m.put(CURVE_REFUSED, security.refused());
        }
        return m;
    }

    /** Cached descriptors sent again to late subscribers. */
    public long descriptorsResent() {
        return forwarder.descriptorsResent();
    }

    /** The stream registry: the latest descriptor per topic, ordered by topic. */
    public List<StreamSpec> streams() {
        return forwarder.streams();
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
}
