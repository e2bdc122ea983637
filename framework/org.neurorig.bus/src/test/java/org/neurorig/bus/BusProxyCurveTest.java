package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.neurorig.bus.BusProxyTest.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.BusFixture.RampPublisher;
import org.neurorig.bus.security.CurveSecurity;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The proxy's endpoints off loopback with CURVE, on real sockets. The proxy binds the wildcard
 * address (off loopback, so CURVE) and the clients, in a context of their own as on another
 * machine, connect to it.
 */
class BusProxyCurveTest {
    @TempDir
    Path tmp;

    /** A host's conf/ with a key pair and the lab's public key on the allow-list; returns the lab's pair. */
    private ZMQ.Curve.KeyPair hostConf(Path conf) throws IOException {
        CurveSecurity.generate(conf, false);
        ZMQ.Curve.KeyPair lab = ZMQ.Curve.generateKeyPair();
        Files.writeString(conf.resolve("keys/allowed/lab.pub"), lab.publicKey + "\n");
        return lab;
    }

    private static ZMQ.Socket client(ZContext ctx, SocketType type, ZMQ.Curve.KeyPair pair, String serverKey) {
        ZMQ.Socket s = ctx.createSocket(type);
        s.setLinger(0);
        s.setReceiveTimeOut(20);
        // retry a handshake JeroMQ leaves stalled (zeromq/jeromq#1022) after 1 s, not its 30 s default
        s.setHandshakeIvl(1000);
        if (pair != null) {
            s.setCurvePublicKey(ZMQ.Curve.z85Decode(pair.publicKey));
            s.setCurveSecretKey(ZMQ.Curve.z85Decode(pair.secretKey));
            s.setCurveServerKey(ZMQ.Curve.z85Decode(serverKey));
        }
        return s;
    }

    /** Data blocks (not descriptors) on {@code topic} received now, the descriptor kept in {@code spec}. */
    private static int drain(ZMQ.Socket s, String topic, StreamSpec[] spec) {
        int blocks = 0;
        byte[] t;
        while ((t = s.recv(ZMQ.DONTWAIT)) != null) {
            byte[] header = s.recv(0);
            byte[] payload = s.recv(0);
            assertThat(new String(t, StandardCharsets.UTF_8)).isEqualTo(topic);
            WireHeader h = new WireHeader();
            try {
                h.read(header, header.length);
                if (h.isDescriptor()) {
                    spec[0] = WireCodec.decodeDescriptor(payload, payload.length);
                } else {
                    blocks++;
                }
            } catch (MalformedFrameException e) {
                throw new AssertionError("a malformed message on " + topic, e);
            }
        }
        return blocks;
    }

    private static String wildcard(int port) {
        return "tcp://0.0.0.0:" + port;
    }

    private static String local(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    @Test
    void anAllowedSubscriberGetsBlocksAStrangerAndAPlaintextClientGetNothing() throws Exception {
        Path conf = tmp.resolve("conf");
        ZMQ.Curve.KeyPair lab = hostConf(conf);
        int subPort = BusFixture.freePort();
        try (ZContext host = new ZContext();
                ZContext outside = new ZContext();
                CurveSecurity security = CurveSecurity.load(conf, false);
                BusProxy proxy = new BusProxy(host, wildcard(subPort), null).security(security)) {
            proxy.start();
            assertThat(proxy.plaintextOffLoopback()).isFalse();
            RampPublisher pub = new RampPublisher(host, BusProxy.INPROC_PUBLISH, "secure.ap", 4, 30, 0);
            // The stranger and the plaintext client come first: they have every chance the lab has.
            ZMQ.Socket stranger = client(outside, SocketType.SUB, ZMQ.Curve.generateKeyPair(), security.publicKey());
            stranger.connect(local(subPort));
            stranger.subscribe("secure.".getBytes(StandardCharsets.UTF_8));
            ZMQ.Socket plain = client(outside, SocketType.SUB, null, null);
            plain.connect(local(subPort));
            plain.subscribe("secure.".getBytes(StandardCharsets.UTF_8));
            await(() -> security.refused() > 0, "the ZAP handler to refuse the stranger's key");
            ZMQ.Socket allowed = client(outside, SocketType.SUB, lab, security.publicKey());
            allowed.connect(local(subPort));
            allowed.subscribe("secure.".getBytes(StandardCharsets.UTF_8));
            StreamSpec[] seen = new StreamSpec[1];
            StreamSpec[] leaked = new StreamSpec[1];
            int[] got = {0};
            int[] strangerGot = {0};
            int[] plainGot = {0};
            await(
                    () -> {
                        pub.sendDescriptor();
                        pub.publish(0);
                        got[0] += drain(allowed, "secure.ap", seen);
                        strangerGot[0] += drain(stranger, "secure.ap", leaked);
                        plainGot[0] += drain(plain, "secure.ap", leaked);
                        return got[0] >= 100 && seen[0] != null;
                    },
                    "100 blocks at the allowed subscriber");
            assertThat(seen[0]).isEqualTo(pub.spec);
            strangerGot[0] += drain(stranger, "secure.ap", leaked);
            plainGot[0] += drain(plain, "secure.ap", leaked);
            assertThat(strangerGot[0]).as("blocks at the stranger").isZero();
            assertThat(plainGot[0]).as("blocks at the plaintext client").isZero();
            assertThat(leaked[0]).as("a descriptor outside the allow-list").isNull();
            assertThat(proxy.malformedByReason().get(BusProxy.CURVE_REFUSED)).isEqualTo(security.refused());
            assertThat(security.refused()).isPositive();
        }
    }

    @Test
    void aStrangerCannotPublishTheLabCan() throws Exception {
        Path conf = tmp.resolve("conf");
        ZMQ.Curve.KeyPair lab = hostConf(conf);
        int pubPort = BusFixture.freePort();
        try (ZContext host = new ZContext();
                ZContext outside = new ZContext();
                CurveSecurity security = CurveSecurity.load(conf, false);
                BusProxy proxy = new BusProxy(host, null, wildcard(pubPort)).security(security)) {
            proxy.start();
            ZMQ.Socket inJvm = host.createSocket(SocketType.SUB);
            inJvm.setReceiveTimeOut(20);
            inJvm.connect(BusProxy.INPROC_SUBSCRIBE);
            inJvm.subscribe(new byte[0]);
            ZMQ.Socket stranger = client(outside, SocketType.PUB, ZMQ.Curve.generateKeyPair(), security.publicKey());
            stranger.connect(local(pubPort));
            ZMQ.Socket lab2 = client(outside, SocketType.PUB, lab, security.publicKey());
            lab2.connect(local(pubPort));
            Stream strangerStream = new Stream("stranger.ap");
            Stream labStream = new Stream("lab.ap");
            int[] labBlocks = {0};
            StreamSpec[] labSpec = new StreamSpec[1];
            await(
                    () -> {
                        strangerStream.sendTo(stranger);
                        labStream.sendTo(lab2);
                        // fails on any other topic: nothing of the stranger's may come through
                        labBlocks[0] += drain(inJvm, "lab.ap", labSpec);
                        return labBlocks[0] >= 50 && security.refused() > 0;
                    },
                    "50 of the lab's blocks through the proxy and the stranger refused");
            assertThat(labSpec[0]).isEqualTo(labStream.spec);
            assertThat(proxy.streams()).containsExactly(labStream.spec);
            assertThat(proxy.malformed())
                    .as("nothing of the stranger's reached the proxy")
                    .isZero();
        }
    }

    /** A small stream's descriptor and one data block, encoded once, sent as an outside publisher would. */
    private static final class Stream {
        final StreamSpec spec;
        final byte[] topic;
        final byte[] descriptorHeader = new byte[WireFormat.HEADER_BYTES];
        final byte[] descriptor;
        final byte[] dataHeader = new byte[WireFormat.HEADER_BYTES];
        final byte[] payload;

        Stream(String name) {
            spec = StreamSpec.builder(name, Kind.CONTINUOUS_I16)
                    .channelCount(2)
                    .sampleRate(1000)
                    .blockSamples(10)
                    .source("test")
                    .build();
            topic = name.getBytes(StandardCharsets.UTF_8);
            WireCodec codec = new WireCodec();
            codec.writeDescriptorHeader(spec, 1, descriptorHeader);
            descriptor = WireCodec.encodeDescriptor(spec);
            Block b = Block.forSpec(spec);
            b.setSampleCount(10);
            payload = new byte[2 * 2 * 10];
            codec.writePayload(b, payload);
            codec.writeHeader(b, spec.sampleRate(), 2, dataHeader);
        }

        void sendTo(ZMQ.Socket s) {
            s.send(topic, ZMQ.SNDMORE);
            s.send(descriptorHeader, ZMQ.SNDMORE);
            s.send(descriptor, 0);
            s.send(topic, ZMQ.SNDMORE);
            s.send(dataHeader, ZMQ.SNDMORE);
            s.send(payload, 0);
        }
    }

    @Test
    void loopbackStaysPlaintextWithoutAnyKey() throws Exception {
        int subPort = BusFixture.freePort();
        try (ZContext host = new ZContext();
                ZContext outside = new ZContext();
                CurveSecurity security = CurveSecurity.load(tmp.resolve("empty"), false);
                BusProxy proxy = new BusProxy(host, local(subPort), local(BusFixture.freePort())).security(security)) {
            proxy.start();
            assertThat(proxy.plaintextOffLoopback()).isFalse();
            RampPublisher pub = new RampPublisher(host, BusProxy.INPROC_PUBLISH, "plain.ap", 2, 10, 0);
            ZMQ.Socket sub = client(outside, SocketType.SUB, null, null);
            sub.connect(local(subPort));
            sub.subscribe("plain.".getBytes(StandardCharsets.UTF_8));
            int[] got = {0};
            StreamSpec[] spec = new StreamSpec[1];
            await(
                    () -> {
                        pub.sendDescriptor();
                        pub.publish(0);
                        got[0] += drain(sub, "plain.ap", spec);
                        return got[0] >= 20;
                    },
                    "20 plaintext blocks on loopback");
            assertThat(spec[0]).isEqualTo(pub.spec);
            assertThat(proxy.malformedByReason()).doesNotContainKey(BusProxy.CURVE_REFUSED);
        }
    }

    @Test
    void offLoopbackWithoutKeysTheProxyRefusesToStartAndBindsNothing() throws Exception {
        int port = BusFixture.freePort();
        try (ZContext host = new ZContext();
                CurveSecurity security = CurveSecurity.load(tmp.resolve("empty"), false);
                BusProxy proxy = new BusProxy(host, wildcard(port), null).security(security)) {
            assertThatThrownBy(proxy::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(wildcard(port))
                    .hasMessageContaining("`neurorig keys`")
                    .hasMessageContaining("--insecure");
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // the port was left free
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void insecureServesPlaintextOffLoopbackAndSaysSo() throws Exception {
        int subPort = BusFixture.freePort();
        try (ZContext host = new ZContext();
                ZContext outside = new ZContext();
                CurveSecurity security = CurveSecurity.load(tmp.resolve("empty"), true);
                BusProxy proxy = new BusProxy(host, wildcard(subPort), null).security(security)) {
            proxy.start();
            assertThat(proxy.plaintextOffLoopback()).isTrue();
            assertThat(security.plaintextOffLoopback()).isTrue();
            RampPublisher pub = new RampPublisher(host, BusProxy.INPROC_PUBLISH, "open.ap", 2, 10, 0);
            ZMQ.Socket sub = client(outside, SocketType.SUB, null, null);
            sub.connect(local(subPort));
            sub.subscribe("open.".getBytes(StandardCharsets.UTF_8));
            int[] got = {0};
            await(
                    () -> {
                        pub.sendDescriptor();
                        pub.publish(0);
                        got[0] += drain(sub, "open.ap", new StreamSpec[1]);
                        return got[0] >= 20;
                    },
                    "20 plaintext blocks off loopback under --insecure");
            assertThat(proxy.malformedByReason()).doesNotContainKey(BusProxy.CURVE_REFUSED);
        }
    }
}
