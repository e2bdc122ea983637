package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that passed validation and failed later (issue 11, C.7): the installed node types' limits
 * and rules between keys are checked by {@code neurorig validate} with the position of the key at
 * fault, and by a live change through the API before it answers.
 */
class ValidationIT {
    private final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    /** Runs the distribution's {@code bin/neurorig validate FILE}; answers its exit code and output. */
    private Object[] validate(Path file) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/neurorig").toString(), "validate", file.toString())
                .redirectErrorStream(true);
        pb.environment()
                .put(
                        "NEURORIG_JAVA_OPTS",
                        "-Xmx512m -Dneurorig.bus.subscribe=tcp://127.0.0.1:" + RigFixture.freePort()
                                + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + RigFixture.freePort());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        return new Object[] {p.exitValue(), out};
    }

    @Test
    void validateRefusesEachValueThatFailedLaterWithItsPosition() throws Exception {
        record Case(String name, String yaml, String error) {}
        List<Case> cases = List.of(
                new Case(
                        "bandpass-order.yaml",
                        """
                        nodes:
                          sig: { type: sim.sine }
                          bp:
                            type: filter.bandpass
                            in: sig
                            config: { lowHz: 7000, highHz: 6000 }
                        """,
                        ":6:22: node 'bp' (type 'filter.bandpass') needs lowHz < highHz, got lowHz = 7000,"
                                + " highHz = 6000"),
                new Case(
                        "nyquist.yaml",
                        """
                        nodes:
                          sig: { type: sim.sine, config: { rate: 10000 } }
                          bp:
                            type: filter.bandpass
                            in: sig
                            config: { highHz: 6000 }
                        """,
                        ":6:23: node 'bp' (type 'filter.bandpass') needs highHz < input.rate / 2, got"
                                + " highHz = 6000, input.rate = 10000 (the rate of 'sig.out')"),
                new Case(
                        "rate-zero.yaml",
                        """
                        nodes:
                          sig: { type: sim.sine, config: { rate: 0 } }
                          count: { type: sink.count, in: sig }
                        """,
                        ":2:42: value 0 for 'rate' is out of range: expected 0.01..1000000"),
                new Case(
                        "rate-huge.yaml",
                        """
                        nodes:
                          sig: { type: sim.sine, config: { rate: 1e15 } }
                          count: { type: sink.count, in: sig }
                        """,
                        ":2:42: value 1e15 for 'rate' is out of range: expected 0.01..1000000"),
                new Case(
                        "block-overflow.yaml",
                        """
                        nodes:
                          sig:
                            type: sim.sine
                            config:
                              blockSamples: 2147483647
                          count: { type: sink.count, in: sig }
                        """,
                        ":5:21: value 2147483647 for 'blockSamples' is out of range: expected 1..65536"),
                // the declared input count (@NodeType maxInputs = 1): the old code accepted this file
                // and the node failed in prepare once running
                new Case(
                        "two-inputs.yaml",
                        """
                        nodes:
                          sig: { type: sim.sine }
                          g: { type: gain.scale, in: [sig, sig] }
                        """,
                        ":3:26: node 'g' has 2 inputs but type 'gain.scale' takes one input"));
        List<String> problems = new ArrayList<>();
        for (Case c : cases) {
            Path file = tmp.resolve(c.name());
            Files.writeString(file, c.yaml());
            Object[] result = validate(file);
            String out = (String) result[1];
            if (!result[0].equals(2) || !out.contains(file + c.error()) || out.contains("\tat ")) {
                problems.add(
                        c.name() + ": exit " + result[0] + ", expected 2 and '" + file + c.error() + "'; got:\n" + out);
            }
        }
        assertThat(problems).isEmpty();
    }

    private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return RigFixture.JSON.readTree(r.body());
    }

    @Test
    void aLiveChangeOfASourcesShapeIsRefusedAndTheStreamRunsOn() throws Exception {
        int port = RigFixture.freePort();
        String base = "http://127.0.0.1:" + port;
        try (RigFixture rig = WebApiIT.webHost(tmp, port)) {
            // in the distribution's data/, where the API lets a node write
            Path counts = rig.host.home().resolve("data").resolve("live-shape.json");
            Files.createDirectories(counts.getParent());
            json(
                    send(
                            base,
                            "PUT",
                            "/api/pipeline",
                            """
                    name: live-shape
                    nodes:
                      amp:   { type: sim.sine, config: { channels: 4, rate: 30000, blockSamples: 30 } }
                      count: { type: sink.count, in: amp, config: { file: "%s" } }
                    """
                                    .formatted(counts.toString().replace("\\", "/"))),
                    200);
            json(send(base, "PUT", "/api/status", "{\"mode\":\"ACQUIRE\"}"), 200);
            long before = RigFixture.awaitJson(
                            counts,
                            j -> j.has("amp.out")
                                    && j.get("amp.out").get("samples").asLong() >= 30_000,
                            20_000)
                    .get("amp.out")
                    .get("samples")
                    .asLong();

            JsonNode wider =
                    json(send(base, "PUT", "/api/processors/amp/parameters/channels", "{\"value\": 4096}"), 400);
            assertThat(wider.get("detail").asText())
                    .isEqualTo("'channels' of node 'amp' sets the shape of amp.out"
                            + " (type 'sim.sine') and cannot change while the pipeline runs; change it in the pipeline file"
                            + " and load that (the pipeline restarts); nothing changed");
            JsonNode faster = json(send(base, "PUT", "/api/processors/amp/parameters/rate", "{\"value\": 1e15}"), 400);
            assertThat(faster.get("detail").asText())
                    .contains("'rate' of node 'amp'")
                    .contains("1000000");
            assertThat(json(send(base, "GET", "/api/processors/amp/parameters/channels", null), 200)
                            .get("value")
                            .asInt())
                    .isEqualTo(4);

            // the stream keeps its shape and runs on without a gap; the source is still OK
            RigFixture.awaitJson(counts, j -> j.get("amp.out").get("samples").asLong() >= before + 60_000, 20_000);
            JsonNode c = RigFixture.readJson(counts).get("amp.out");
            assertThat(c.get("seqGaps").asLong()).isZero();
            assertThat(c.get("sampleGaps").asLong()).isZero();
            assertThat(c.get("firstSample").asLong()).isZero();
            assertThat(c.get("endSample").asLong()).isEqualTo(c.get("samples").asLong());
            JsonNode stream = null;
            for (JsonNode s : json(send(base, "GET", "/api/streams", null), 200).get("streams")) {
                if (s.get("name").asText().equals("amp.out")) {
                    stream = s;
                }
            }
            assertThat(stream).as("amp.out in /api/streams").isNotNull();
            assertThat(stream.get("kind").asText()).isEqualTo("CONTINUOUS_I16");
            assertThat(stream.get("sampleRate").asDouble()).isEqualTo(30000.0);
            JsonNode amp = json(send(base, "GET", "/api/processors/amp", null), 200);
            assertThat(amp.get("status").asText()).as(amp.toString()).isEqualTo("OK");
            assertThat(amp.get("errors").asLong()).isZero();
        }
    }
}
