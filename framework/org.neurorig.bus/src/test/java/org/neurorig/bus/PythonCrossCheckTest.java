package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.bus.BusFixture.RampPublisher;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Reads the bus with an independent decoder written from docs/WIRE.md (Python + numpy) while
 * Python garbage is thrown at the proxy. Needs Debian's python3 with zmq and numpy: required when
 * {@code CI=true}, skipped otherwise.
 */
class PythonCrossCheckTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPTS = Path.of("src/test/python");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void requirePython() throws Exception {
        boolean ok = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import zmq, numpy")
                    .redirectErrorStream(true)
                    .start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if ("true".equals(System.getenv("CI"))) {
            assertThat(ok).as(PYTHON + " with zmq and numpy is required in CI").isTrue();
        }
        Assumptions.assumeTrue(ok, PYTHON + " with zmq and numpy not available");
    }

    private record Run(int exit, String out) {
        JsonNode json() throws IOException {
            String[] lines = out.strip().split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        }
    }

    private static Process start(String script, String... args) throws IOException {
        List<String> cmd =
                new ArrayList<>(List.of(PYTHON, SCRIPTS.resolve(script).toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static Run finish(Process p) throws Exception {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A sine stream of floats: A*sin(2*pi*f*n/rate + 2*pi*c/C), the --expect sine rule. */
    private static final class SinePublisher {
        final StreamSpec spec = StreamSpec.builder("py.sine", Kind.CONTINUOUS_F32)
                .channelCount(4)
                .sampleRate(1000)
                .blockSamples(50)
                .source("test")
                .build();
        final ZMQ.Socket socket;
        final WireCodec codec = new WireCodec();
        final Block block = Block.forSpec(spec);
        final byte[] header = new byte[WireFormat.HEADER_BYTES];
        final byte[] payload = new byte[4 * 4 * 50];
        long seq;
        long next = 123_456;

        SinePublisher(org.zeromq.ZContext ctx) {
            socket = ctx.createSocket(SocketType.PUB);
            socket.setSndHWM(0);
            socket.connect(BusProxy.INPROC_PUBLISH);
        }

        void sendDescriptor() {
            codec.writeDescriptorHeader(spec, 0, header);
            socket.send(spec.name().getBytes(StandardCharsets.UTF_8), ZMQ.SNDMORE);
            socket.send(header, 0, header.length, ZMQ.SNDMORE);
            socket.send(WireCodec.encodeDescriptor(spec), 0);
        }

        void publish() {
            int ch = spec.channelCount();
            for (int s = 0; s < 50; s++) {
                for (int c = 0; c < ch; c++) {
                    block.f32()[s * ch + c] =
                            (float) (1000 * Math.sin(2 * Math.PI * 7 * (next + s) / 1000.0 + 2 * Math.PI * c / ch));
                }
            }
            block.setSampleCount(50);
            BlockStamp.seq(block, seq++);
            block.setFirstSample(next);
            next += 50;
            int len = codec.writePayload(block, payload);
            codec.writeHeader(block, 1000, 0, header);
            socket.send(spec.name().getBytes(StandardCharsets.UTF_8), ZMQ.SNDMORE);
            socket.send(header, 0, header.length, ZMQ.SNDMORE);
            socket.send(payload, 0, len, 0);
        }
    }

    @Test
    void pythonReadsRampAndSineIntactWhileGarbageIsDropped() throws Exception {
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread publisher = new Thread(
                    () -> {
                        RampPublisher ramp =
                                new RampPublisher(bus.ctx, BusProxy.INPROC_PUBLISH, "py.ramp", 8, 300, 32_000);
                        SinePublisher sine = new SinePublisher(bus.ctx);
                        // Repeat the descriptors until the registry has both: the late Python subscribers
                        // then get them from the proxy on subscribe.
                        while (running.get() && bus.proxy.streams().size() < 2) {
                            ramp.sendDescriptor();
                            sine.sendDescriptor();
                            LockSupport.parkNanos(5_000_000);
                        }
                        while (running.get()) {
                            ramp.publish(0);
                            sine.publish();
                            LockSupport.parkNanos(3_000_000); // pacing keeps the live path below its HWM
                        }
                        ramp.socket.close();
                        sine.socket.close();
                    },
                    "py-publisher");
            publisher.start();
            try {
                Process rampCheck = start(
                        "bus_subscribe_check.py",
                        "--endpoint",
                        bus.subscribeEndpoint,
                        "--topic",
                        "py.ramp",
                        "--blocks",
                        "300",
                        "--seconds",
                        "60",
                        "--expect",
                        "ramp");
                Process sineCheck = start(
                        "bus_subscribe_check.py",
                        "--endpoint",
                        bus.subscribeEndpoint,
                        "--topic",
                        "py.sine",
                        "--blocks",
                        "300",
                        "--seconds",
                        "60",
                        "--expect",
                        "sine",
                        "--amplitude",
                        "1000",
                        "--frequency",
                        "7");
                Process garbage = start("bus_publish_garbage.py", "--endpoint", bus.publishEndpoint, "--count", "20");

                Run g = finish(garbage);
                assertThat(g.exit()).as(g.out()).isZero();
                JsonNode gj = g.json();
                assertThat(gj.get("total").asLong()).isEqualTo(140);
                Map<String, Long> expected = new TreeMap<>();
                gj.get("expectedReasons")
                        .fields()
                        .forEachRemaining(
                                e -> expected.put(e.getKey(), e.getValue().asLong()));
                BusProxyTest.await(
                        () -> bus.proxy.malformed() >= 140,
                        "140 malformed messages, have " + bus.proxy.malformed() + " " + bus.proxy.malformedByReason());
                assertThat(bus.proxy.malformed()).isEqualTo(140);
                assertThat(bus.proxy.malformedByReason()).isEqualTo(expected);

                for (Run r : List.of(finish(rampCheck), finish(sineCheck))) {
                    assertThat(r.exit()).as(r.out()).isZero();
                    JsonNode j = r.json();
                    assertThat(j.get("blocks").asLong()).isEqualTo(300);
                    assertThat(j.get("gaps").asLong()).isZero();
                    assertThat(j.get("sampleGaps").asLong()).isZero();
                    assertThat(j.get("valueErrors").asLong()).isZero();
                    assertThat(j.get("descriptor").get("name").asText())
                            .isEqualTo(j.get("topic").asText());
                }
            } finally {
                running.set(false);
                publisher.join(5000);
            }
        }
    }

    @Test
    void pythonCheckerFlagsWrongValues() throws Exception {
        // The checker must be able to fail: a sine read as a ramp is all value errors.
        try (BusFixture bus = new BusFixture()) {
            bus.proxy.start();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread publisher = new Thread(
                    () -> {
                        SinePublisher sine = new SinePublisher(bus.ctx);
                        while (running.get() && bus.proxy.streams().isEmpty()) {
                            sine.sendDescriptor();
                            LockSupport.parkNanos(5_000_000);
                        }
                        while (running.get()) {
                            sine.publish();
                            LockSupport.parkNanos(3_000_000);
                        }
                        sine.socket.close();
                    },
                    "py-publisher");
            publisher.start();
            try {
                Run r = finish(start(
                        "bus_subscribe_check.py",
                        "--endpoint",
                        bus.subscribeEndpoint,
                        "--topic",
                        "py.sine",
                        "--blocks",
                        "20",
                        "--seconds",
                        "60",
                        "--expect",
                        "sine",
                        "--amplitude",
                        "900",
                        "--frequency",
                        "7"));
                assertThat(r.exit()).as(r.out()).isEqualTo(1);
                assertThat(r.json().get("valueErrors").asLong()).isPositive();
            } finally {
                running.set(false);
                publisher.join(5000);
            }
        }
    }
}
