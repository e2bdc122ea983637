package org.neurorig.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Publishes one stream: stamps each block's sequence number and hands the block itself, by
 * reference, to every consumer's queue inside the JVM (an {@link Edge} each); the block returns to
 * the publisher's pool when the last consumer released it. Bytes are encoded only for the host
 * proxy, and only while a client outside the JVM subscribes to the stream (descriptors always).
 * Create, use and close it on one thread (the producing node's runner).
 *
 * <p>The producer fills {@link #block()} and calls {@link #publish}; after that it gets a fresh
 * block from {@link #block()}: a published block is never written again until every consumer is
 * done with it. Lossless edges wait while their queue is full (back-pressure, woken when the
 * consumer takes a block); live and shedding edges drop and count. The proxy path is live: ZeroMQ
 * drops per subscriber above the high-water mark and external clients see it as a sequence gap.
 */
public final class StreamPublisher implements AutoCloseable {
    private final StreamSpec spec;
    private final byte[] topic;
    private final List<Edge> edges = new ArrayList<>();
    private final BlockPool pool;
    /** The block the producer fills now, held by this publisher until published. */
    private SharedBlock current;
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
     * Serves {@code edges} and, when {@code proxyEndpoint} is not null, connects to the proxy.
     *
     * @param queueBlocks high-water mark of the socket to the proxy, in blocks
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
        this.topic = spec.name().getBytes(StandardCharsets.UTF_8);
        this.edges.addAll(edges);
        this.pool = new BlockPool(spec, 2);
        this.current = pool.take(poolBound());
        if (proxyEndpoint != null) {
            proxy = ctx.createSocket(SocketType.PUB);
            proxy.setSndHWM(queueBlocks);
            proxy.setLinger(0);
            proxy.connect(proxyEndpoint);
        } else {
            proxy = null;
        }
        // Sized on first use: most streams never have an outside subscriber.
        this.payload = new byte[0];
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

    /** Blocks the consumers may hold at once: their queues, one each being read, and the one filled. */
    private int poolBound() {
        int n = 1;
        for (Edge e : edges) {
            n += e.capacity() + 1;
        }
        return n;
    }

    /**
     * Adds a consumer while the stream flows; it gets every block from the next one on. Safe from
     * any thread: the change is made by the publishing thread before it sends its next block.
     */
    public java.util.concurrent.CompletableFuture<Void> addEdge(Edge e) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        pending.add(() -> {
            edges.add(e);
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
            edges.remove(e);
            done.complete(null);
        });
        return done;
    }

    /** Blocks published so far; the next block gets this sequence number. */
    public long published() {
        return published;
    }

    /** Blocks its pool holds now (the memory it keeps is that times the block's size). */
    public int pooledBlocks() {
        return pool.size();
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

    /** The block to fill next (cleared). After {@link #publish} it is another one. */
    public Block block() {
        return current.block;
    }

    /**
     * Publishes {@link #block()}: stamps its sequence number and hands it to every consumer.
     *
     * @throws InterruptedException when the thread is interrupted while waiting for a lossless queue
     */
    public void publish() throws InterruptedException {
        publish(current.block);
    }

    /**
     * Publishes {@code block}: {@link #block()} itself without a copy, or any other block of the
     * stream's shape by copying it into {@link #block()} first (tests, tools).
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
        SharedBlock s = current;
        Block b = s.block;
        if (block != b) {
            b.copyFrom(block);
        }
        BlockStamp.seq(b, nextSeq++);
        long now = HostClock.nowNanos();
        s.pubTimeNanos = now;
        int n = edges.size();
        s.hold(n); // before the first hand-over: a fast consumer must not free it meanwhile
        for (int i = 0; i < n; i++) {
            boolean queued;
            try {
                queued = edges.get(i).offer(s);
            } catch (InterruptedException e) {
                for (int k = i; k < n; k++) {
                    s.release(); // this queue and the ones after it never got it
                }
                finish(s, b);
                throw e;
            }
            if (!queued) {
                s.release(); // dropped: that queue does not hold it
            }
        }
        if (proxy != null
                && (listeners == null
                        || (b.flags() & Block.FLAG_END_OF_STREAM) != 0
                        || listeners.hasSubscriber(topic))) {
            sendToProxy(b, now);
        }
        finish(s, b);
    }

    /** Counts the published block, lets go of it and takes the next one to fill. */
    private void finish(SharedBlock s, Block b) {
        published = nextSeq;
        samples += b.sampleCount();
        s.release(); // ours: the consumers hold it now, or nobody and it is free again
        current = pool.take(poolBound());
    }

    /** Encodes the block for clients outside the JVM: the only place a stream becomes bytes. */
    private void sendToProxy(Block b, long pubTimeNanos) {
        int n = codec.payloadBytes(b);
        if (n > payload.length) { // first use, or an event text longer than any before
            payload = new byte
                    [(int) Math.min(
                            Integer.MAX_VALUE - 64,
                            Math.max(n, Math.max(initialPayloadBytes(spec), 2L * payload.length)))];
        }
        int len = codec.writePayload(b, payload);
        codec.writeHeader(b, spec.sampleRate(), pubTimeNanos, header);
        if (proxy.send(topic, 0, topic.length, ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
            proxy.send(header, 0, header.length, ZMQ.SNDMORE);
            proxy.send(payload, 0, len, 0);
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
        if (proxy != null) {
            proxy.close();
        }
    }
}
