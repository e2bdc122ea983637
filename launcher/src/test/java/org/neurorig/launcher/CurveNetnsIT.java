package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

/**
 * CURVE on the bus between two machines, made of real network namespaces: the host
 * ({@code bin/neurorig run}) binds its bus on one end of a veth pair, Python clients run in a
 * namespace at the other end. With the host's keys, a client whose key is allowed receives the
 * stream and can publish; a stranger's key gets nothing and cannot publish, and the host counts
 * it refused; a capture of the veth shows none of the stream in plain text. The same run with
 * {@code --insecure} shows it in plain text, and says so on its status line, which is what makes
 * the capture's check able to fail. Needs root ({@code ip netns}) and Debian's python3-zmq and
 * python3-numpy: skipped without them, required when {@code CI=true}.
 */
class CurveNetnsIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** What a listener on the wire must not find when CURVE is on: topic, header magic, descriptor JSON. */
    private static final List<String> PLAINTEXT = List.of("amp.out", "NRG1", "\"channelCount\"");

    private final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();
    private final Path scripts = Path.of(System.getProperty("neurorig.repo", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("framework/org.neurorig.bus/src/test/python");

    @TempDir
    Path tmp;

    @Test
    void curveAdmitsOnlyAllowedKeysAndHidesTheStreamOnTheWire() throws Exception {
        String missing = missingPrerequisite();
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must run CurveNetnsIT: " + missing);
            }
            assumeTrue(false, missing);
        }
        try (VethPair net = VethPair.create("nrc")) {
            Path conf = tmp.resolve("conf");
            Path pipeline = tmp.resolve("curve.yaml");
            Files.writeString(
                    pipeline,
                    """
                    name: curve-it
                    nodes:
                      amp:   { type: sim.sine, config: { channels: 4, rate: 1000, blockSamples: 10, amplitude: 1000, frequency: 10 } }
                      count: { type: sink.count, in: amp, config: { file: "%s" } }
                    """
                            .formatted(tmp.resolve("counts.json")));
            int subPort = RigFixture.freePort();
            int pubPort = RigFixture.freePort();
            String subscribe = "tcp://" + net.rootAddress + ":" + subPort;
            String publish = "tcp://" + net.rootAddress + ":" + pubPort;

            // Off loopback without keys: the host refuses to start and says what to do.
            Path noKeysLog = tmp.resolve("no-keys.log");
            Process noKeys = neurorig(noKeysLog, conf, subscribe, publish, "run", pipeline.toString(), "--no-web");
            assertThat(noKeys.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String noKeysOut = Files.readString(noKeysLog);
            assertThat(noKeys.exitValue()).as(noKeysOut).isNotZero();
            assertThat(noKeysOut)
                    .contains(subscribe)
                    .contains("`neurorig keys`")
                    .contains("--insecure");

            String hostKey = makeKeys(conf);
            ZMQ.Curve.KeyPair lab = ZMQ.Curve.generateKeyPair();
            Files.writeString(conf.resolve("keys/allowed/lab.pub"), lab.publicKey + "\n");
            ZMQ.Curve.KeyPair stranger = ZMQ.Curve.generateKeyPair();

            // CURVE: only the lab's key gets in, and the wire shows nothing of the stream.
            long labBlocks;
            long refused;
            Path curveWire = tmp.resolve("wire-curve.bin");
            Path curveStop = tmp.resolve("wire-curve.stop");
            Process capture = capture(net, curveWire, curveStop);
            Path curveLog = tmp.resolve("curve.log");
            Path curveSummary = tmp.resolve("curve-summary.json");
            Process host = neurorig(
                    curveLog,
                    conf,
                    subscribe,
                    publish,
                    "run",
                    pipeline.toString(),
                    "--no-web",
                    "--summary",
                    curveSummary.toString());
            try {
                awaitLog(curveLog, host, "nodes OK 2/2");
                Process strangerSub = inNs(net, subscriber(subscribe, 1, 8, hostKey, stranger));
                Process strangerPub = inNs(net, garbage(publish, hostKey, stranger));
                Process labSub = inNs(net, subscriber(subscribe, 300, 30, hostKey, lab));
                Process labPub = inNs(net, garbage(publish, hostKey, lab));

                JsonNode got = lastJson(labSub, 60);
                labBlocks = got.get("blocks").asLong();
                assertThat(labSub.exitValue()).as(got.toString()).isZero();
                assertThat(got.get("blocks").asLong()).isGreaterThanOrEqualTo(300);
                assertThat(got.get("gaps").asLong()).isZero();
                assertThat(got.get("valueErrors").asLong()).isZero();
                assertThat(got.get("descriptor").get("name").asText()).isEqualTo("amp.out");
                assertThat(got.get("descriptor").get("channelCount").asInt()).isEqualTo(4);
                assertThat(got.get("descriptor").get("sampleRate").asDouble()).isEqualTo(1000.0);
                JsonNode labSent = lastJson(labPub, 60);
                assertThat(labPub.exitValue()).as(labSent.toString()).isZero();

                JsonNode strangerGot = lastJson(strangerSub, 60);
                assertThat(strangerGot.get("blocks").asLong())
                        .as(strangerGot.toString())
                        .isZero();
                assertThat(strangerGot.get("descriptor").isNull()).isTrue();
                JsonNode strangerSent = lastJson(strangerPub, 60);
                assertThat(strangerPub.exitValue())
                        .as("the host never subscribes to a stranger")
                        .isEqualTo(1);
                assertThat(strangerSent.get("error").asText()).contains("no subscription");

                JsonNode bus = stop(host, curveSummary).get("bus").get("malformed");
                assertThat(bus.get("curve-refused").asLong()).as(bus.toString()).isPositive();
                refused = bus.get("curve-refused").asLong();
                // Exactly the lab's garbage reached the proxy, counted by reason: none of the stranger's.
                Iterator<Map.Entry<String, JsonNode>> expected =
                        labSent.get("expectedReasons").fields();
                long labGarbage = 0;
                while (expected.hasNext()) {
                    Map.Entry<String, JsonNode> e = expected.next();
                    assertThat(bus.get(e.getKey()).asLong())
                            .as(e.getKey())
                            .isEqualTo(e.getValue().asLong());
                    labGarbage += e.getValue().asLong();
                }
                long dropped = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = bus.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    dropped += e.getKey().equals("curve-refused")
                            ? 0
                            : e.getValue().asLong();
                }
                assertThat(dropped).as(bus.toString()).isEqualTo(labGarbage);
                assertThat(Files.readString(curveLog)).doesNotContain("INSECURE");
            } finally {
                host.destroyForcibly();
            }
            JsonNode curveCapture = stopCapture(capture, curveStop);
            // 300 blocks of 4 x 10 int16 crossed the wire: at least that much ciphertext was seen.
            assertThat(curveCapture.get("tcpPayloadBytes").asLong()).isGreaterThanOrEqualTo(300 * 80);
            System.out.printf(
                    "CurveNetnsIT: lab received %d blocks; curve-refused %d; CURVE capture %d TCP payload bytes%n",
                    labBlocks, refused, curveCapture.get("tcpPayloadBytes").asLong());
            String wire = Files.readString(curveWire, StandardCharsets.ISO_8859_1);
            for (String text : PLAINTEXT) {
                assertThat(wire).as("CURVE capture").doesNotContain(text);
            }

            // --insecure: plaintext off loopback, on the status line and on the wire.
            Path plainWire = tmp.resolve("wire-plain.bin");
            Path plainStop = tmp.resolve("wire-plain.stop");
            Process plainCapture = capture(net, plainWire, plainStop);
            Path plainLog = tmp.resolve("plain.log");
            Path plainSummary = tmp.resolve("plain-summary.json");
            Process plainHost = neurorig(
                    plainLog,
                    conf,
                    subscribe,
                    publish,
                    "run",
                    pipeline.toString(),
                    "--no-web",
                    "--insecure",
                    "--summary",
                    plainSummary.toString());
            try {
                awaitLog(plainLog, plainHost, "INSECURE bus");
                Process plainSub = inNs(net, subscriber(subscribe, 100, 30, null, null));
                JsonNode plainGot = lastJson(plainSub, 60);
                assertThat(plainSub.exitValue()).as(plainGot.toString()).isZero();
                assertThat(plainGot.get("blocks").asLong()).isGreaterThanOrEqualTo(100);
                stop(plainHost, plainSummary);
            } finally {
                plainHost.destroyForcibly();
            }
            stopCapture(plainCapture, plainStop);
            String plainWireText = Files.readString(plainWire, StandardCharsets.ISO_8859_1);
            System.out.printf("CurveNetnsIT: --insecure capture %d TCP payload bytes%n", plainWireText.length());
            for (String text : PLAINTEXT) {
                assertThat(plainWireText).as("plaintext capture").contains(text);
            }
        }
    }

    /** {@code neurorig keys}: the pair in conf/keys, owner-only secret; a second call needs --force. */
    private String makeKeys(Path conf) throws Exception {
        Path log = tmp.resolve("keys.log");
        Process keys = neurorig(log, conf, null, null, "keys", "--name", "acq");
        assertThat(keys.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(keys.exitValue()).as(out).isZero();
        String pub = Files.readString(conf.resolve("keys/host.pub")).strip();
        assertThat(out).contains("public key: " + pub).contains("conf/keys/allowed/acq.pub");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve("keys/host.secret"))))
                .isEqualTo("rw-------");
        Path again = tmp.resolve("keys-again.log");
        Process twice = neurorig(again, conf, null, null, "keys");
        assertThat(twice.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(twice.exitValue()).isEqualTo(1);
        assertThat(Files.readString(again)).contains("--force");
        assertThat(Files.readString(conf.resolve("keys/host.pub")).strip()).isEqualTo(pub);
        return pub;
    }

    private Process neurorig(Path log, Path conf, String subscribe, String publish, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist.resolve("bin/neurorig").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        String opts = "-Xmx512m -Dneurorig.conf=" + conf;
        if (subscribe != null) {
            opts += " -Dneurorig.bus.subscribe=" + subscribe + " -Dneurorig.bus.publish=" + publish;
        }
        pb.environment().put("NEURORIG_JAVA_OPTS", opts);
        pb.environment().put("NEURORIG_LOG_DIR", tmp.resolve("logs").toString());
        return pb.start();
    }

    /** Waits until the host's console shows {@code text}; fails with the log when it exits first. */
    private static void awaitLog(Path log, Process host, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains(text)) {
            if (!host.isAlive() || System.nanoTime() > deadline) {
                fail("host never printed '" + text + "' (alive: " + host.isAlive() + "):\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    /** Stops the host as Ctrl-C would and reads its summary. */
    private static JsonNode stop(Process host, Path summary) throws Exception {
        host.destroy(); // SIGTERM: the host drains and writes its summary
        assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return RigFixture.readJson(summary);
    }

    private List<String> subscriber(
            String endpoint, int blocks, int seconds, String hostKey, ZMQ.Curve.KeyPair client) {
        List<String> cmd = new ArrayList<>(List.of(
                PYTHON.toString(),
                scripts.resolve("bus_subscribe_check.py").toString(),
                "--endpoint",
                endpoint,
                "--topic",
                "amp.out",
                "--blocks",
                String.valueOf(blocks),
                "--seconds",
                String.valueOf(seconds),
                "--expect",
                "sine",
                "--amplitude",
                "1000",
                "--frequency",
                "10"));
        addKeys(cmd, hostKey, client);
        return cmd;
    }

    private List<String> garbage(String endpoint, String hostKey, ZMQ.Curve.KeyPair client) {
        List<String> cmd = new ArrayList<>(List.of(
                PYTHON.toString(),
                scripts.resolve("bus_publish_garbage.py").toString(),
                "--endpoint",
                endpoint,
                "--count",
                "5"));
        addKeys(cmd, hostKey, client);
        return cmd;
    }

    private static void addKeys(List<String> cmd, String hostKey, ZMQ.Curve.KeyPair client) {
        if (client != null) {
            cmd.addAll(List.of(
                    "--server-key", hostKey, "--public-key", client.publicKey, "--secret-key", client.secretKey));
        }
    }

    private static Process inNs(VethPair net, List<String> cmd) throws IOException {
        return new ProcessBuilder(net.inside(cmd)).redirectErrorStream(true).start();
    }

    /** The last line of a process's output as JSON, once it has ended. */
    private static JsonNode lastJson(Process p, int seconds) throws Exception {
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return RigFixture.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            throw new AssertionError("not JSON at the end of:\n" + out, e);
        }
    }

    /** Captures the veth's TCP payloads from the root side; returns once capturing. */
    private Process capture(VethPair net, Path out, Path stop) throws IOException {
        Process p = new ProcessBuilder(
                        PYTHON.toString(),
                        scripts.resolve("wire_capture.py").toString(),
                        "--iface",
                        net.rootSide,
                        "--out",
                        out.toString(),
                        "--seconds",
                        "300",
                        "--stop",
                        stop.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready = r.readLine();
        assertThat(ready).as("the capture starts").isEqualTo("{\"ready\": true}");
        return p;
    }

    private static JsonNode stopCapture(Process capture, Path stop) throws Exception {
        Files.writeString(stop, "");
        return lastJson(capture, 30);
    }

    /** Null when python3-zmq, python3-numpy and the ip command are there, else what is missing. */
    private static String missingPrerequisite() {
        try {
            if (!Files.isExecutable(PYTHON)
                    || new ProcessBuilder(PYTHON.toString(), "-c", "import zmq, numpy; assert zmq.has('curve')")
                                    .start()
                                    .waitFor()
                            != 0) {
                return "needs Debian python3-zmq (with CURVE) and python3-numpy";
            }
            if (new ProcessBuilder("ip", "-V").start().waitFor() != 0) {
                return "needs the ip command (iproute2)";
            }
            return null;
        } catch (IOException e) {
            return "needs the ip command (iproute2) and python3: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
