package org.neurorig.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.CollectingEmitter;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;
import org.zeromq.ZContext;

/**
 * An edge between hosts over real ZeroMQ tcp on loopback: every block arrives once and in order,
 * through a stalled or cut link (a relay in between), a restarted receiver, and a full buffer
 * (then the loss is counted, never hidden).
 */
class EdgeTest {
    private static final int CHANNELS = 8;
    private static final int BLOCK = 30;

    private final ZContext zmq = new ZContext(1);
    private final NetContext net = new TestNet(zmq, NetSecurity.NONE);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        zmq.close();
    }

    @Test
    void everyBlockArrivesOnceInOrderWithItsData() throws Exception {
        int port = freePort();
        List<Block> blocks = blocks(3000, 1);
        SendNode send = sender("tcp://127.0.0.1:" + port, 10000);
        ReceiveNode receive = receiver("tcp://127.0.0.1:" + port);
        CollectingEmitter out = open(receive);
        for (Block b : blocks) {
            send.accept(b);
        }
        readUntil(receive, out, blocks.size(), 10_000);
        assertSame(blocks, out.emitted(0));
        assertThat(stats("rx").gapBlocks()).isZero();
    }

    @Test
    void aStalledAndThenCutLinkLosesNothing() throws Exception {
        int port = freePort();
        Relay relay = new Relay(port);
        toClose.add(relay);
        List<Block> blocks = blocks(4000, 2);
        SendNode send = sender("tcp://127.0.0.1:" + port, 10000);
        ReceiveNode receive = receiver("tcp://127.0.0.1:" + relay.port());
        CollectingEmitter out = open(receive);
        for (int i = 0; i < 1000; i++) {
            send.accept(blocks.get(i));
        }
        readUntil(receive, out, 1000, 10_000);
        relay.stall(true); // traffic stops but the connections stay
        for (int i = 1000; i < 2000; i++) {
            send.accept(blocks.get(i));
        }
        readFor(receive, out, 3000); // a few seconds: the receiver asks again meanwhile, into the stall
        relay.stall(false);
        readUntil(receive, out, 2000, 10_000);
        relay.cut(); // both connections closed: ZeroMQ reconnects, the receiver asks again
        for (int i = 2000; i < 4000; i++) {
            send.accept(blocks.get(i));
        }
        readUntil(receive, out, 4000, 20_000);
        assertSame(blocks, out.emitted(0));
        assertThat(stats("rx").gapBlocks()).isZero();
    }

    @Test
    void aRestartedReceiverGetsWhatWasNotConfirmed() throws Exception {
        int port = freePort();
        List<Block> blocks = blocks(2000, 3);
        SendNode send = sender("tcp://127.0.0.1:" + port, 10000);
        ReceiveNode first = receiver("tcp://127.0.0.1:" + port);
        CollectingEmitter a = open(first);
        for (int i = 0; i < 1000; i++) {
            send.accept(blocks.get(i));
        }
        readUntil(first, a, 1000, 10_000);
        first.close(); // without a goodbye, like a killed process
        for (int i = 1000; i < 2000; i++) {
            send.accept(blocks.get(i));
        }
        ReceiveNode second = receiver("tcp://127.0.0.1:" + port);
        CollectingEmitter b = open(second);
        List<Block> got = b.emitted(0);
        long firstSampleAgain = -1;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline
                && (got.isEmpty()
                        || got.get(got.size() - 1).firstSample()
                                < blocks.get(1999).firstSample())) {
            second.read(b);
        }
        firstSampleAgain = got.get(0).firstSample();
        // the second starts at the first block the first did not confirm: never after where the first
        // stopped, and at most a window before it (confirmations still on their way are lost with the
        // first's socket, so the second may see again what the first delivered)
        long firstStopped = a.emitted(0).get(999).firstSample() + BLOCK;
        assertThat(firstSampleAgain).isLessThanOrEqualTo(firstStopped);
        assertThat(firstSampleAgain)
                .isGreaterThanOrEqualTo(blocks.get(1000 - 256).firstSample());
        int from = (int) (firstSampleAgain / BLOCK);
        assertSame(blocks.subList(from, 2000), got);
    }

    @Test
    void aFullBufferRefusesBlocksAndTheReceiverCountsTheGap() throws Exception {
        int port = freePort();
        List<Block> blocks = blocks(220, 4);
        SendNode send = sender("tcp://127.0.0.1:" + port, 50);
        for (int i = 0; i < 120; i++) {
            send.accept(blocks.get(i)); // nobody listens: 50 kept, 70 refused
        }
        ReceiveNode receive = receiver("tcp://127.0.0.1:" + port);
        CollectingEmitter out = open(receive);
        readUntil(receive, out, 50, 10_000);
        awaitConfirmed(receive, out, 50);
        for (int i = 120; i < 200; i++) {
            send.accept(blocks.get(i)); // the receiver is not reading meanwhile: 50 kept, 30 refused
        }
        readUntil(receive, out, 100, 10_000);
        awaitConfirmed(receive, out, 100);
        for (int i = 200; i < 220; i++) {
            send.accept(blocks.get(i)); // room again: the first of these shows the receiver the second gap
        }
        readUntil(receive, out, 120, 10_000);
        List<Block> got = out.emitted(0);
        assertSame(blocks.subList(0, 50), got.subList(0, 50));
        assertSame(blocks.subList(120, 170), got.subList(50, 100));
        assertSame(blocks.subList(200, 220), got.subList(100, 120));
        assertThat(stats("rx").gapBlocks()).isEqualTo(70 + 30);
        assertThat(stats("tx").values())
                .containsEntry("refusedBlocks", 100L)
                .containsEntry("refusedSamples", 100L * BLOCK);
    }

    /** Reads (the receiver confirms when idle) until the sender has {@code frames} confirmed. */
    private static void awaitConfirmed(ReceiveNode r, CollectingEmitter out, long frames) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!stats("tx").values().get("confirmed").equals(frames) && System.nanoTime() < deadline) {
            r.read(out);
        }
        assertThat(stats("tx").values()).containsEntry("confirmed", frames);
    }

    private static EdgeStats stats(String node) throws Exception {
        return statsOf(node);
    }

    /** The counters of the edge end {@code node}, as the host's status reports them. */
    static EdgeStats statsOf(String node) throws Exception {
        var f = EdgeStats.class.getDeclaredField("ALL");
        f.setAccessible(true);
        return (EdgeStats) ((java.util.Map<?, ?>) f.get(null)).get(node);
    }

    private List<Block> blocks(int count, long seed) {
        Random r = new Random(seed);
        short[] data = new short[count * BLOCK * CHANNELS];
        for (int i = 0; i < data.length; i++) {
            data[i] = (short) r.nextInt();
        }
        return Blocks.split(spec(), data, Blocks.fixedSizes((long) count * BLOCK, BLOCK));
    }

    private static StreamSpec spec() {
        return StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                .channelCount(CHANNELS)
                .sampleRate(30000)
                .blockSamples(BLOCK)
                .build();
    }

    private SendNode sender(String endpoint, int bufferBlocks) throws Exception {
        SendNode s = new SendNode();
        s.net = net;
        s.activate(
                TestConfig.of(SendNodeConfig.class, "bind", endpoint, "bufferBlocks", bufferBlocks, "drainMillis", 0));
        s.prepare(List.of(spec()), new TestContext("tx"));
        toClose.add(s::close);
        return s;
    }

    private ReceiveNode receiver(String endpoint) {
        ReceiveNode r = new ReceiveNode();
        r.net = net;
        r.activate(TestConfig.of(
                ReceiveNodeConfig.class,
                "connect",
                endpoint,
                "kind",
                "CONTINUOUS_I16",
                "rate",
                30000.0,
                "connectMillis",
                5000));
        toClose.add(r::close);
        return r;
    }

    private static CollectingEmitter open(ReceiveNode r) throws Exception {
        List<StreamSpec> specs = r.open(new TestContext("rx"));
        assertThat(specs).hasSize(1);
        assertThat(specs.get(0).channelCount()).isEqualTo(CHANNELS);
        assertThat(specs.get(0).sampleRate()).isEqualTo(30000.0);
        return new CollectingEmitter(specs);
    }

    private static void readUntil(ReceiveNode r, CollectingEmitter out, int blocks, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (out.emitted(0).size() < blocks && System.nanoTime() < deadline) {
            r.read(out);
        }
        assertThat(out.emitted(0)).as("blocks received").hasSizeGreaterThanOrEqualTo(blocks);
    }

    private static void readFor(ReceiveNode r, CollectingEmitter out, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            r.read(out);
        }
    }

    /** Same samples, sample numbers and producer sequence, block for block. */
    private static void assertSame(List<Block> sent, List<Block> got) {
        assertThat(got).hasSize(sent.size());
        short[] a = Blocks.concatI16(sent);
        short[] b = Blocks.concatI16(got);
        assertThat(b).isEqualTo(a);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.get(i).firstSample())
                    .as("block %d", i)
                    .isEqualTo(sent.get(i).firstSample());
            assertThat(got.get(i).sampleCount()).isEqualTo(sent.get(i).sampleCount());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A tcp relay that can stall (stop forwarding) or cut its connections, as a network blip would. */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final int target;
        private final AtomicBoolean stalled = new AtomicBoolean();
        private final List<Socket> open = new ArrayList<>();
        private volatile boolean closed;

        Relay(int target) throws IOException {
            this.target = target;
            server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "relay");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void stall(boolean on) {
            stalled.set(on);
        }

        synchronized void cut() throws IOException {
            for (Socket s : open) {
                s.close();
            }
            open.clear();
        }

        private void accept() {
            while (!closed) {
                try {
                    Socket in = server.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    synchronized (this) {
                        open.add(in);
                        open.add(out);
                    }
                    pump(in, out);
                    pump(out, in);
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(
                    () -> {
                        byte[] buf = new byte[65536];
                        try (InputStream i = from.getInputStream();
                                OutputStream o = to.getOutputStream()) {
                            int n;
                            while ((n = i.read(buf)) >= 0) {
                                while (stalled.get()) {
                                    Thread.sleep(5);
                                }
                                o.write(buf, 0, n);
                            }
                        } catch (IOException | InterruptedException e) {
                            // cut
                        } finally {
                            try {
                                from.close();
                                to.close();
                            } catch (IOException e) {
                                // already closed
                            }
                        }
                    },
                    "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            server.close();
            cut();
        }
    }
}
