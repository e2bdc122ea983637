package org.neurorig.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Publishes one stream: stamps each block's sequence number, encodes it once into reused buffers and
 * sends it to every consumer's queue (a PUSH socket per {@link Edge}) and, for clients outside the
 * JVM, to the host proxy. Create, use and close it on one thread (the producing node's runner).
 *
 * <p>Lossless edges wait while their queue is full (back-pressure); live and shedding edges drop
 * and count. The proxy path is live: ZeroMQ drops per subscriber above the high-water mark and
 * external clients see it as a sequence gap.
 */
public final class StreamPublisher implements AutoCloseable {
    private static final long WAIT_NANOS = 20_000;

    private final StreamSpec spec;
    private final byte[] topic;
    private final ZContext ctx;
    private final int queueBlocks;
    private final List<Edge> edges = new ArrayList<>();
    private final List<ZMQ.Socket> sockets = new ArrayList<>();
    /** Edge changes asked for by other threads, applied on the publishing thread before its next block. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> pending =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final ZMQ.Socket proxy;
    /** The host's proxy: who listens there, and which topics are the host's; null: send every block. */
    private final BusProxy listeners;

    private final WireCodec codec = new WireCodec();
    private final byte[] header = new byte[WireFormat.HEADER_BYTES];
    private byte[] payload;
    private long nextSeq;
    private long descriptorSentNanos;
    private boolean descriptorRepeated;
    private volatile long published;
    private volatile long samples;
    private boolean closed;

    /**
     * Connects to every edge's endpoint and, when {@code proxyEndpoint} is not null, to the proxy.
     *
     * @param queueBlocks high-water mark of each consumer queue, in blocks
     */
    public StreamPublisher(ZContext ctx, StreamSpec spec, List<Edge> edges, String proxyEndpoint, int queueBlocks) {
        this(ctx, spec, edges, proxyEndpoint, queueBlocks, null);
    }

    /**
     * As above, with the host's proxy: the stream's topic is {@link BusProxy#claim claimed} there
     * from now until {@link #close}, so no outside publisher can send on it, and data blocks go to
     * the proxy only while it reports a subscriber for the stream (descriptors and the end-of-stream
     * block always go, for the proxy's registry).
     */
    public StreamPublisher(
            ZContext ctx,
            StreamSpec spec,
            List<Edge> edges,
            String proxyEndpoint,
            int queueBlocks,
            BusProxy listeners) {
        this.listeners = listeners;
        this.spec = spec;
        this.ctx = ctx;
        this.queueBlocks = queueBlocks;
        this.topic = spec.name().getBytes(StandardCharsets.UTF_8);
        for (Edge e : edges) {
            connect(e);
        }
        if (proxyEndpoint != null) {
            proxy = ctx.createSocket(SocketType.PUB);
            proxy.setSndHWM(queueBlocks);
            proxy.setLinger(0);
            proxy.connect(proxyEndpoint);
        } else {
            proxy = null;
        }
        this.payload = new byte[Math.max(1024, initialPayloadBytes(spec))];
        if (listeners != null) {
            // Before the first message: a stream that starts late must not find its topic taken.
            listeners.claim(spec.name());
        }
    }

    private static int initialPayloadBytes(StreamSpec spec) {
        long perSample =
                switch (spec.kind()) {
                    case CONTINUOUS_I16 -> 2L * spec.channelCount();
                    case CONTINUOUS_F32, MATRIX_F32 -> 4L * spec.channelCount();
                    default -> 16L;
                };
        return (int) Math.min(Integer.MAX_VALUE - 64, perSample * spec.blockSamples());
    }

    public StreamSpec spec() {
        return spec;
    }

    /** The consumers served now (a copy; not for the hot path). */
    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    private void connect(Edge e) {
        ZMQ.Socket s = ctx.createSocket(SocketType.PUSH);
        s.setSndHWM(queueBlocks);
        s.setLinger(0);
        s.connect(e.endpoint());
        edges.add(e);
        sockets.add(s);
    }

    /**
     * Adds a consumer while the stream flows; it gets every block from the next one on. Safe from
     * any thread: the change is made by the publishing thread before it sends its next block.
     */
    public java.util.concurrent.CompletableFuture<Void> addEdge(Edge e) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        pending.add(() -> {
            connect(e);
            done.complete(null);
        });
        return done;
    }

    /**
     * Removes a consumer while the stream flows; after the future completes nothing more is sent
     * to it. Safe from any thread, like {@link #addEdge}.
     */
    public java.util.concurrent.CompletableFuture<Void> removeEdge(Edge e) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        pending.add(() -> {
            int i = edges.indexOf(e);
            if (i >= 0) {
                edges.remove(i);
                sockets.remove(i).close();
            }
            done.complete(null);
        });
        return done;
    }

    /** Blocks published so far; the next block gets this sequence number. */
    public long published() {
        return published;
    }

    /** Samples (or items) published so far. */
    public long samples() {
        return samples;
    }

    /** Sends the stream's descriptor (kind 0) to the proxy, where late joiners get it on subscribe. */
    public void sendDescriptor() {
        if (proxy == null) {
            return;
        }
        byte[] json = WireCodec.encodeDescriptor(spec);
        codec.writeDescriptorHeader(spec, HostClock.nowNanos(), header);
        // The copying send variants: the header array is reused by the next publish while the proxy
        // thread may not have read this one yet.
        proxy.send(topic, 0, topic.length, ZMQ.SNDMORE);
        proxy.send(header, 0, header.length, ZMQ.SNDMORE);
        proxy.send(json, 0, json.length, 0);
        descriptorSentNanos = System.nanoTime();
    }

    /**
     * Stamps {@code block} with the next sequence number and sends it.
     *
     * @throws InterruptedException when the thread is interrupted while waiting for a lossless queue
     */
    public void publish(Block block) throws InterruptedException {
        if (!pending.isEmpty()) {
            for (Runnable change; (change = pending.poll()) != null; ) {
                change.run();
            }
        }
        if (!descriptorRepeated && proxy != null && System.nanoTime() - descriptorSentNanos > 100_000_000L) {
            // A PUB drops what it sends before the proxy's subscription reaches it (ZeroMQ's slow
            // joiner), so the first descriptor may be lost; once more, a little later, is enough
            // for the proxy's registry, which serves late subscribers from then on.
            descriptorRepeated = true;
            sendDescriptor();
        }
        BlockStamp.seq(block, nextSeq++);
        int n = codec.payloadBytes(block);
        if (n > payload.length) {
            payload = new byte[Math.max(n, payload.length * 2)]; // rare: long event texts only
        }
        int len = codec.writePayload(block, payload);
        codec.writeHeader(block, spec.sampleRate(), HostClock.nowNanos(), header);
        for (int i = 0; i < sockets.size(); i++) {
            sendTo(edges.get(i), sockets.get(i), len);
        }
        if (proxy != null
                && (listeners == null
                        || (block.flags() & Block.FLAG_END_OF_STREAM) != 0
                        || listeners.hasSubscriber(topic))
                && proxy.send(topic, 0, topic.length, ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
            proxy.send(header, 0, header.length, ZMQ.SNDMORE);
            proxy.send(payload, 0, len, 0);
        }
        published = nextSeq;
        samples += block.sampleCount();
    }

    private void sendTo(Edge edge, ZMQ.Socket socket, int len) throws InterruptedException {
        // The first frame decides: once it is queued, ZeroMQ accepts the rest of the message.
        while (!sendFirstFrame(socket)) {
            if (edge.delivery() == Delivery.LIVE || edge.shedding()) {
                edge.countDropped();
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while " + edge.consumer() + " was full");
            }
            LockSupport.parkNanos(WAIT_NANOS);
        }
        socket.send(header, 0, header.length, ZMQ.SNDMORE);
        socket.send(payload, 0, len, 0);
        edge.countSent();
    }

    /** JeroMQ reports an interrupt as ZMQException(EINTR); the runtime expects InterruptedException. */
    private boolean sendFirstFrame(ZMQ.Socket socket) throws InterruptedException {
        try {
            return socket.send(topic, 0, topic.length, ZMQ.SNDMORE | ZMQ.DONTWAIT);
        } catch (org.zeromq.ZMQException e) {
            if (e.getErrorCode() == zmq.ZError.EINTR) {
                throw new InterruptedException("interrupted while sending " + spec.name());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listeners != null) {
            listeners.release(spec.name());
        }
        for (ZMQ.Socket s : sockets) {
            s.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }
}
