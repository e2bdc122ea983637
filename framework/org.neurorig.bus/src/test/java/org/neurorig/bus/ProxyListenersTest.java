package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.BusFixture.RampSubscriber;

/**
 * In-JVM publishers send data blocks to the proxy only while someone subscribes to their stream:
 * descriptors always, data never while nobody listens, then every block with consecutive sequence
 * numbers once a subscriber is there, and none again after it left.
 */
class ProxyListenersTest {
    private static final byte[] TOPIC = "probe.ap".getBytes(StandardCharsets.UTF_8);

    @Test
    void dataReachesTheProxyOnlyWhileSubscribed() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            StreamSpec spec = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                    .channelCount(4)
                    .sampleRate(1000)
                    .defaultChannels("uV", 0.195)
                    .blockSamples(10)
                    .source("probe")
                    .build();
            assertThat(bus.proxy.hasSubscriber(TOPIC)).isFalse();
            try (StreamPublisher pub =
                    new StreamPublisher(bus.ctx, spec, List.of(), BusProxy.INPROC_PUBLISH, 100, bus.proxy)) {
                Block b = Block.forSpec(spec);
                // a PUB drops what it sends before the proxy's subscription reached it: repeat until seen
                BusProxyTest.await(
                        () -> {
                            pub.sendDescriptor();
                            return bus.proxy.streams().contains(spec);
                        },
                        "the descriptor in the registry");
                // the publisher repeats its descriptor once, at the first block 100 ms after the first
                Thread.sleep(150);
                publish(pub, b, 0);
                Thread.sleep(100);
                long before = bus.proxy.forwarded();
                for (int i = 1; i < 50; i++) {
                    publish(pub, b, i);
                }
                Thread.sleep(200); // anything sent would have been forwarded by now
                assertThat(bus.proxy.forwarded())
                        .as("no data while nobody listens")
                        .isEqualTo(before);

                RampSubscriber sub = new RampSubscriber(bus.ctx, bus.subscribeEndpoint, "probe.");
                BusProxyTest.await(() -> bus.proxy.hasSubscriber(TOPIC), "the subscription");
                assertThat(bus.proxy.hasSubscriber("probe2.ap".getBytes(StandardCharsets.UTF_8)))
                        .isFalse();
                assertThat(sub.awaitDescriptor(100))
                        .as("descriptor re-sent on subscribe")
                        .isTrue();
                for (int i = 50; i < 150; i++) {
                    publish(pub, b, i);
                }
                sub.receiveBlocks(100, 50);
                assertThat(sub.tracker.blocks()).isEqualTo(100);
                assertThat(sub.tracker.missingBlocks()).isZero();
                assertThat(sub.block.seq())
                        .as("sequence numbers count every block, sent or not")
                        .isEqualTo(149);

                sub.socket.close();
                BusProxyTest.await(() -> !bus.proxy.hasSubscriber(TOPIC), "the unsubscription");
                long after = bus.proxy.forwarded();
                for (int i = 150; i < 200; i++) {
                    publish(pub, b, i);
                }
                b.setFlags(Block.FLAG_END_OF_STREAM);
                publish(pub, b, 200);
                BusProxyTest.await(() -> bus.proxy.streams().isEmpty(), "the end of stream in the registry");
                // the proxy takes messages in order: once the end of stream is counted, any earlier
                // block it forwarded would have been counted too
                BusProxyTest.await(() -> bus.proxy.forwarded() > after, "the end-of-stream block counted");
                assertThat(bus.proxy.forwarded())
                        .as("only the end-of-stream block")
                        .isEqualTo(after + 1);
            }
        }
    }

    private static void publish(StreamPublisher pub, Block b, int i) throws InterruptedException {
        b.setSampleCount(10);
        b.setFirstSample(10L * i);
        for (int k = 0; k < 40; k++) {
            b.i16()[k] = BusFixture.ramp(10L * i + k / 4, k % 4);
        }
        pub.publish(b);
    }
}
