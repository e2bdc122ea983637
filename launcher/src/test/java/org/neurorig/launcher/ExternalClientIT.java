package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients outside the JVM, written in Python from docs/WIRE.md alone: one subscribes and checks
 * sequence, samples and values; one publishes garbage at the host's publish port. The host rejects
 * and counts the garbage and its own streams stay exact.
 */
class ExternalClientIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    static boolean pythonWithZmq() {
        try {
            return Files.isExecutable(PYTHON)
                    && new ProcessBuilder(PYTHON.toString(), "-c", "import zmq, numpy")
                                    .start()
                                    .waitFor()
                            == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void pythonSubscriberAndGarbagePublisher() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (ci) {
            assertThat(pythonWithZmq())
                    .as("CI must install python3-zmq and python3-numpy")
                    .isTrue();
        } else {
            assumeTrue(pythonWithZmq(), "needs Debian python3-zmq and python3-numpy");
        }
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path pipeline = rig.write(
                    "ext.yaml",
                    """
                    name: ext-it
                    nodes:
                      amp:   { type: sim.sine, config: { channels: 16, rate: 30000, blockSamples: 30, amplitude: 1000, frequency: 10 } }
                      count: { type: sink.count, in: amp, config: { file: "%s" } }
                    """
                            .formatted(counts));
            Path summary = tmp.resolve("summary.json");
            int web = RigFixture.freePort();
            CompletableFuture<Integer> run = rig.runAsync(
                    pipeline.toString(),
                    "--duration",
                    "8",
                    "--summary",
                    summary.toString(),
                    "--quiet",
                    "--port",
                    String.valueOf(web));
            RigFixture.awaitJson(counts, j -> j.has("amp.out"), 10_000);
            Path scripts = rig.repo.resolve("framework/org.neurorig.bus/src/test/python");
            Process sub = python(
                    scripts.resolve("bus_subscribe_check.py"),
                    "--endpoint",
                    "tcp://127.0.0.1:" + rig.subscribePort,
                    "--topic",
                    "amp.out",
                    "--blocks",
                    "3000",
                    "--seconds",
                    "6",
                    "--expect",
                    "sine",
                    "--amplitude",
                    "1000",
                    "--frequency",
                    "10");
            // the garbage must arrive while the subscriber listens: wait until its subscription has reached
            // the proxy, which then forwards amp.out's blocks (1,000 a second; before, only descriptors)
            awaitForwarded("http://127.0.0.1:" + web + "/api/metrics", 200, 20_000);
            Process garbage = python(
                    scripts.resolve("bus_publish_garbage.py"),
                    "--endpoint",
                    "tcp://127.0.0.1:" + rig.publishPort,
                    "--count",
                    "20");
            assertThat(garbage.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String garbageOut = new String(garbage.getInputStream().readAllBytes());
            assertThat(garbage.exitValue()).as(garbageOut).isZero();
            assertThat(sub.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String subOut = new String(sub.getInputStream().readAllBytes()).trim();
            assertThat(sub.exitValue()).as(subOut).isZero();
            JsonNode s = RigFixture.JSON.readTree(subOut.substring(subOut.lastIndexOf('\n') + 1));
            assertThat(s.get("blocks").asLong()).isGreaterThanOrEqualTo(3000);
            assertThat(s.get("gaps").asLong()).isZero();
            assertThat(s.get("sampleGaps").asLong()).isZero();
            assertThat(s.get("valueErrors").asLong()).isZero();
            assertThat(s.get("descriptor").get("channelCount").asInt()).isEqualTo(16);

            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
            JsonNode c = RigFixture.readJson(counts).get("amp.out");
            assertThat(c.get("samples").asLong()).isEqualTo(240_000);
            assertThat(c.get("seqGaps").asLong()).isZero();
            JsonNode bus = RigFixture.readJson(summary).get("bus").get("malformed");
            long rejected = 0;
            for (JsonNode n : bus) {
                rejected += n.asLong();
            }
            assertThat(rejected).as("garbage rejected by the proxy: " + bus).isGreaterThanOrEqualTo(20);
        }
    }

    /** Polls the host's metrics until the bus proxy has forwarded at least {@code messages} messages. */
    private static void awaitForwarded(String metrics, long messages, long millis) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + millis;
        String last = "";
        while (true) {
            try {
                last = http.send(
                                HttpRequest.newBuilder(URI.create(metrics)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                for (String line : last.split("\n")) {
                    if (line.startsWith("neurorig_bus_forwarded_total ")
                            && Double.parseDouble(line.substring(line.indexOf(' ') + 1)
                                            .trim())
                                    >= messages) {
                        return;
                    }
                }
            } catch (IOException e) {
                last = e.toString(); // the web server may not be up yet
            }
            assertThat(System.currentTimeMillis())
                    .as("bus proxy forwarding %d messages; last metrics: %s", messages, last)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private Process python(Path script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
