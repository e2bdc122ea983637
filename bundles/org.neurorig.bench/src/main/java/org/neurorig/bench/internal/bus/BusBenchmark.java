package org.neurorig.bench.internal.bus;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.Delivery;
import org.neurorig.bus.Edge;
import org.neurorig.bus.InputPort;
import org.neurorig.bus.StreamPublisher;
import org.neurorig.bus.WireFormat;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The bus benchmark: one-hop latency at a probe's pace and saturated lossless throughput, for
 * NeuroRig's own in-JVM hop ({@link StreamPublisher} handing its block to an {@link InputPort}
 * through an {@link Edge}, the path every in-host hop of a pipeline takes) beside raw JeroMQ
 * sockets sending messages of the same three frame sizes over inproc (the reference for the
 * in-JVM hop) and tcp loopback (for scale), in one run and on one clock ({@link HostClock}).
 *
 * <p>Latency is stamped by the sender just before it hands a block over (NeuroRig: into the
 * block's {@code acqTimeNanos}; raw: into the first payload bytes) and read by the receiver once it
 * can read the block (NeuroRig: the view {@code poll} returns; raw: copied out with
 * {@code recv(byte[], …)}). The NeuroRig sender fills the publisher's own block, as a node does;
 * raw senders use the copying {@code send(byte[], off, len, flags)}; neither allocates. The raw and
 * NeuroRig latency paths run interleaved, half a period apart, so that neither profits from the
 * other's warm-up or from a quieter machine.
 */
public final class BusBenchmark {
    static final String RAW_PUB_SUB = "raw JeroMQ PUB->SUB";
    static final String RAW_PUSH_PULL = "raw JeroMQ PUSH->PULL";
    static final String NEURORIG = "NeuroRig StreamPublisher->InputPort";
    static final String INPROC = "inproc";
    static final String TCP = "tcp";

    /** Pacing parks until this close to the deadline, then spins: parkNanos overshoots by tens of µs. */
    private static final long SPIN_NANOS = 100_000;

    private static final long RECEIVER_GRACE_MILLIS = 10_000;
    private static final int RECEIVE_TIMEOUT_MILLIS = 100;
    /** The raw payloads' stamps: little-endian longs, as the wire writes numbers. */
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final BusBenchmarkSettings settings;
    private final PrintStream progress;
    private final StreamSpec spec;
    private final byte[] topic;
    private ZContext ctx;
    private int endpoints;

    /** @param progress where a line per measurement goes while the benchmark runs */
    public BusBenchmark(BusBenchmarkSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
        this.spec = StreamSpec.builder("bench.ap", Kind.CONTINUOUS_I16)
                .channelCount(settings.channels())
                .sampleRate(30_000)
                .blockSamples(settings.samplesPerBlock())
                .source("bench")
                .build();
        this.topic = spec.name().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs every measurement in turn (about 2 × (warm-up + measured) / rate plus
     * 4 × (throughput warm-up + window) seconds).
     *
     * @throws IllegalStateException when a receiver fails or a path stops delivering
     */
    public BusBenchmarkReport run() throws InterruptedException {
        List<BusBenchmarkLatency> latencies = new ArrayList<>();
        List<BusBenchmarkThroughput> throughputs = new ArrayList<>();
        try (ZContext c = new ZContext()) {
            ctx = c;
            for (String transport : List.of(INPROC, TCP)) {
                latencies.addAll(latencies(transport));
            }
            throughputs.add(neurorigThroughput(INPROC));
            for (String transport : List.of(INPROC, TCP)) {
                throughputs.add(rawThroughput(transport));
            }
        } finally {
            ctx = null;
        }
        return new BusBenchmarkReport(settings, BusBenchmarkMachine.current(), latencies, throughputs);
    }

    /**
     * Raw JeroMQ and NeuroRig measured together: each path gets one block per period, the NeuroRig
     * block half a period after the raw one, so that both see the same machine load and the same
     * JIT state of the JeroMQ code they share (measured one after the other, the second path would
     * profit from the first one's warm-up).
     */
    private List<BusBenchmarkLatency> latencies(String transport) throws InterruptedException {
        progress.printf("latency    %s and %s over %s ...%n", RAW_PUB_SUB, NEURORIG, transport);
        // NeuroRig's hop never leaves the JVM: it is measured once, beside raw inproc.
        boolean withPort = transport.equals(INPROC);
        String rawEndpoint = endpoint(transport);
        Edge edge = new Edge("bench", Delivery.LOSSLESS, settings.queueBlocks());
        RawReceiver raw = new RawReceiver(SocketType.SUB, rawEndpoint, new long[settings.measuredBlocks()]);
        PortReceiver port = new PortReceiver(edge, new long[settings.measuredBlocks()]);
        raw.startBound();
        if (withPort) {
            port.startBound();
        }
        try (RawSender rawSender = new RawSender(SocketType.PUB, rawEndpoint);
                PortSender portSender = new PortSender(edge)) {
            awaitSubscription(raw, rawSender);
            int total = settings.warmupBlocks() + settings.measuredBlocks();
            long period = 1_000_000_000L / settings.blocksPerSecond();
            long start = System.nanoTime() + period;
            for (int i = 0; i < total; i++) {
                long due = start + i * period;
                waitUntil(due);
                rawSender.send(i, HostClock.nowNanos());
                waitUntil(due + period / 2);
                if (withPort) {
                    portSender.send(i, HostClock.nowNanos());
                }
                if ((i & 255) == 0) {
                    raw.checkAlive();
                    port.checkAlive();
                }
            }
            raw.finish(total, RAW_PUB_SUB, transport);
            if (withPort) {
                port.finish(total, NEURORIG, transport);
            }
        }
        BusBenchmarkLatency rawLatency =
                BusBenchmarkLatency.of(RAW_PUB_SUB, transport, settings.measuredBlocks(), raw.nanos, raw.recorded);
        return withPort
                ? List.of(
                        rawLatency,
                        BusBenchmarkLatency.of(
                                NEURORIG, transport, settings.measuredBlocks(), port.nanos, port.recorded))
                : List.of(rawLatency);
    }

    private BusBenchmarkThroughput neurorigThroughput(String transport) throws InterruptedException {
        progress.printf("throughput %-36s %s ...%n", NEURORIG, transport);
        Edge edge = new Edge("bench", Delivery.LOSSLESS, settings.queueBlocks());
        PortReceiver r = new PortReceiver(edge, null);
        r.startBound();
        try (PortSender s = new PortSender(edge)) {
            return saturated(NEURORIG, transport, r, s);
        }
    }

    private BusBenchmarkThroughput rawThroughput(String transport) throws InterruptedException {
        progress.printf("throughput %-36s %s ...%n", RAW_PUSH_PULL, transport);
        String endpoint = endpoint(transport);
        RawReceiver r = new RawReceiver(SocketType.PULL, endpoint, null);
        r.startBound();
        try (RawSender s = new RawSender(SocketType.PUSH, endpoint)) {
            return saturated(RAW_PUSH_PULL, transport, r, s);
        }
    }

    /** A PUB drops everything sent before the SUB's subscription reaches it: probe until one arrives. */
    private static void awaitSubscription(Receiver r, Sender s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!r.probed) {
            r.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no subscription reached the publisher within 5 s");
            }
            s.send(-1, HostClock.nowNanos());
            Thread.sleep(1);
        }
    }

    private BusBenchmarkThroughput saturated(String path, String transport, Receiver r, Sender s)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long open = t0 + (long) (settings.throughputWarmupSeconds() * 1e9);
        long close = open + (long) (settings.throughputSeconds() * 1e9);
        long atOpen = -1;
        long tOpen = 0;
        long atClose;
        long tClose;
        long seq = 0;
        while (true) {
            s.send(seq, HostClock.nowNanos());
            seq++;
            if ((seq & 15) == 0) {
                long now = System.nanoTime();
                if (atOpen < 0) {
                    if (now >= open) {
                        atOpen = r.received;
                        tOpen = now;
                    }
                } else if (now >= close) {
                    atClose = r.received;
                    tClose = now;
                    break;
                }
                r.checkAlive();
            }
        }
        r.finish(seq, path, transport);
        return new BusBenchmarkThroughput(
                path,
                transport,
                settings.payloadBytes(),
                (tClose - tOpen) / 1e9,
                atClose - atOpen,
                seq,
                r.received,
                r.missing);
    }

    /** Parks until shortly before {@code deadline} (System.nanoTime), then spins to it. */
    private static void waitUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(remaining - SPIN_NANOS);
        }
        while (System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    private String endpoint(String transport) {
        if (transport.equals(TCP)) {
            try (ServerSocket s = new ServerSocket(0)) {
                return "tcp://127.0.0.1:" + s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free tcp port on 127.0.0.1", e);
            }
        }
        return "inproc://neurorig.bench." + endpoints++;
    }

    /** Hands one block over; {@code seq} -1 is a probe that only tells the receiver the path is up. */
    private interface Sender {
        void send(long seq, long nowNanos) throws InterruptedException;
    }

    /** Raw JeroMQ: a 3-frame message of NeuroRig's sizes, send time and seq in the first payload bytes. */
    private final class RawSender implements Sender, AutoCloseable {
        private final ZMQ.Socket socket;
        private final byte[] header = new byte[WireFormat.HEADER_BYTES];
        private final byte[] payload = new byte[settings.payloadBytes()];

        RawSender(SocketType type, String endpoint) {
            new SplittableRandom(1).nextBytes(payload);
            socket = ctx.createSocket(type);
            socket.setSndHWM(settings.queueBlocks());
            socket.setSendTimeOut((int) RECEIVER_GRACE_MILLIS); // a PUSH waits while the queue is full
            socket.setLinger(0);
            socket.connect(endpoint);
        }

        @Override
        public void send(long seq, long nowNanos) {
            I64.set(payload, 0, nowNanos);
            I64.set(payload, 8, seq);
            if (!socket.send(topic, 0, topic.length, ZMQ.SNDMORE)) {
                throw new IllegalStateException("raw " + socket.getSocketType() + " could not send block " + seq
                        + " within " + RECEIVER_GRACE_MILLIS + " ms");
            }
            socket.send(header, 0, header.length, ZMQ.SNDMORE);
            socket.send(payload, 0, payload.length, 0);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** NeuroRig's hop: a lossless edge of a {@link StreamPublisher}, as the runtime wires it. */
    private final class PortSender implements Sender, AutoCloseable {
        private final StreamPublisher publisher;

        PortSender(Edge edge) {
            publisher = new StreamPublisher(ctx, spec, List.of(edge), null, settings.queueBlocks());
        }

        @Override
        public void send(long seq, long nowNanos) throws InterruptedException {
            // As a node does: fill the publisher's block (the samples are whatever the pooled block
            // holds: the hand-over does not depend on them) and publish it. The publisher numbers
            // blocks itself, from 0, in the order they come: the same as seq.
            Block block = publisher.block();
            block.setSampleCount(settings.samplesPerBlock());
            block.setFirstSample(seq * settings.samplesPerBlock());
            block.setAcqTimeNanos(nowNanos);
            publisher.publish();
        }

        @Override
        public void close() {
            publisher.close();
        }
    }

    /**
     * Receives on its own thread, owning its socket from bind to close, until the block numbered
     * {@code target - 1} arrives. Latencies of blocks from the warm-up on go to {@code nanos}.
     */
    private abstract class Receiver extends Thread {
        final long[] nanos;
        private final CountDownLatch bound = new CountDownLatch(1);
        volatile boolean stop;
        volatile long target = Long.MAX_VALUE;
        volatile boolean probed;
        volatile long received;
        volatile long missing;
        volatile Throwable failure;
        int recorded;
        private long lastSeq = -1;

        Receiver(String name, long[] nanos) {
            super("neurorig-bench-" + name);
            this.nanos = nanos;
            setDaemon(true);
        }

        abstract void open();

        /** Waits up to the receive timeout for one message and passes it to {@link #arrived}. */
        abstract void receiveOne() throws InterruptedException;

        /** Sequence numbers never seen. */
        abstract long missingBlocks();

        abstract void closeSocket();

        @Override
        public final void run() {
            try {
                open();
                bound.countDown();
                while (!stop && lastSeq + 1 < target) {
                    receiveOne();
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                bound.countDown();
                missing = missingBlocks();
                closeSocket();
            }
        }

        final void arrived(long seq, long sentNanos, long nowNanos) {
            if (seq < 0) {
                probed = true;
                return;
            }
            if (nanos != null && seq >= settings.warmupBlocks() && recorded < nanos.length) {
                nanos[recorded++] = nowNanos - sentNanos;
            }
            lastSeq = Math.max(lastSeq, seq);
            received++; // single writer
        }

        /** Starts the thread and returns once its socket is bound, so that senders may connect. */
        final void startBound() throws InterruptedException {
            start();
            bound.await();
            checkAlive();
        }

        final void checkAlive() {
            if (failure != null) {
                throw new IllegalStateException(getName() + " failed: " + failure, failure);
            }
        }

        /** Waits until block {@code total - 1} arrived (or the grace time passed) and the socket closed. */
        final void finish(long total, String path, String transport) throws InterruptedException {
            target = total;
            join(RECEIVER_GRACE_MILLIS);
            if (isAlive()) {
                stop = true;
                join();
            }
            checkAlive();
            if (received == 0) {
                throw new IllegalStateException(path + " over " + transport + ": no block arrived");
            }
        }
    }

    /** Raw JeroMQ receiver: copies each frame into its own arrays, the least a consumer of bytes does. */
    private final class RawReceiver extends Receiver {
        private final SocketType type;
        private final String endpoint;
        private final byte[] topicBuf = new byte[256];
        private final byte[] headerBuf = new byte[WireFormat.HEADER_BYTES];
        private final byte[] payload = new byte[settings.payloadBytes()];
        private ZMQ.Socket socket;
        private long lastSeq = -1;
        private long gaps;

        RawReceiver(SocketType type, String endpoint, long[] nanos) {
            super("raw-" + type, nanos);
            this.type = type;
            this.endpoint = endpoint;
        }

        @Override
        void open() {
            socket = ctx.createSocket(type);
            socket.setRcvHWM(settings.queueBlocks());
            socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
            socket.setLinger(0);
            if (type == SocketType.SUB) {
                socket.subscribe(topic);
            }
            socket.bind(endpoint);
        }

        @Override
        void receiveOne() {
            if (socket.recv(topicBuf, 0, topicBuf.length, 0) < 0) {
                return; // timeout
            }
            int h = socket.hasReceiveMore() ? socket.recv(headerBuf, 0, headerBuf.length, 0) : -1;
            int p = socket.hasReceiveMore() ? socket.recv(payload, 0, payload.length, 0) : -1;
            long now = HostClock.nowNanos();
            if (h != headerBuf.length || p != payload.length || socket.hasReceiveMore()) {
                throw new IllegalStateException("malformed benchmark message at " + endpoint + ": header " + h
                        + " bytes, payload " + p + " bytes");
            }
            long seq = (long) I64.get(payload, 8);
            if (seq >= 0) {
                gaps += Math.max(0, seq - lastSeq - 1);
                lastSeq = Math.max(lastSeq, seq);
            }
            arrived(seq, (long) I64.get(payload, 0), now);
        }

        @Override
        long missingBlocks() {
            return gaps;
        }

        @Override
        void closeSocket() {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** NeuroRig receiver: the runtime's InputPort, handed the publisher's blocks by reference. */
    private final class PortReceiver extends Receiver {
        private final Edge edge;
        private InputPort port;

        PortReceiver(Edge edge, long[] nanos) {
            super("input-port", nanos);
            this.edge = edge;
        }

        @Override
        void open() {
            port = new InputPort("bench", List.of(spec), RECEIVE_TIMEOUT_MILLIS);
            port.attach(edge, 0);
        }

        @Override
        void receiveOne() throws InterruptedException {
            Block b = port.poll();
            if (b != null) {
                long now = HostClock.nowNanos();
                arrived(b.seq(), b.acqTimeNanos(), now);
            }
        }

        @Override
        long missingBlocks() {
            return port == null ? 0 : port.tracker(0).missingBlocks();
        }

        @Override
        void closeSocket() {
            if (port != null) {
                port.close();
            }
        }
    }
}
