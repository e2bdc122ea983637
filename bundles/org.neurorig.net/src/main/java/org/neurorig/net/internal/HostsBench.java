package org.neurorig.net.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.bus.WireCodec;
import org.neurorig.bus.WireFormat;
import org.neurorig.bus.security.CurveSecurity;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The sending end of {@code neurorig bench hosts}: for each row (path × plaintext/CURVE × block
 * size) it binds a sender on its own address, has the far end connect a receiver, sends paced blocks
 * for the latency and then flat out for the throughput, and collects the far end's counts. Both
 * paths carry the same blocks: a 64-byte header and the payload of 30 samples of int16.
 * <ul>
 *   <li>{@link #RAW}: a JeroMQ PUSH to a PULL, two frames, the stamps in the first payload bytes;
 *       lossless because a PUSH waits at its high-water mark;
 *   <li>{@link #EDGE}: the real {@link EdgeSender} (ROUTER, buffer, credit window) to the real
 *       {@link ReceiveNode}, the path a stream takes between hosts; lossless because this sender, as a
 *       lossless producer would, waits for room in the edge's buffer instead of letting it refuse.
 * </ul>
 * CURVE rows use the run's temporary key pair (both ends list it), with the ZAP handler of
 * {@link CurveSecurity}, as a rig's hosts do; plaintext rows use none.
 */
final class HostsBench {
    static final String RAW = "raw JeroMQ PUSH->PULL tcp";
    static final String EDGE = "NeuroRig edge net.send->net.receive";

    /** Pacing parks until this close to the deadline, then spins: parkNanos overshoots by tens of µs. */
    private static final long SPIN_NANOS = 100_000;
    /** The sender keeps going this much past the receiver's window, which opens a little after it starts. */
    private static final double WINDOW_MARGIN_SECONDS = 0.25;

    private static final long OPEN_MILLIS = 30_000;
    private static final long RESULT_MILLIS = 90_000;
    /** A sender that cannot hand a block over for this long gives up (the far end is stuck or gone). */
    private static final long STALL_NANOS = 30_000_000_000L;

    private final HostsBenchSettings settings;
    private final PrintStream progress;

    HostsBench(HostsBenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Measures every row against a far end that is already up and has said {@code hello}.
     *
     * @param link        the far end's control channel
     * @param bindAddress this end's address, which the far end reaches (the veth's root side)
     * @param conf        configuration folder with the run's key pair, listed as {@code near} and {@code far}
     * @param anchorNanos the far end's clock anchor (its {@code hello})
     */
    HostsBenchReport measure(HostsBenchLink link, String bindAddress, Path conf, long anchorNanos)
            throws IOException, InterruptedException {
        List<HostsBenchRow> rows = new ArrayList<>();
        int n = 0;
        int total = HostsBenchSettings.CHANNELS.size() * 4;
        for (int channels : HostsBenchSettings.CHANNELS) {
            for (boolean curve : List.of(false, true)) {
                for (String path : List.of(RAW, EDGE)) {
                    progress.printf(
                            Locale.ROOT,
                            "[%d/%d] %s, %s, %d channels ...%n",
                            ++n,
                            total,
                            path,
                            curve ? "CURVE" : "plaintext",
                            channels);
                    rows.add(row(link, path, curve, channels, bindAddress, conf));
                }
            }
        }
        long anchorDifference = anchorNanos - (HostClock.nowNanos() - System.nanoTime());
        return new HostsBenchReport(
                settings,
                HostsBenchReport.Machine.current(),
                OffsetDateTime.now(ZoneOffset.UTC)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString(),
                anchorDifference,
                rows);
    }

    private HostsBenchRow row(
            HostsBenchLink link, String path, boolean curve, int channels, String bindAddress, Path conf)
            throws IOException, InterruptedException {
        String endpoint = "tcp://" + bindAddress + ":" + freePort(bindAddress);
        try (ZContext zmq = new ZContext(1);
                CurveSecurity security = curve ? CurveSecurity.load(conf, false) : null) {
            if (security != null) {
                security.startAuthenticator(zmq);
            }
            try (Sender sender = path.equals(RAW)
                    ? new RawSender(zmq, endpoint, channels, security)
                    : new EdgeBenchSender(zmq, endpoint, channels, security)) {
                Map<String, Object> open = new LinkedHashMap<>();
                open.put("op", "open");
                open.put("path", path);
                open.put("curve", curve);
                open.put("channels", channels);
                open.put("endpoint", endpoint);
                open.put("conf", conf.toString());
                open.put("warmupBlocks", settings.warmupBlocks());
                open.put("measuredBlocks", settings.measuredBlocks());
                open.put("blocksPerSecond", settings.blocksPerSecond());
                open.put("throughputWarmupSeconds", settings.throughputWarmupSeconds());
                open.put("throughputSeconds", settings.throughputSeconds());
                link.send(open);
                awaitReady(link, sender, path);
                long sent = sendAll(sender);
                link.send(Map.of("op", "end", "sent", sent));
                JsonNode r = expect(link.receive("the result of " + path, RESULT_MILLIS), "result");
                HostsBenchLatency latency = new HostsBenchLatency(
                        r.path("latencyExpected").asInt(),
                        r.path("latencyReceived").asInt(),
                        r.path("p50Nanos").asLong(),
                        r.path("p99Nanos").asLong(),
                        r.path("maxNanos").asLong());
                HostsBenchThroughput throughput = new HostsBenchThroughput(
                        HostsBenchSettings.payloadBytes(channels),
                        r.path("windowSeconds").asDouble(),
                        r.path("windowBlocks").asLong(),
                        sent,
                        r.path("received").asLong(),
                        r.path("missing").asLong(),
                        r.path("duplicates").asLong());
                return new HostsBenchRow(path, curve, channels, latency, throughput);
            }
        }
    }

    /**
     * Probes the new connection until the far end says it is ready: a raw PUSH drops what it queued
     * for a connection whose handshake JeroMQ then resets (zeromq/jeromq#1022, a few percent of new
     * tcp connections), so the far end reports ready only once a probe came through.
     */
    private static void awaitReady(HostsBenchLink link, Sender sender, String path)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + OPEN_MILLIS * 1_000_000L;
        JsonNode m;
        while ((m = link.poll(1)) == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("no 'ready' for " + path + " from the far end within " + OPEN_MILLIS + " ms"
                        + link.otherLines());
            }
            sender.probe();
        }
        expect(m, "ready");
    }

    private static JsonNode expect(JsonNode m, String type) throws IOException {
        String got = m.path("type").asText();
        if (got.equals("error")) {
            throw new IOException("the far end failed: " + m.path("message").asText());
        }
        if (!got.equals(type)) {
            throw new IOException("expected '" + type + "' from the far end, got " + m);
        }
        return m;
    }

    /** The paced blocks, then flat out until past the receiver's window; returns how many were sent. */
    private long sendAll(Sender s) throws InterruptedException {
        int paced = settings.warmupBlocks() + settings.measuredBlocks();
        long period = 1_000_000_000L / settings.blocksPerSecond();
        long start = System.nanoTime() + period;
        for (int i = 0; i < paced; i++) {
            waitUntil(start + i * period);
            s.send(i);
            if ((i & 63) == 0 && Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        long stop = System.nanoTime()
                + (long) ((settings.throughputWarmupSeconds() + settings.throughputSeconds() + WINDOW_MARGIN_SECONDS)
                        * 1e9);
        long i = paced;
        while (true) {
            s.send(i++);
            if ((i & 15) == 0) {
                if (System.nanoTime() - stop >= 0) {
                    return i;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    /** Parks until shortly before {@code deadline} (System.nanoTime), then spins to it. */
    private static void waitUntil(long deadline) throws InterruptedException {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(remaining - SPIN_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        while (System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    /** A free tcp port on {@code address} (the row's sender binds it right after). */
    static int freePort(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free tcp port on " + address, e);
        }
    }

    private static StreamSpec spec(int channels) {
        return StreamSpec.builder("bench.hosts", Kind.CONTINUOUS_I16)
                .channelCount(channels)
                .sampleRate(30_000)
                .blockSamples(HostsBenchSettings.SAMPLES_PER_BLOCK)
                .source("bench")
                .build();
    }

    /** Hands block number {@code i} over, stamped with {@link HostClock#nowNanos()} at the last moment. */
    private interface Sender extends AutoCloseable {
        void send(long i) throws InterruptedException;

        /** Sends a probe (block number -1) if that cannot block; the edge needs none. */
        default void probe() {}

        @Override
        void close();
    }

    /** Raw JeroMQ: a PUSH bound here, the header and payload frames sent from arrays filled once. */
    private static final class RawSender implements Sender {
        private final ZMQ.Socket socket;
        private final byte[] header = new byte[WireFormat.HEADER_BYTES];
        private final byte[] payload;

        RawSender(ZContext zmq, String endpoint, int channels, CurveSecurity security) {
            StreamSpec spec = spec(channels);
            Block b = Block.forSpec(spec);
            b.setSampleCount(HostsBenchSettings.SAMPLES_PER_BLOCK);
            new WireCodec().writeHeader(b, spec.sampleRate(), 0, header); // a real header; its values do not matter
            payload = new byte[HostsBenchSettings.payloadBytes(channels)];
            new SplittableRandom(1).nextBytes(payload);
            socket = zmq.createSocket(SocketType.PUSH);
            socket.setLinger(0);
            socket.setSendTimeOut((int) (STALL_NANOS / 1_000_000)); // a PUSH waits at its high-water mark
            socket.setHandshakeIvl(ReceiveNode.HANDSHAKE_MILLIS); // as the edge does: a stalled handshake retries soon
            if (security != null) {
                security.server(socket, endpoint);
            }
            socket.bind(endpoint);
        }

        @Override
        public void send(long i) {
            HostsBenchFarEnd.I64.set(payload, 8, i);
            HostsBenchFarEnd.I64.set(payload, 0, HostClock.nowNanos());
            if (!socket.send(header, 0, header.length, ZMQ.SNDMORE) || !socket.send(payload, 0, payload.length, 0)) {
                throw new IllegalStateException("raw PUSH could not send block " + i + " within "
                        + STALL_NANOS / 1_000_000_000L + " s: the far end stopped reading");
            }
        }

        @Override
        public void probe() {
            HostsBenchFarEnd.I64.set(payload, 8, -1L);
            HostsBenchFarEnd.I64.set(payload, 0, HostClock.nowNanos());
            if (socket.send(header, 0, header.length, ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
                socket.send(payload, 0, payload.length, 0); // the rest of a started message always goes
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /**
     * The NeuroRig edge's sending end: the real {@link EdgeSender} with the buffer and window a
     * {@code net.send} node has by default, offered one block that is refilled for every send (the
     * buffer encodes a copy of it).
     */
    private static final class EdgeBenchSender implements Sender {
        private final EdgeSender sender;
        private final EdgeStats stats;
        private final Block block;
        private final long slots;

        EdgeBenchSender(ZContext zmq, String endpoint, int channels, CurveSecurity security) {
            StreamSpec spec = spec(channels);
            block = Block.forSpec(spec);
            short[] data = block.i16();
            SplittableRandom r = new SplittableRandom(1);
            for (int k = 0; k < data.length; k++) {
                data[k] = (short) r.nextInt();
            }
            block.setSampleCount(HostsBenchSettings.SAMPLES_PER_BLOCK);
            SendNodeConfig defaults = HostsBenchFarEnd.config(SendNodeConfig.class, Map.of("bind", endpoint));
            slots = defaults.bufferBlocks();
            NetSecurity net = security == null
                    ? NetSecurity.NONE
                    : new NetSecurity() {
                        @Override
                        public void server(ZMQ.Socket s, String ep) {
                            security.server(s, ep);
                        }

                        @Override
                        public void client(ZMQ.Socket s, String ep, String peer) {
                            security.client(s, ep, peer);
                        }
                    };
            stats = EdgeStats.register("bench-hosts-send", endpoint, true);
            sender = new EdgeSender(zmq, endpoint, spec, defaults.bufferBlocks(), stats, net);
        }

        @Override
        public void send(long i) throws InterruptedException {
            long waited = 0;
            while (sender.unconfirmed() >= slots) {
                if (sender.failure() != null) {
                    throw new IllegalStateException("the edge's sending thread stopped: " + sender.failure());
                }
                if (waited == 0) {
                    waited = System.nanoTime();
                } else if (System.nanoTime() - waited > STALL_NANOS) {
                    throw new IllegalStateException("the edge's buffer stayed full for " + STALL_NANOS / 1_000_000_000L
                            + " s: the far end stopped confirming");
                }
                LockSupport.parkNanos(50_000);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            block.setFirstSample(i * HostsBenchSettings.SAMPLES_PER_BLOCK);
            BlockStamp.seq(block, i);
            block.setAcqTimeNanos(HostClock.nowNanos());
            if (!sender.offer(block)) {
                throw new IllegalStateException("the edge refused block " + i + " although its buffer had room");
            }
        }

        @Override
        public void close() {
            sender.close();
            stats.unregister();
        }
    }

    /** Creates the run's key pair in {@code conf} and lists it under both ends' names. */
    static void makeKeys(Path conf) throws IOException {
        CurveSecurity.generate(conf, false);
        Path keys = conf.resolve(CurveSecurity.KEYS);
        Path allowed = Files.createDirectories(keys.resolve(CurveSecurity.ALLOWED));
        for (String name : List.of(HostsBenchFarEnd.NEAR, HostsBenchFarEnd.FAR)) {
            Files.copy(keys.resolve(CurveSecurity.PUBLIC_FILE), allowed.resolve(name + ".pub"));
        }
    }
}
