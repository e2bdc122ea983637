package org.neurorig.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.security.CurveSecurity;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.CollectingEmitter;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * An edge with CURVE (the sender binds 0.0.0.0, which is off loopback): a receiver whose key the
 * sending host allows gets every block; one whose key it does not gets nothing, cannot ask for
 * anything, and is counted as refused.
 */
class CurveEdgeTest {
    /** Not a real address: only makes {@link CurveSecurity#client} configure CURVE for a socket that connects over loopback. */
    private static final String OFF_LOOPBACK = "tcp://10.255.255.1:1";

    @TempDir
    Path tmp;

    private final ZContext zmq = new ZContext(1);
    private CurveSecurity sending;
    private SendNode send;

    @AfterEach
    void close() {
        if (send != null) {
            send.close();
        }
        if (sending != null) {
            sending.close();
        }
        zmq.close();
    }

    @Test
    void onlyAnAllowedReceiverGetsTheStream() throws Exception {
        Path acq = tmp.resolve("acq");
        Path lab = tmp.resolve("lab");
        Path stranger = tmp.resolve("stranger");
        String acqKey = CurveSecurity.generate(acq, false);
        String labKey = CurveSecurity.generate(lab, false);
        CurveSecurity.generate(stranger, false);
        Files.writeString(acq.resolve("keys/allowed/lab.pub"), labKey + "\n"); // acq admits lab only
        Files.writeString(lab.resolve("keys/allowed/acq.pub"), acqKey + "\n");
        Files.writeString(stranger.resolve("keys/allowed/acq.pub"), acqKey + "\n"); // knows acq, is not known
        sending = CurveSecurity.load(acq, false);
        sending.startAuthenticator(zmq);
        int port = freePort();
        send = new SendNode();
        send.net = new TestNet(zmq, new NetSecurity() {
            @Override
            public void server(ZMQ.Socket s, String endpoint) {
                sending.server(s, endpoint);
            }

            @Override
            public void client(ZMQ.Socket s, String endpoint, String peer) {
                throw new AssertionError("the sender connects nowhere");
            }
        });
        send.activate(TestConfig.of(SendNodeConfig.class, "bind", "tcp://0.0.0.0:" + port, "drainMillis", 0));
        send.prepare(List.of(spec()), new TestContext("tx"));
        List<Block> blocks = Blocks.split(spec(), new short[300 * 4], Blocks.fixedSizes(300, 30));
        blocks.forEach(send::accept);

        ReceiveNode outsider = receiver(stranger, port);
        assertThatThrownBy(() -> outsider.open(new TestContext("rx-stranger")))
                .hasMessageContaining("no answer from host 'acq'");
        outsider.close();
        assertThat(sending.refused()).as("handshakes refused").isPositive();
        assertThat(EdgeTest.statsOf("tx").values()).containsEntry("connected", false);

        ReceiveNode allowed = receiver(lab, port);
        List<StreamSpec> specs = allowed.open(new TestContext("rx"));
        CollectingEmitter out = new CollectingEmitter(specs);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (out.emitted(0).size() < blocks.size() && System.nanoTime() < deadline) {
            allowed.read(out);
        }
        assertThat(out.emitted(0)).hasSize(blocks.size());
        assertThat(out.emittedSamples(0)).isEqualTo(300);
        allowed.close();
    }

    private ReceiveNode receiver(Path conf, int port) throws IOException {
        CurveSecurity keys = CurveSecurity.load(conf, false);
        ReceiveNode r = new ReceiveNode();
        r.net = new TestNet(zmq, TestNet.clientOnly((s, peer) -> keys.client(s, OFF_LOOPBACK, peer)));
        r.activate(TestConfig.of(
                ReceiveNodeConfig.class,
                "connect",
                "tcp://127.0.0.1:" + port,
                "peer",
                "acq",
                "kind",
                "CONTINUOUS_I16",
                "rate",
                1000.0,
                "connectMillis",
                2000));
        return r;
    }

    private static StreamSpec spec() {
        return StreamSpec.builder("amp.out", Kind.CONTINUOUS_I16)
                .channelCount(4)
                .sampleRate(1000)
                .blockSamples(30)
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
