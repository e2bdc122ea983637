package org.neurorig.net.internal;

import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The sending end of an edge between hosts: binds a ROUTER, keeps every block in an
 * {@link EdgeBuffer} until the receiver confirms it, and sends at most a window of unconfirmed
 * frames (credit-based flow control: the receiver's ACKs grant the next ones). Acquisition never
 * waits for the network: past the buffer's bound a block is refused and the receiver sees the gap
 * in the stream's sequence numbers.
 *
 * <p>One thread owns the socket; {@link #offer} is called from the node's thread.
 */
final class EdgeSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EdgeSender.class.getName());
    /** A receiver silent this long (it asks again after 1 s of silence) counts as not connected. */
    private static final long SILENT_NANOS = 3_000_000_000L;

    private final ZContext zmq;
    private final String endpoint;
    private final EdgeBuffer buffer;
    private final byte[] descriptor;
    private final long epoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final byte[][] dataHeads;
    private final EdgeStats stats;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;

    /** Current receiver (ROUTER identity) and how far it may be sent to; sender thread only. */
    private volatile byte[] peer;

    private long limit;

    /** Frames the receiver takes beyond the last it confirmed (its HELLO says); sender thread only. */
    private int window;

    /** When the receiver last said something; sender thread only. */
    private long lastHeard;

    /**
     * Binds {@code endpoint} at once (so a port in use fails the node's start) and starts sending.
     *
     * @param security applied to the socket before it binds
     */
    EdgeSender(ZContext zmq, String endpoint, StreamSpec spec, int slots, EdgeStats stats, NetSecurity security) {
        this.zmq = zmq;
        this.endpoint = endpoint;
        this.buffer = new EdgeBuffer(slots, spec.sampleRate());
        this.descriptor = WireCodec.encodeDescriptor(spec);
        this.dataHeads = new byte[slots][EdgeMessages.DATA_BYTES];
        this.stats = stats;
        ZMQ.Socket s = zmq.createSocket(SocketType.ROUTER);
        try {
            s.setLinger(0);
            s.setSndHWM(0); // the window bounds what is queued; ZeroMQ must not drop on its own
            security.server(s, endpoint);
            s.bind(endpoint);
        } catch (RuntimeException e) {
            zmq.destroySocket(s);
            throw new IllegalStateException("cannot bind the edge endpoint " + endpoint + ": " + e.getMessage(), e);
        }
        thread = new Thread(() -> loop(s), "neurorig-edge-send " + endpoint);
        thread.setDaemon(true);
        thread.start();
    }

    /** Keeps {@code b} for sending; false when the buffer is full (counted). Node thread. */
    boolean offer(Block b) {
        boolean kept = buffer.add(b, HostClock.nowNanos());
        stats.sent(buffer.added(), buffer.confirmed(), buffer.refused(), buffer.refusedSamples());
        return kept;
    }

    /** Frames not yet confirmed by the receiver. */
    long unconfirmed() {
        return buffer.added() - buffer.confirmed();
    }

    /** Why the sending thread stopped, or null. */
    String failure() {
        return failure;
    }

    private void loop(ZMQ.Socket s) {
        ZMQ.Poller poller = zmq.createPoller(1);
        poller.register(s, ZMQ.Poller.POLLIN);
        try {
            while (running && !Thread.currentThread().isInterrupted()) {
                boolean busy = receive(s);
                busy |= send(s);
                if (peer != null && System.nanoTime() - lastHeard > SILENT_NANOS) {
                    // a receiver speaks at least once a second (ACK, or HELLO to a quiet sender)
                    stats.connected(false);
                }
                if (busy) {
                    continue;
                }
                if (peer == null || buffer.nextToSend(Long.MAX_VALUE) >= 0) {
                    // frames wait for the receiver (its HELLO, or an ACK to open the window): its
                    // message wakes the poll
                    poller.poll(2);
                } else {
                    buffer.awaitFrame(limit, 2); // all sent: the next block wakes the wait
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.warning("edge " + endpoint + ": sending stopped: " + e);
        } finally {
            poller.close();
            zmq.destroySocket(s);
        }
    }

    /** Handles what the receiver sent; true when something arrived. */
    private boolean receive(ZMQ.Socket s) {
        boolean any = false;
        byte[] id;
        while ((id = s.recv(ZMQ.DONTWAIT)) != null) {
            any = true;
            lastHeard = System.nanoTime();
            byte[] m = s.hasReceiveMore() ? s.recv() : null;
            while (s.hasReceiveMore()) {
                s.recv(); // a longer message than any we know: ignore the rest
            }
            if (EdgeMessages.is(m, EdgeMessages.HELLO, EdgeMessages.HELLO_BYTES)) {
                hello(s, id, m);
            } else if (EdgeMessages.is(m, EdgeMessages.ACK, EdgeMessages.ACK_BYTES)
                    && peer != null
                    && java.util.Arrays.equals(id, peer)) {
                long upTo = EdgeMessages.first(m);
                stats.connected(true);
                buffer.confirm(upTo);
                limit = Math.max(limit, upTo + window);
                stats.sent(buffer.added(), buffer.confirmed(), buffer.refused(), buffer.refusedSamples());
            } else {
                stats.malformed();
            }
        }
        return any;
    }

    private void hello(ZMQ.Socket s, byte[] id, byte[] m) {
        long knownEpoch = EdgeMessages.first(m);
        long expected = EdgeMessages.helloExpected(m);
        window = Math.max(1, Math.min(EdgeMessages.helloWindow(m), buffer.capacity()));
        // A receiver that knows this sender resumes where it is; a new one (or one that knew an earlier
        // sender) gets everything still kept.
        long from = knownEpoch == epoch ? expected : 0;
        buffer.confirm(from);
        buffer.rewind(from);
        long base = Math.max(from, buffer.confirmed());
        limit = base + window;
        peer = id;
        stats.connected(true);
        s.send(id, ZMQ.SNDMORE);
        s.send(EdgeMessages.stream(epoch), ZMQ.SNDMORE);
        s.send(descriptor, 0);
    }

    /** Sends what the window allows; true when something was sent. */
    private boolean send(ZMQ.Socket s) {
        if (peer == null) {
            return false;
        }
        boolean any = false;
        long f;
        while ((f = buffer.nextToSend(limit)) >= 0) {
            byte[] head = dataHeads[(int) (f % dataHeads.length)];
            EdgeMessages.data(f, head);
            s.send(peer, ZMQ.SNDMORE);
            s.send(head, ZMQ.SNDMORE);
            s.send(buffer.header(f), ZMQ.SNDMORE);
            s.send(buffer.payload(f), 0, buffer.length(f), 0);
            buffer.markSent(f);
            any = true;
        }
        return any;
    }

    /**
     * Gives the receiver up to {@code millis} to confirm what is kept (a run's end: the last blocks
     * should arrive), then stops.
     */
    @Override
    public void close() {
        close(0);
    }

    void close(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (unconfirmed() > 0 && peer != null && System.nanoTime() < deadline && failure == null) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
