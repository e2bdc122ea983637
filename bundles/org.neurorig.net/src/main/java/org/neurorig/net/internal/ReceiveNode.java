package org.neurorig.net.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.MalformedFrameException;
import org.neurorig.bus.WireCodec;
import org.neurorig.bus.WireHeader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * {@code net.receive}: the end of an edge on the consuming host, a source whose one output is the
 * other host's stream. Blocks keep the producer's sample numbers and acquisition times (on the rig
 * clock, docs/HOSTS.md); a jump in the producer's sequence numbers (blocks the sender could not
 * keep) is counted as a gap. When the sender falls silent the node says OFFLINE and keeps asking;
 * it resumes from the first frame it has not delivered, so a reconnect within the sender's buffer
 * loses nothing.
 */
@Designate(ocd = ReceiveNodeConfig.class, factory = true)
@Component(
        name = "net.receive",
        configurationPid = "net.receive",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
@NodeType(type = "net.receive", outputs = "out:config:kind@config:rate")
public final class ReceiveNode implements Source {
    /** Without any message for this long the node asks again (the sender may have lost it). */
    static final long SILENCE_NANOS = 1_000_000_000L;

    private static final int ACK_EVERY = 16;

    /**
     * A few percent of JeroMQ's new tcp connections never finish their handshake until its 30 s
     * timer resets them (zeromq/jeromq#1022): give up on a handshake after a second instead.
     */
    static final int HANDSHAKE_MILLIS = 1000;

    @Reference
    NetContext net;

    private ReceiveNodeConfig config;
    private ZMQ.Socket socket;
    private NodeContext context;
    private EdgeStats stats;
    private final WireHeader header = new WireHeader();
    private final WireCodec codec = new WireCodec();
    private StreamSpec spec;
    private long epoch;
    /** Next frame wanted from the sender; -1 until a new sender's first frame sets it. */
    private long expected = -1;

    private long delivered;
    private long lastStreamSeq = -1;
    private long lastHeard;
    private long lastAsked;
    private int sinceAck;
    private boolean offline;

    @Activate
    void activate(ReceiveNodeConfig c) {
        config = c;
    }

    @Override
    public List<StreamSpec> open(NodeContext ctx) throws Exception {
        context = ctx;
        socket = net.zmq().createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setHandshakeIvl(HANDSHAKE_MILLIS);
        socket.setRcvHWM(0);
        net.security().client(socket, config.connect(), config.peer());
        socket.connect(config.connect());
        stats = EdgeStats.register(ctx.nodeName(), config.connect(), false);
        ask();
        long deadline = System.nanoTime() + config.connectMillis() * 1_000_000L;
        while (spec == null && System.nanoTime() < deadline) {
            pump(null, 20);
        }
        if (spec == null) {
            close();
            throw new IllegalStateException("no answer from host '" + config.peer() + "' at " + config.connect()
                    + " within " + config.connectMillis() + " ms (its sending node not running yet?); retrying");
        }
        return List.of(spec.withName("out"));
    }

    @Override
    public int read(Emitter out) throws Exception {
        int samples = pump(out, 5);
        if (samples == 0 && sinceAck > 0) {
            confirm(); // idle: confirm what is left so the sender's window opens
        }
        long now = System.nanoTime();
        if (now - lastHeard > SILENCE_NANOS && now - lastAsked > SILENCE_NANOS) {
            if (!offline && now - lastHeard > 3 * SILENCE_NANOS) {
                offline = true;
                stats.connected(false);
                context.status(
                        NodeStatus.OFFLINE,
                        "nothing from host '" + config.peer() + "' at " + config.connect() + " for 3 s; asking again");
            }
            ask();
        }
        return samples;
    }

    private void ask() {
        // never blocks the node: while the sender is away its queue fills up, and a HELLO that does not
        // fit is not missed (another follows within a second)
        socket.send(EdgeMessages.hello(epoch, Math.max(expected, 0), config.window()), ZMQ.DONTWAIT);
        lastAsked = System.nanoTime();
    }

    /** Handles what arrives within {@code waitMillis}; returns samples emitted. */
    private int pump(Emitter out, int waitMillis) throws Exception {
        int samples = 0;
        int wait = waitMillis;
        while (true) {
            byte[] m = recv(wait);
            if (m == null) {
                break;
            }
            lastHeard = System.nanoTime();
            if (EdgeMessages.is(m, EdgeMessages.STREAM, EdgeMessages.STREAM_BYTES) && socket.hasReceiveMore()) {
                stream(EdgeMessages.first(m), socket.recv());
            } else if (EdgeMessages.is(m, EdgeMessages.DATA, EdgeMessages.DATA_BYTES) && socket.hasReceiveMore()) {
                samples += data(EdgeMessages.first(m), out);
            } else {
                stats.malformed();
            }
            drain();
            if (out == null && spec != null) {
                break;
            }
            wait = 0;
        }
        return samples;
    }

    private void stream(long senderEpoch, byte[] json) throws MalformedFrameException {
        StreamSpec s = WireCodec.decodeDescriptor(json, json.length);
        if (spec != null && (s.kind() != spec.kind() || s.channelCount() != spec.channelCount())) {
            throw new IllegalStateException("the stream from host '" + config.peer() + "' changed shape ("
                    + spec.channelCount() + " → " + s.channelCount() + " channels); reopening");
        }
        if (spec == null) {
            spec = s;
        }
        if (senderEpoch != epoch) {
            epoch = senderEpoch;
            expected = -1; // a new sender numbers from what it kept
            lastStreamSeq = -1;
        }
        if (offline) {
            offline = false;
            context.status(NodeStatus.OK, "host '" + config.peer() + "' is sending again");
        }
        stats.connected(true);
    }

    private int data(long frame, Emitter out) throws Exception {
        byte[] h = socket.recv();
        byte[] payload = socket.hasReceiveMore() ? socket.recv() : null;
        if (payload == null) {
            stats.malformed();
            return 0;
        }
        if (out == null) {
            return 0; // still opening: not confirmed, so it comes again
        }
        if (expected >= 0 && frame != expected) {
            if (frame > expected && System.nanoTime() - lastAsked > 50_000_000L) {
                ask(); // frames were lost in transit (a reconnect): resume from the first missing one
            }
            return 0; // a duplicate, or after a loss until the sender rewinds
        }
        header.read(h, h.length);
        Block b = out.block(0);
        codec.readPayload(header, payload, payload.length, b);
        b.setAcqTimeNanos(RigClock.toLocal(header.acqTimeNanos()));
        long seq = header.seq();
        if (lastStreamSeq >= 0 && seq > lastStreamSeq + 1) {
            stats.gap(seq - lastStreamSeq - 1); // the sender could not keep them
        }
        lastStreamSeq = seq;
        int n = header.sampleCount();
        out.emit(0);
        expected = frame + 1;
        delivered++;
        stats.received(delivered);
        if (++sinceAck >= ACK_EVERY) {
            confirm();
        }
        return n;
    }

    /** Tells the sender everything before {@code expected} was delivered. */
    private void confirm() {
        if (expected >= 0) {
            // a new array each time: JeroMQ sends the array itself, not a copy (one per 16 blocks)
            byte[] ack = new byte[EdgeMessages.ACK_BYTES];
            EdgeMessages.ack(expected, ack);
            socket.send(ack, ZMQ.DONTWAIT); // a later ACK covers this one if it does not fit
        }
        sinceAck = 0;
    }

    /** The next frame within {@code millis} (0: only what is there), or null. */
    private byte[] recv(int millis) {
        if (millis == 0) {
            return socket.recv(ZMQ.DONTWAIT);
        }
        socket.setReceiveTimeOut(millis);
        return socket.recv(0);
    }

    /** Skips the rest of a message we did not read whole. */
    private void drain() {
        while (socket.hasReceiveMore()) {
            socket.recv();
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            net.zmq().destroySocket(socket);
            socket = null;
        }
        if (stats != null) {
            stats.unregister();
            stats = null;
        }
    }
}
