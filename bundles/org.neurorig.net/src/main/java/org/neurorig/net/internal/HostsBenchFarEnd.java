package org.neurorig.net.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Proxy;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.WireFormat;
import org.neurorig.bus.security.CurveSecurity;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The receiving end of {@code neurorig bench hosts}, run in the network namespace
 * ({@code neurorig bench hosts --far-end}): for each row the near end asks for, it connects a
 * receiver (a raw JeroMQ PULL, or the real {@link ReceiveNode} as a host runs it), stamps every block
 * on arrival with {@link HostClock#nowNanos()}, and answers the row's counts and latencies once the
 * near end says how many blocks it sent and they are all in (or the wait runs out).
 *
 * <p>Messages (JSON lines over {@link HostsBenchLink}): it says {@code hello} with its clock anchor;
 * {@code open} (path, curve, channels, endpoint, conf, settings) is answered {@code ready};
 * {@code end} (sent) is answered {@code result}; {@code quit} or the end of its input ends it. A
 * failure is answered {@code error} with the reason.
 */
final class HostsBenchFarEnd {
    /** The names each end gives the other in the allow-list of the run's temporary keys. */
    static final String NEAR = "near";

    static final String FAR = "far";

    /** The raw frames' stamps: little-endian longs at the start of the payload, as the wire writes numbers. */
    static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int RECEIVE_TIMEOUT_MILLIS = 100;
    /** How long a new connection may take to carry its first probe. */
    private static final long OPEN_MILLIS = 20_000;
    /** After {@code end}, how long the last blocks may take to arrive (a full edge buffer drains first). */
    private static final long FINISH_MILLIS = 60_000;

    private final HostsBenchLink link;
    private Receiver receiver;

    HostsBenchFarEnd(HostsBenchLink link) {
        this.link = link;
    }

    /** Answers the near end until it says {@code quit} or its pipe closes. */
    void serve() throws IOException, InterruptedException {
        Map<String, Object> hello = message("hello");
        hello.put("anchorNanos", HostClock.nowNanos() - System.nanoTime());
        link.send(hello);
        try {
            JsonNode m;
            while ((m = link.receive()) != null) {
                String op = m.path("op").asText();
                if (op.equals("quit")) {
                    return;
                }
                try {
                    switch (op) {
                        case "open" -> {
                            closeReceiver();
                            receiver = open(m);
                            link.send(message("ready"));
                        }
                        case "end" -> {
                            if (receiver == null) {
                                throw new IllegalStateException("'end' without an open row");
                            }
                            Map<String, Object> result =
                                    receiver.finish(m.path("sent").asLong());
                            receiver = null;
                            link.send(result);
                        }
                        default -> throw new IllegalArgumentException("unknown request '" + op + "'");
                    }
                } catch (RuntimeException e) {
                    closeReceiver();
                    Map<String, Object> error = message("error");
                    error.put("message", e.toString());
                    link.send(error);
                }
            }
        } finally {
            closeReceiver();
        }
    }

    private void closeReceiver() throws InterruptedException {
        if (receiver != null) {
            receiver.abort();
            receiver = null;
        }
    }

    static Map<String, Object> message(String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        return m;
    }

    private Receiver open(JsonNode m) throws InterruptedException {
        HostsBenchSettings settings = new HostsBenchSettings(
                m.path("warmupBlocks").asInt(),
                m.path("measuredBlocks").asInt(),
                m.path("blocksPerSecond").asInt(),
                m.path("throughputWarmupSeconds").asDouble(),
                m.path("throughputSeconds").asDouble());
        int channels = m.path("channels").asInt();
        String endpoint = m.path("endpoint").asText();
        boolean curve = m.path("curve").asBoolean();
        Path conf = curve ? Path.of(m.path("conf").asText()) : null;
        String path = m.path("path").asText();
        Receiver r =
                switch (path) {
                    case HostsBench.RAW -> new RawReceiver(settings, channels, endpoint, conf);
                    case HostsBench.EDGE -> new EdgeReceiver(settings, channels, endpoint, conf);
                    default -> throw new IllegalArgumentException("unknown path '" + path + "'");
                };
        r.startOpen();
        r.awaitProbe();
        return r;
    }

    /**
     * Receives one row on its own thread, which owns the context and the socket from open to close.
     * Counts what arrives and records the latency of the measured paced blocks; allocates nothing
     * per block.
     */
    private abstract static class Receiver extends Thread {
        final HostsBenchSettings settings;
        final int channels;
        final String endpoint;
        final Path conf;
        private final long[] latencies;
        private final Object opened = new Object();
        private boolean openDone;
        volatile Throwable failure;
        volatile boolean stop;
        volatile long target = Long.MAX_VALUE;
        /** Block number expected next: one past the highest seen. */
        volatile long next;

        /** A probe (block -1) came through, or the path needs none. */
        volatile boolean probed;

        private int recorded;
        private long received;
        private long missing;
        private long duplicates;
        private long windowOpen;
        private long windowClose;
        private long windowBlocks;
        private long lastArrival;
        ZContext zmq;
        CurveSecurity curve;

        Receiver(HostsBenchSettings settings, int channels, String endpoint, Path conf) {
            super("neurorig-bench-hosts-receiver");
            setDaemon(true);
            this.settings = settings;
            this.channels = channels;
            this.endpoint = endpoint;
            this.conf = conf;
            this.latencies = new long[settings.measuredBlocks()];
        }

        /** Connects (within this thread); returns once connected. */
        abstract void connect() throws Exception;

        /** Waits a little for blocks and passes each to {@link #arrived}. */
        abstract void receiveSome() throws Exception;

        abstract void closeSocket();

        /** Starts the thread and returns once it is connected (or throws why it could not). */
        final void startOpen() throws InterruptedException {
            start();
            synchronized (opened) {
                while (!openDone) {
                    opened.wait();
                }
            }
            if (failure != null) {
                join();
                throw new IllegalStateException("could not open the receiver at " + endpoint + ": " + failure, failure);
            }
        }

        @Override
        public final void run() {
            try {
                zmq = new ZContext(1);
                if (conf != null) {
                    curve = CurveSecurity.load(conf, false);
                    curve.startAuthenticator(zmq);
                }
                connect();
                signalOpen();
                while (!stop && next < target) {
                    receiveSome();
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                signalOpen();
                closeSocket();
                if (curve != null) {
                    curve.close();
                }
                if (zmq != null) {
                    zmq.close();
                }
            }
        }

        private void signalOpen() {
            synchronized (opened) {
                openDone = true;
                opened.notifyAll();
            }
        }

        /** Waits until a probe came through the new connection (or the receiver failed). */
        final void awaitProbe() throws InterruptedException {
            long deadline = System.nanoTime() + OPEN_MILLIS * 1_000_000L;
            while (!probed && failure == null && isAlive()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(
                            "no probe arrived at " + endpoint + " within " + OPEN_MILLIS + " ms");
                }
                Thread.sleep(1);
            }
            if (failure != null) {
                throw new IllegalStateException("the receiver at " + endpoint + " failed: " + failure, failure);
            }
        }

        /** One block has arrived: its number, its sender's stamp and this end's. Receiver thread. */
        final void arrived(long block, long sentNanos, long nowNanos) {
            if (block < 0) {
                probed = true; // the sender's probes, until it heard that this end is ready
                return;
            }
            received++;
            if (block != next) {
                if (block > next) {
                    missing += block - next;
                } else {
                    duplicates++;
                    return;
                }
            }
            next = block + 1;
            long paced = settings.warmupBlocks() + (long) settings.measuredBlocks();
            if (block < paced) {
                if (block >= settings.warmupBlocks() && recorded < latencies.length) {
                    latencies[recorded++] = nowNanos - sentNanos;
                }
                return;
            }
            // flat out: the window is timed on this end, from the first flat-out block that arrived
            if (windowOpen == 0) {
                windowOpen = nowNanos + (long) (settings.throughputWarmupSeconds() * 1e9);
                windowClose = windowOpen + (long) (settings.throughputSeconds() * 1e9);
            }
            if (nowNanos >= windowOpen && nowNanos < windowClose) {
                windowBlocks++;
            }
            lastArrival = nowNanos;
        }

        /** The sender is done after {@code sent} blocks: waits for them, stops, and says what came. */
        final Map<String, Object> finish(long sent) throws InterruptedException {
            target = sent;
            join(FINISH_MILLIS);
            if (isAlive()) {
                stop = true;
                join();
            }
            if (failure != null) {
                throw new IllegalStateException("the receiver failed: " + failure, failure);
            }
            HostsBenchLatency l = HostsBenchLatency.of(settings.measuredBlocks(), latencies, recorded);
            Map<String, Object> r = message("result");
            r.put("received", received);
            r.put("missing", missing + Math.max(0, sent - next)); // the tail that never came
            r.put("duplicates", duplicates);
            r.put("latencyExpected", l.expected());
            r.put("latencyReceived", l.received());
            r.put("p50Nanos", l.p50Nanos());
            r.put("p99Nanos", l.p99Nanos());
            r.put("maxNanos", l.maxNanos());
            // a window the flat-out phase did not fill (the sender stopped first) counts only up to its last block
            long end = Math.min(windowClose, lastArrival);
            r.put("windowSeconds", windowOpen == 0 || end <= windowOpen ? 0.0 : (end - windowOpen) / 1e9);
            r.put("windowBlocks", windowBlocks);
            return r;
        }

        /** Stops without waiting for anything more (the near end gave up on the row). */
        final void abort() throws InterruptedException {
            stop = true;
            join(5_000);
        }
    }

    /** Raw JeroMQ: a PULL reads the header and the payload frame into its own arrays. */
    private static final class RawReceiver extends Receiver {
        private final byte[] header = new byte[WireFormat.HEADER_BYTES];
        private final byte[] payload;
        private ZMQ.Socket socket;

        RawReceiver(HostsBenchSettings settings, int channels, String endpoint, Path conf) {
            super(settings, channels, endpoint, conf);
            payload = new byte[HostsBenchSettings.payloadBytes(channels)];
        }

        @Override
        void connect() {
            socket = zmq.createSocket(SocketType.PULL);
            socket.setLinger(0);
            socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
            socket.setHandshakeIvl(ReceiveNode.HANDSHAKE_MILLIS); // as the edge does: a stalled handshake retries soon
            if (curve != null) {
                curve.client(socket, endpoint, NEAR);
            }
            socket.connect(endpoint);
        }

        @Override
        void receiveSome() {
            int h = socket.recv(header, 0, header.length, 0);
            if (h < 0) {
                return; // timeout
            }
            int p = socket.hasReceiveMore() ? socket.recv(payload, 0, payload.length, 0) : -1;
            long now = HostClock.nowNanos();
            if (h != header.length || p != payload.length || socket.hasReceiveMore()) {
                throw new IllegalStateException("malformed benchmark message at " + endpoint + ": header " + h
                        + " bytes, payload " + p + " bytes (expected " + header.length + " and " + payload.length
                        + ")");
            }
            arrived((long) I64.get(payload, 8), (long) I64.get(payload, 0), now);
        }

        @Override
        void closeSocket() {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /**
     * The NeuroRig edge: the real {@link ReceiveNode} (DEALER, credit window, confirmations), driven
     * as the runtime drives a source; its blocks carry the sender's stamp as their acquisition time
     * and their number in their first sample.
     */
    private static final class EdgeReceiver extends Receiver implements Emitter, NodeContext {
        private ReceiveNode node;
        private Block block;
        private volatile String status = "";

        EdgeReceiver(HostsBenchSettings settings, int channels, String endpoint, Path conf) {
            super(settings, channels, endpoint, conf);
        }

        @Override
        void connect() throws Exception {
            ZContext z = zmq;
            NetSecurity security = curve == null
                    ? NetSecurity.NONE
                    : new NetSecurity() {
                        @Override
                        public void server(ZMQ.Socket s, String ep) {
                            curve.server(s, ep);
                        }

                        @Override
                        public void client(ZMQ.Socket s, String ep, String peer) {
                            curve.client(s, ep, peer);
                        }
                    };
            node = new ReceiveNode();
            node.net = new NetContext() {
                @Override
                public ZContext zmq() {
                    return z;
                }

                @Override
                public NetSecurity security() {
                    return security;
                }
            };
            node.activate(config(
                    ReceiveNodeConfig.class,
                    Map.of(
                            "connect",
                            endpoint,
                            "peer",
                            NEAR,
                            "kind",
                            Kind.CONTINUOUS_I16.name(),
                            "rate",
                            30_000.0,
                            "connectMillis",
                            10_000)));
            List<StreamSpec> specs = node.open(this);
            StreamSpec spec = specs.get(0);
            if (spec.channelCount() != channels) {
                throw new IllegalStateException(
                        "the sender declared " + spec.channelCount() + " channels, expected " + channels);
            }
            block = Block.forSpec(spec);
            probed = true; // open returned: the sender's descriptor came through this connection
        }

        @Override
        void receiveSome() throws Exception {
            node.read(this);
        }

        @Override
        void closeSocket() {
            if (node != null) {
                node.close();
            }
        }

        @Override
        public Block block(int port) {
            return block;
        }

        @Override
        public void emit(int port) {
            long now = HostClock.nowNanos();
            arrived(block.firstSample() / HostsBenchSettings.SAMPLES_PER_BLOCK, block.acqTimeNanos(), now);
        }

        @Override
        public String nodeName() {
            return "bench-hosts-receive";
        }

        @Override
        public void status(NodeStatus s, String message) {
            status = s + ": " + message; // seen in a failure's message, if any
        }

        @Override
        public String toString() {
            return "edge receiver at " + endpoint + (status.isEmpty() ? "" : " (" + status + ")");
        }
    }

    /**
     * A configuration annotation with {@code values} and the annotation's defaults for the rest, as
     * Configuration Admin would give it: the node reads its real defaults (window, …), stated once.
     */
    static <A> A config(Class<A> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            String name = method.getName();
            if (values.containsKey(name)) {
                return values.get(name);
            }
            return switch (name) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + values;
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == args[0];
                default -> {
                    Object d = method.getDefaultValue();
                    if (d == null) {
                        throw new IllegalStateException(type.getSimpleName() + "." + name + " has no default");
                    }
                    yield d;
                }
            };
        });
        return type.cast(proxy);
    }
}
