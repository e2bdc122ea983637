package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.BusFixture.RampPublisher;
import org.neurorig.bus.BusFixture.RampSubscriber;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class BusProxyTest {
    /** Waits (not a timing assertion: the deadline only bounds a hang) until {@code condition} holds. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void thousandBlocksFromAnInJvmPublisherReachATcpSubscriberIntact() {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            RampSubscriber sub = new RampSubscriber(bus.ctx, bus.subscribeEndpoint, "test.ramp");
            RampPublisher pub = new RampPublisher(bus.ctx, BusProxy.INPROC_PUBLISH, "test.ramp", 8, 300, 32_000);
            BusFixture.handshake(pub, sub);
            // Windows below the high-water mark: the proxy path is live and may drop above it.
            for (int window = 0; window < 10; window++) {
                for (int i = 0; i < 100; i++) {
                    pub.publish(0);
                }
                sub.receiveBlocks(100L * (window + 1), 50);
            }
            assertThat(sub.tracker.blocks()).isEqualTo(1000);
            assertThat(sub.tracker.samples()).isEqualTo(300_000);
            assertThat(sub.tracker.missingBlocks()).isZero();
            assertThat(sub.tracker.sampleGaps()).isZero();
            assertThat(sub.tracker.outOfOrder()).isZero();
            assertThat(sub.valueErrors).isZero();
            assertThat(sub.malformed).isZero();
            assertThat(sub.block.seq()).isEqualTo(999);
            assertThat(sub.block.firstSample()).isEqualTo(32_000 + 999 * 300);
            assertThat(sub.descriptors.get(0)).isEqualTo(pub.spec);
            assertThat(bus.proxy.malformed()).isZero();
            assertThat(bus.proxy.forwarded()).isGreaterThanOrEqualTo(1000 + 1);
            assertThat(bus.proxy.streams()).containsExactly(pub.spec);
        }
    }

    /** One malformed message per call, sent on an XPUB so that we know the proxy subscribed. */
    private static final class Injector {
        final ZMQ.Socket socket;
        final Map<String, Long> sent = new TreeMap<>();
        final byte[] good = new byte[WireFormat.HEADER_BYTES];

        Injector(ZContext ctx, String endpoint) {
            socket = ctx.createSocket(SocketType.XPUB);
            socket.setLinger(0);
            socket.setSndHWM(0);
            socket.connect(endpoint);
            socket.setReceiveTimeOut(10_000);
            byte[] subscription = socket.recv(0);
            assertThat(subscription).as("the proxy subscribes to everything").containsExactly(1);
            Block b = Block.allocate(Kind.CONTINUOUS_I16, 2, 4);
            b.setSampleCount(4);
            new WireCodec().writeHeader(b, 1000, 0, good);
        }

        void send(String reason, byte[]... frames) {
            for (int i = 0; i < frames.length; i++) {
                socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
            }
            sent.merge(reason, 1L, Long::sum);
        }

        byte[] header(int offset, int value) {
            byte[] h = good.clone();
            ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
            return h;
        }

        void sendOneOfEach() {
            byte[] topic = "bad.stream".getBytes(StandardCharsets.UTF_8);
            byte[] okPayload = new byte[16];
            send("frame-count", topic);
            send("frame-count", topic, good, okPayload, okPayload, okPayload);
            send("bad-topic", new byte[0], good, okPayload);
            send("bad-topic", new byte[300], good, okPayload);
            send("bad-topic", new byte[] {(byte) 0xC3, (byte) 0x28}, good, okPayload);
            byte[] magic = good.clone();
            magic[0] = 'X';
            send("bad-magic", topic, magic, okPayload);
            send("short-header", topic, new byte[] {'N', 'R', 'G', '1', 1, 0}, okPayload);
            send("bad-version", topic, header(WireFormat.OFFSET_VERSION, 7), okPayload);
            send("unknown-kind", topic, header(WireFormat.OFFSET_KIND, 6), okPayload);
            send("payload-length", topic, good, new byte[15]);
            byte[] huge = good.clone();
            ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(WireFormat.OFFSET_SAMPLE_COUNT, 1 << 30);
            send("too-large", topic, huge, okPayload);
            send(
                    "bad-descriptor",
                    topic,
                    header(WireFormat.OFFSET_KIND, 0),
                    "{\"name\":1}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void malformedMessagesAreCountedByReasonWhileAGoodStreamFlowsWithoutGaps() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            RampSubscriber sub = new RampSubscriber(bus.ctx, bus.subscribeEndpoint, "");
            RampPublisher pub = new RampPublisher(bus.ctx, BusProxy.INPROC_PUBLISH, "good", 4, 100, 0);
            BusFixture.handshake(pub, sub);
            Injector garbage = new Injector(bus.ctx, bus.publishEndpoint);
            for (int window = 0; window < 5; window++) {
                for (int i = 0; i < 50; i++) {
                    pub.publish(0);
                    if (i % 10 == 0) {
                        garbage.sendOneOfEach();
                    }
                }
                sub.receiveBlocks(50L * (window + 1), 50);
            }
            long expected =
                    garbage.sent.values().stream().mapToLong(Long::longValue).sum();
            assertThat(expected).isEqualTo(25 * 12);
            await(() -> bus.proxy.malformed() == expected, expected + " malformed messages");
            assertThat(bus.proxy.malformedByReason()).isEqualTo(garbage.sent);
            assertThat(sub.tracker.blocks()).isEqualTo(250);
            assertThat(sub.tracker.missingBlocks()).isZero();
            assertThat(sub.tracker.sampleGaps()).isZero();
            assertThat(sub.valueErrors).isZero();
            assertThat(sub.malformed).as("nothing malformed got through").isZero();
            assertThat(bus.proxy.streams()).extracting(StreamSpec::name).containsExactly("good");
        }
    }

    @Test
    void lateSubscribersReceiveTheCachedDescriptor() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            RampPublisher pub = new RampPublisher(bus.ctx, BusProxy.INPROC_PUBLISH, "late.ap", 2, 10, 0);
            await(
                    () -> {
                        pub.sendDescriptor();
                        return !bus.proxy.streams().isEmpty();
                    },
                    "the proxy to register the descriptor");
            assertThat(bus.proxy.streams()).containsExactly(pub.spec);
            pub.publish(0);

            RampSubscriber tcp = new RampSubscriber(bus.ctx, bus.subscribeEndpoint, "late.");
            assertThat(tcp.awaitDescriptor(50)).isTrue();
            assertThat(tcp.descriptors).containsExactly(pub.spec);
            RampSubscriber inproc = new RampSubscriber(bus.ctx, BusProxy.INPROC_SUBSCRIBE, "late.ap");
            assertThat(inproc.awaitDescriptor(50)).isTrue();
            assertThat(inproc.descriptors).containsExactly(pub.spec);
            RampSubscriber other = new RampSubscriber(bus.ctx, bus.subscribeEndpoint, "other");
            assertThat(other.awaitDescriptor(5)).as("prefix does not match").isFalse();
            assertThat(bus.proxy.descriptorsResent()).isEqualTo(2);

            // Data keeps flowing to the late joiners after the descriptor.
            pub.publish(0);
            tcp.receiveBlocks(tcp.tracker.blocks() + 1, 50);
            if (tcp.block.seq() == 0) { // block 0 was still on its way through the proxy when it joined
                tcp.receiveBlocks(tcp.tracker.blocks() + 1, 50);
            }
            assertThat(tcp.block.seq()).isEqualTo(1);

            // The end of the stream takes it out of the registry.
            pub.publish(Block.FLAG_END_OF_STREAM);
            await(() -> bus.proxy.streams().isEmpty(), "the ended stream to leave the registry");
        }
    }

    @Test
    void subscriptionsFromBothSidesReachExternalPublishers() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            ZMQ.Socket upstream = bus.ctx.createSocket(SocketType.XPUB);
            upstream.setReceiveTimeOut(10_000);
            upstream.connect(bus.publishEndpoint);
            assertThat(upstream.recv(0)).containsExactly(1); // the proxy's own catch-all
            ZMQ.Socket tcpSub = bus.ctx.createSocket(SocketType.SUB);
            tcpSub.connect(bus.subscribeEndpoint);
            tcpSub.subscribe("alpha".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(upstream.recv(0), StandardCharsets.ISO_8859_1))
                    .isEqualTo("\u0001alpha");
            ZMQ.Socket inprocSub = bus.ctx.createSocket(SocketType.SUB);
            inprocSub.connect(BusProxy.INPROC_SUBSCRIBE);
            inprocSub.subscribe("beta".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(upstream.recv(0), StandardCharsets.ISO_8859_1))
                    .isEqualTo("\u0001beta");
            // A repeated subscription is not forwarded twice; the last one leaving unsubscribes once.
            ZMQ.Socket again = bus.ctx.createSocket(SocketType.SUB);
            again.connect(BusProxy.INPROC_SUBSCRIBE);
            again.subscribe("beta".getBytes(StandardCharsets.UTF_8));
            inprocSub.unsubscribe("beta".getBytes(StandardCharsets.UTF_8));
            again.unsubscribe("beta".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(upstream.recv(0), StandardCharsets.ISO_8859_1))
                    .isEqualTo("\u0000beta");
        }
    }

    @Test
    void aTakenPortIsReportedByEndpointAndCloseReleasesPorts() {
        String sub;
        String pubEndpoint;
        try (BusFixture first = new BusFixture()) {
            first.proxy.start();
            sub = first.subscribeEndpoint;
            pubEndpoint = first.publishEndpoint;
            try (ZContext other = new ZContext()) {
                BusProxy clash = new BusProxy(other, sub, pubEndpoint);
                assertThatThrownBy(clash::start)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(pubEndpoint)
                        .hasMessageContaining("already in use");
            }
        }
        // After close the same ports can be bound again.
        try (ZContext again = new ZContext();
                BusProxy reopened = new BusProxy(again, sub, pubEndpoint)) {
            reopened.start();
            assertThat(reopened.forwarded()).isZero();
        }
    }
}
