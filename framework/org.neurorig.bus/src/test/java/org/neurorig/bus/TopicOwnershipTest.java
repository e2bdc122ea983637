package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.bus.BusFixture.RampPublisher;
import org.neurorig.bus.BusFixture.RampSubscriber;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Topics the host publishes are its own (docs/WIRE.md §1): an outside publisher at the external
 * publish endpoint cannot replace their descriptor, end them or inject blocks into them; topics no
 * publisher of the host uses stay open to it. Real sockets on free ports throughout.
 */
class TopicOwnershipTest {
    /** The stream: a Neuropixels-like probe. */
    private static final StreamSpec PROBE = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
            .channelCount(384)
            .sampleRate(30_000)
            .defaultChannels("uV", 0.195)
            .blockSamples(30)
            .source("probe")
            .build();
    /** What the attacker claims the stream is. */
    private static final StreamSpec EVIL = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
            .channelCount(2)
            .sampleRate(1)
            .blockSamples(1)
            .source("evil")
            .build();

    /** A publisher outside the JVM's in-process endpoints: an XPUB at the external publish endpoint. */
    private static final class Outsider {
        final ZMQ.Socket socket;
        final WireCodec codec = new WireCodec();
        final byte[] header = new byte[WireFormat.HEADER_BYTES];
        int sent;

        Outsider(ZContext ctx, String endpoint) {
            socket = ctx.createSocket(SocketType.XPUB);
            socket.setLinger(0);
            socket.setSndHWM(0);
            socket.setReceiveTimeOut(10_000);
            socket.connect(endpoint);
            // The proxy's catch-all subscription: from here on nothing we send is dropped by ZeroMQ.
            assertThat(socket.recv(0)).as("the proxy subscribes to everything").containsExactly(1);
        }

        void descriptor(StreamSpec spec) {
            codec.writeDescriptorHeader(spec, 1, header);
            send(spec.name(), WireCodec.encodeDescriptor(spec));
        }

        /** One valid block of {@code spec}'s shape with the given sequence number and flags. */
        void block(StreamSpec spec, long seq, int flags) {
            Block b = Block.forSpec(spec);
            b.setSampleCount(b.capacity());
            BlockStamp.seq(b, seq);
            b.setFlags(flags);
            byte[] payload = new byte[codec.payloadBytes(b)];
            codec.writePayload(b, payload);
            codec.writeHeader(b, spec.sampleRate(), 1, header);
            send(spec.name(), payload);
        }

        private void send(String topic, byte[] payload) {
            socket.send(topic.getBytes(StandardCharsets.UTF_8), ZMQ.SNDMORE);
            socket.send(header, 0, header.length, ZMQ.SNDMORE);
            socket.send(payload, 0);
            sent++;
        }
    }

    private static long refused(BusProxy proxy) {
        return proxy.malformedByReason().getOrDefault(MalformedFrameException.FOREIGN_TOPIC, 0L);
    }

    /** A host stream published as the runtime does it, its descriptor in the registry. */
    private static StreamPublisher hostStream(BusFixture bus, StreamSpec spec) throws InterruptedException {
        StreamPublisher pub = new StreamPublisher(bus.ctx, spec, List.of(), BusProxy.INPROC_PUBLISH, 1000, bus.proxy);
        BusProxyTest.await(
                () -> {
                    pub.sendDescriptor();
                    return bus.proxy.streams().contains(spec);
                },
                "the host's descriptor in the registry");
        return pub;
    }

    @Test
    void aSpoofedDescriptorLeavesTheRegistryAsTheHostPublishedIt() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            try (StreamPublisher host = hostStream(bus, PROBE)) {
                Outsider evil = new Outsider(bus.ctx, bus.publishEndpoint);
                evil.descriptor(EVIL);
                BusProxyTest.await(() -> refused(bus.proxy) == 1, "the spoofed descriptor refused");
                assertThat(bus.proxy.streams()).containsExactly(PROBE);
                assertThat(bus.proxy.streams().get(0).channelCount()).isEqualTo(384);
                assertThat(bus.proxy.streams().get(0).sampleRate()).isEqualTo(30_000.0);
                assertThat(bus.proxy.malformedByReason()).containsOnlyKeys(MalformedFrameException.FOREIGN_TOPIC);
            }
        }
    }

    @Test
    void aSpoofedEndOfStreamDoesNotRemoveTheDescriptorThatLateSubscribersGet() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            try (StreamPublisher host = hostStream(bus, PROBE)) {
                Outsider evil = new Outsider(bus.ctx, bus.publishEndpoint);
                evil.block(PROBE, 0, Block.FLAG_END_OF_STREAM);
                evil.block(EVIL, 7, Block.FLAG_END_OF_STREAM);
                BusProxyTest.await(() -> refused(bus.proxy) == 2, "both spoofed end-of-stream blocks refused");
                assertThat(bus.proxy.streams()).containsExactly(PROBE);

                RampSubscriber late = new RampSubscriber(bus.ctx, bus.subscribeEndpoint, "probe.ap");
                assertThat(late.awaitDescriptor(100))
                        .as("descriptor re-sent to a late subscriber")
                        .isTrue();
                assertThat(late.descriptors).containsExactly(PROBE);
            }
        }
    }

    @Test
    void spoofedBlocksNeverReachSubscribers() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            try (StreamPublisher host = hostStream(bus, PROBE)) {
                ZMQ.Socket sub = bus.ctx.createSocket(SocketType.SUB);
                sub.setRcvHWM(0);
                sub.setReceiveTimeOut(100);
                sub.connect(bus.subscribeEndpoint);
                sub.subscribe(PROBE.name().getBytes(StandardCharsets.UTF_8));
                BusProxyTest.await(
                        () -> bus.proxy.hasSubscriber(PROBE.name().getBytes(StandardCharsets.UTF_8)),
                        "the subscription at the proxy");
                Outsider evil = new Outsider(bus.ctx, bus.publishEndpoint);
                Block b = Block.forSpec(PROBE);
                int hostBlocks = 200;
                for (int i = 0; i < hostBlocks; i++) {
                    b.setSampleCount(b.capacity());
                    b.setFirstSample(30L * i);
                    host.publish(b);
                    if (i % 4 == 0) {
                        evil.block(EVIL, 1_000_000 + i, 0); // the attacker's own shape
                        evil.block(PROBE, 1_000_000 + i, 0); // the host's shape, a seq of its own
                    }
                }
                List<Long> seqs = new ArrayList<>();
                List<Integer> channels = new ArrayList<>();
                WireHeader h = new WireHeader();
                byte[] header = new byte[WireFormat.HEADER_BYTES];
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (seqs.size() < hostBlocks && System.nanoTime() < deadline) {
                    byte[] topic = sub.recv(0);
                    if (topic == null) {
                        continue;
                    }
                    int hl = sub.recv(header, 0, header.length, 0);
                    sub.recv(0);
                    h.read(header, hl);
                    if (!h.isDescriptor()) {
                        seqs.add(h.seq());
                        channels.add(h.channelCount());
                    }
                }
                BusProxyTest.await(() -> refused(bus.proxy) == evil.sent, evil.sent + " spoofed blocks refused");
                // Every spoofed block is counted as refused, so none can still be on its way.
                assertThat(evil.sent).isEqualTo(100);
                assertThat(seqs).hasSize(hostBlocks);
                for (int i = 0; i < hostBlocks; i++) {
                    assertThat(seqs.get(i)).as("block %d", i).isEqualTo(i);
                }
                assertThat(channels).containsOnly(384);
            }
        }
    }

    @Test
    void anOutsideTopicStillWorksEndToEndAndItsOwnEndOfStreamCounts() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            try (StreamPublisher host = hostStream(bus, PROBE)) {
                RampSubscriber sub = new RampSubscriber(bus.ctx, bus.subscribeEndpoint, "ext.ramp");
                RampPublisher ext = new RampPublisher(bus.ctx, bus.publishEndpoint, "ext.ramp", 4, 50, 0);
                BusFixture.handshake(ext, sub);
                for (int i = 0; i < 100; i++) {
                    ext.publish(0);
                }
                sub.receiveBlocks(100, 50);
                assertThat(sub.tracker.blocks()).isEqualTo(100);
                assertThat(sub.tracker.missingBlocks()).isZero();
                assertThat(sub.valueErrors).isZero();
                assertThat(sub.block.seq()).isEqualTo(99);
                assertThat(bus.proxy.streams()).containsExactly(ext.spec, PROBE);
                assertThat(bus.proxy.owns("ext.ramp")).isFalse();

                ext.publish(Block.FLAG_END_OF_STREAM);
                BusProxyTest.await(() -> bus.proxy.streams().size() == 1, "the outside stream's own end");
                assertThat(bus.proxy.streams()).containsExactly(PROBE);
                assertThat(refused(bus.proxy)).isZero();
            }
        }
    }

    @Test
    void ownershipComparesWholeTopicsNotPrefixes() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            try (StreamPublisher host = hostStream(bus, PROBE)) {
                Outsider outside = new Outsider(bus.ctx, bus.publishEndpoint);
                StreamSpec longer = EVIL.withName("probe.ap2");
                StreamSpec shorter = EVIL.withName("probe.a");
                outside.descriptor(longer);
                outside.descriptor(shorter);
                outside.descriptor(EVIL);
                BusProxyTest.await(() -> refused(bus.proxy) == 1, "probe.ap refused");
                BusProxyTest.await(() -> bus.proxy.streams().size() == 3, "probe.a and probe.ap2 registered");
                assertThat(bus.proxy.streams()).containsExactly(shorter, PROBE, longer);
                assertThat(bus.proxy.owns("probe.ap")).isTrue();
                assertThat(bus.proxy.owns("probe.ap2")).isFalse();
                assertThat(bus.proxy.owns("probe.a")).isFalse();
            }
        }
    }

    @Test
    void aTopicIsOwnedFromThePublishersCreationUntilItCloses() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            Outsider outside = new Outsider(bus.ctx, bus.publishEndpoint);
            StreamPublisher host =
                    new StreamPublisher(bus.ctx, PROBE, List.of(), BusProxy.INPROC_PUBLISH, 100, bus.proxy);
            // Nothing sent yet: a stream that starts late is protected all the same.
            assertThat(bus.proxy.owns("probe.ap")).isTrue();
            outside.descriptor(EVIL);
            BusProxyTest.await(() -> refused(bus.proxy) == 1, "the early spoof refused");
            assertThat(bus.proxy.streams()).isEmpty();
            host.close();
            host.close(); // a second close must not release another publisher's claim
            assertThat(bus.proxy.owns("probe.ap")).isFalse();

            // Two publishers of one topic (a swap overlapping): owned until the last one closes.
            StreamPublisher a = new StreamPublisher(bus.ctx, PROBE, List.of(), BusProxy.INPROC_PUBLISH, 100, bus.proxy);
            StreamPublisher b = new StreamPublisher(bus.ctx, PROBE, List.of(), BusProxy.INPROC_PUBLISH, 100, bus.proxy);
            a.close();
            assertThat(bus.proxy.owns("probe.ap")).isTrue();
            b.close();
            assertThat(bus.proxy.owns("probe.ap")).isFalse();

            // Released: the topic is open to outside publishers again.
            BusProxyTest.await(
                    () -> {
                        outside.descriptor(EVIL);
                        return bus.proxy.streams().contains(EVIL);
                    },
                    "the outside descriptor accepted");
            assertThat(refused(bus.proxy)).isEqualTo(1);
        }
    }

    @Test
    void anInJvmPublisherThatClaimedNothingOwnsItsTopicUntilItsEndOfStream() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            // A bare PUB at the in-JVM endpoint, as third-party bundle code might publish.
            RampPublisher inJvm = new RampPublisher(bus.ctx, BusProxy.INPROC_PUBLISH, "bare.ap", 2, 10, 0);
            BusProxyTest.await(
                    () -> {
                        inJvm.sendDescriptor();
                        return bus.proxy.streams().contains(inJvm.spec);
                    },
                    "the in-JVM descriptor in the registry");
            assertThat(bus.proxy.owns("bare.ap")).isTrue();
            Outsider outside = new Outsider(bus.ctx, bus.publishEndpoint);
            StreamSpec spoof = EVIL.withName("bare.ap");
            outside.descriptor(spoof);
            BusProxyTest.await(() -> refused(bus.proxy) == 1, "the spoof refused");
            assertThat(bus.proxy.streams()).containsExactly(inJvm.spec);

            inJvm.publish(Block.FLAG_END_OF_STREAM);
            BusProxyTest.await(() -> !bus.proxy.owns("bare.ap"), "the in-JVM end of stream");
            BusProxyTest.await(
                    () -> {
                        outside.descriptor(spoof);
                        return bus.proxy.streams().contains(spoof);
                    },
                    "the ended topic open to outside publishers");
            assertThat(refused(bus.proxy)).isEqualTo(1);
        }
    }
}
