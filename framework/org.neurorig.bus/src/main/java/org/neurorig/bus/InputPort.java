package org.neurorig.bus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;

/**
 * A consumer node's input queue: one bound PULL socket that every upstream {@link StreamPublisher}
 * pushes to. Each message is copied once, from ZeroMQ into preallocated buffers, and decoded into a
 * preallocated {@link Block} per input stream; sequence continuity is tracked per input. Create,
 * use and close it on one thread (the consuming node's runner).
 */
public final class InputPort implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InputPort.class.getName());

    private final String endpoint;
    private final List<StreamSpec> inputs;
    private final ZMQ.Socket socket;
    private final zmq.SocketBase base;
    private final byte[][] topics;
    private final Block[] blocks;
    private final SeqTracker[] trackers;
    private final java.util.concurrent.atomic.AtomicLongArray received;
    private final WireCodec codec = new WireCodec();
    private final WireHeader header = new WireHeader();
    private final byte[] topicBuf = new byte[256];
    private final byte[] headerBuf = new byte[WireFormat.HEADER_BYTES];
    private final LatencyHistogram[] hopLatency;
    private final LatencyHistogram[] acqLatency;
    private byte[] payload;
    private volatile long malformed;

    /**
     * Binds the queue.
     *
     * @param endpoint     e.g. {@code inproc://neurorig.node.gain}
     * @param inputs       the streams this node consumes, in the order given to its prepare
     * @param queueBlocks  receive high-water mark, in blocks
     * @param pollMillis   how long {@link #poll()} waits before returning null
     */
    public InputPort(ZContext ctx, String endpoint, List<StreamSpec> inputs, int queueBlocks, int pollMillis) {
        this.endpoint = endpoint;
        this.inputs = List.copyOf(inputs);
        int n = inputs.size();
        topics = new byte[n][];
        blocks = new Block[n];
        trackers = new SeqTracker[n];
        received = new java.util.concurrent.atomic.AtomicLongArray(n);
        hopLatency = new LatencyHistogram[n];
        acqLatency = new LatencyHistogram[n];
        int maxPayload = 1024;
        for (int i = 0; i < n; i++) {
            StreamSpec s = inputs.get(i);
            topics[i] = s.name().getBytes(StandardCharsets.UTF_8);
            blocks[i] = Block.forSpec(s);
            BlockStamp.input(blocks[i], i);
            // Items, and irregular dense streams (rate 0: one row per model fit), carry no sample continuity.
            trackers[i] = new SeqTracker(s.kind().isDense() && s.sampleRate() > 0);
            hopLatency[i] = new LatencyHistogram();
            acqLatency[i] = new LatencyHistogram();
            maxPayload = Math.max(maxPayload, capacityBytes(blocks[i]));
        }
        payload = new byte[maxPayload];
        socket = ctx.createSocket(SocketType.PULL);
        socket.setRcvHWM(queueBlocks);
        socket.setReceiveTimeOut(pollMillis);
        socket.setLinger(0);
        socket.bind(endpoint);
        base = socket.base();
    }

    private static int capacityBytes(Block b) {
        long n =
                switch (b.kind()) {
                    case CONTINUOUS_I16 -> 2L * b.capacity() * b.channelCount();
                    case CONTINUOUS_F32, MATRIX_F32 -> 4L * b.capacity() * b.channelCount();
                    case SPIKES -> (16L + 4L * b.waveformLength()) * b.capacity();
                    default -> 16L * b.capacity(); // events; texts grow the buffer when they come
                };
        return (int) Math.min(Integer.MAX_VALUE - 64, n);
    }

    public String endpoint() {
        return endpoint;
    }

    public List<StreamSpec> inputs() {
        return inputs;
    }

    /**
     * Waits for the next well-formed block.
     *
     * @return the decoded block (owned by this port, valid until the next call) or null on timeout
     */
    public Block poll() {
        while (true) {
            Msg first = base.recv(0);
            if (first == null) {
                return null;
            }
            int input = matchTopic(first);
            Msg hdr = first.hasMore() ? base.recv(0) : null;
            Msg body = hdr != null && hdr.hasMore() ? base.recv(0) : null;
            boolean extra = body != null && body.hasMore();
            while (extra) {
                Msg m = base.recv(0);
                extra = m != null && m.hasMore();
            }
            if (input < 0 || hdr == null || body == null || body.hasMore()) {
                reject(input < 0 ? "unknown topic" : "frame count");
                continue;
            }
            Block b = blocks[input];
            try {
                hdr.getBytes(0, headerBuf, 0, Math.min(hdr.size(), headerBuf.length));
                header.read(headerBuf, hdr.size());
                int len = body.size();
                if (len > payload.length) {
                    payload = new byte[len]; // rare: event texts longer than foreseen
                }
                body.getBytes(0, payload, 0, len);
                codec.readPayload(header, payload, len, b);
            } catch (MalformedFrameException e) {
                reject(e.getMessage());
                continue;
            }
            long now = HostClock.nowNanos();
            hopLatency[input].record(now - header.pubTimeNanos(), now);
            acqLatency[input].record(now - b.acqTimeNanos(), now);
            trackers[input].observe(b.seq(), b.firstSample(), b.sampleCount(), b.flags());
            received.lazySet(input, received.get(input) + 1);
            BlockStamp.input(b, input);
            return b;
        }
    }

    private int matchTopic(Msg m) {
        int len = m.size();
        if (len > topicBuf.length) {
            return -1;
        }
        m.getBytes(0, topicBuf, 0, len);
        for (int i = 0; i < topics.length; i++) {
            if (topics[i].length == len && Arrays.equals(topics[i], 0, len, topicBuf, 0, len)) {
                return i;
            }
        }
        return -1;
    }

    private void reject(String why) {
        long n = ++malformed;
        if (Long.bitCount(n) == 1) { // log the 1st, 2nd, 4th, 8th… so a flood cannot flood the log
            LOG.log(Level.WARNING, "{0}: dropped malformed message #{1}: {2}", new Object[] {endpoint, n, why});
        }
    }

    /** Continuity of input {@code i}. */
    public SeqTracker tracker(int i) {
        return trackers[i];
    }

    /** Blocks received on input {@code i}. */
    public long received(int i) {
        return received.get(i);
    }

    /** Messages dropped as malformed. */
    public long malformed() {
        return malformed;
    }

    /** Publish-to-receive latency of the hop from input {@code i} into this port. */
    public LatencyHistogram hopLatency(int i) {
        return hopLatency[i];
    }

    /**
     * Acquisition-to-receive latency of the blocks of input {@code i}: the age of the data when it
     * reaches this node, which grows along the pipeline (whereas the hop latency is per hop).
     */
    public LatencyHistogram acquisitionLatency(int i) {
        return acqLatency[i];
    }

    @Override
    public void close() {
        socket.close();
    }
}
