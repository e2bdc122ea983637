package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API against a real host (docs/API.md): every endpoint, its Open Ephys shape, and its
 * error answers — 4xx JSON {"error", "detail"} that change nothing.
 */
class WebApiIT {
    static final String DEMO =
            """
            name: webdemo
            nodes:
              amp:   { type: sim.sine, config: { channels: 4, rate: 30000, blockSamples: 30, amplitude: 100, frequency: 10 } }
              gain:  { type: gain.scale, in: amp, config: { gain: 2.0 } }
              count: { type: sink.count, in: [gain] }
            """;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base;

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode j = RigFixture.JSON.readTree(r.body());
        if (status >= 400) {
            assertThat(j.get("error").asText()).isNotBlank();
            assertThat(j.get("detail").asText()).isNotBlank().doesNotContain("\tat ");
        }
        return j;
    }

    /**
     * A host whose web server is on at {@code port} from the start (framework properties fall back to
     * system properties; they are cleared once the server answers, so later tests' hosts stay dark).
     */
    static RigFixture webHost(Path tmp, int port) throws Exception {
        System.setProperty("neurorig.web.enabled", "true");
        System.setProperty("neurorig.web.port", String.valueOf(port));
        try {
            RigFixture rig = new RigFixture(tmp);
            awaitUp(HttpClient.newHttpClient(), "http://127.0.0.1:" + port);
            return rig;
        } finally {
            System.clearProperty("neurorig.web.enabled");
            System.clearProperty("neurorig.web.port");
        }
    }

    /** Polls {@code condition} until it holds, failing after {@code millis} with {@code what}. */
    static void awaitTrue(String what, long millis, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.call()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static void awaitUp(HttpClient http, String base) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                HttpRequest r =
                        HttpRequest.newBuilder(URI.create(base + "/api/status")).build();
                if (http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            assertThat(System.currentTimeMillis())
                    .as("web server did not come up at " + base)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void everyEndpointAndItsErrors(@TempDir Path tmp) throws Exception {
        int port = RigFixture.freePort();
        base = "http://127.0.0.1:" + port;
        try (RigFixture rig = webHost(tmp, port)) {
            // idle, nothing loaded
            assertThat(json(send("GET", "/api/status", null), 200).get("mode").asText())
                    .isEqualTo("IDLE");
            json(send("GET", "/api/pipeline", null), 404);
            assertThat(json(send("PUT", "/api/status", "{\"mode\":\"ACQUIRE\"}"), 409)
                            .get("error")
                            .asText())
                    .isEqualTo("no pipeline");
            // load (validated) while idle, then start as Open Ephys clients do (JSON body, no content type)
            JsonNode bad = json(send("PUT", "/api/pipeline", "name: x\nnodes:\n  a: { type: no.such }\n"), 400);
            assertThat(bad.get("errors").get(0).asText()).contains("no.such");
            assertThat(json(send("PUT", "/api/pipeline", DEMO), 200).get("mode").asText())
                    .isEqualTo("IDLE");
            assertThat(send("GET", "/api/pipeline", null).body()).isEqualTo(DEMO);
            assertThat(json(send("PUT", "/api/status", "{\"mode\":\"ACQUIRE\"}"), 200)
                            .get("mode")
                            .asText())
                    .isEqualTo("ACQUIRE");
            assertThat(json(send("GET", "/api/status", null), 200).get("mode").asText())
                    .isEqualTo("ACQUIRE");
            json(send("PUT", "/api/status", "{\"mode\":\"PAUSE\"}"), 400);
            json(send("PUT", "/api/status", "{mode"), 400);
            json(send("PUT", "/api/status", ""), 400);
            // RECORD while acquiring: a recorder joins the running pipeline; ACQUIRE makes it leave
            // inside the distribution's recordings/, where the API may point a recording (WebSecurityIT)
            Path recordings = rig.host.home().resolve("recordings").resolve("web");
            json(
                    send(
                            "PUT",
                            "/api/recording",
                            "{\"parent_directory\": \"" + recordings.toString().replace("\\", "/") + "\"}"),
                    200);
            assertThat(json(send("PUT", "/api/status", "{\"mode\":\"RECORD\"}"), 200)
                            .get("mode")
                            .asText())
                    .isEqualTo("RECORD");
            assertThat(json(send("GET", "/api/status", null), 200).get("mode").asText())
                    .isEqualTo("RECORD");
            // the recorder has joined once it writes samples
            awaitTrue("a non-empty continuous.dat under " + recordings, 20_000, () -> {
                if (!java.nio.file.Files.isDirectory(recordings)) {
                    return false;
                }
                try (var files = java.nio.file.Files.walk(recordings)) {
                    return files.anyMatch(f -> f.getFileName().toString().equals("continuous.dat")
                            && f.toFile().length() > 0);
                }
            });
            assertThat(json(send("PUT", "/api/status", "{\"mode\":\"ACQUIRE\"}"), 200)
                            .get("mode")
                            .asText())
                    .isEqualTo("ACQUIRE");
            try (var files = java.nio.file.Files.walk(recordings)) {
                assertThat(files.filter(f -> f.getFileName().toString().equals("continuous.dat"))
                                .count())
                        .isPositive();
            }

            // processors: Open Ephys ids from 100, names, status
            JsonNode procs = json(send("GET", "/api/processors", null), 200).get("processors");
            assertThat(procs).hasSize(3);
            assertThat(procs.get(1).get("id").asInt()).isEqualTo(101);
            assertThat(procs.get(1).get("name").asText()).isEqualTo("gain");
            JsonNode gain = json(send("GET", "/api/processors/101", null), 200);
            assertThat(gain.get("type").asText()).isEqualTo("gain.scale");
            assertThat(json(send("GET", "/api/processors/gain/parameters", null), 200)
                            .get("parameters")
                            .toString())
                    .contains("\"name\":\"gain\"");
            assertThat(json(send("GET", "/api/processors/101/parameters/gain", null), 200)
                            .get("value")
                            .asDouble())
                    .isEqualTo(2.0);
            assertThat(json(send("PUT", "/api/processors/101/parameters/gain", "{\"value\": 3.5}"), 200)
                            .get("value")
                            .asDouble())
                    .isEqualTo(3.5);
            // the Open Ephys per-stream form addresses the same key
            assertThat(json(send("PUT", "/api/processors/101/streams/0/parameters/gain", "{\"value\": 4.0}"), 200)
                            .get("value")
                            .asDouble())
                    .isEqualTo(4.0);
            json(send("PUT", "/api/processors/101/parameters/gain", "{\"value\": \"loud\"}"), 400);
            json(send("PUT", "/api/processors/101/parameters/gain", "{}"), 400);
            assertThat(json(send("GET", "/api/processors/101/parameters/gain", null), 200)
                            .get("value")
                            .asDouble())
                    .isEqualTo(4.0);
            json(send("GET", "/api/processors/101/parameters/volume", null), 404);
            json(send("GET", "/api/processors/199", null), 404);
            json(send("GET", "/api/processors/nope", null), 404);

            // recording and messages
            JsonNode rec = json(send("GET", "/api/recording", null), 200);
            assertThat(rec.has("parent_directory")).isTrue();
            assertThat(json(send("PUT", "/api/recording", "{\"base_text\":\"mouse1\"}"), 200)
                            .get("base_text")
                            .asText())
                    .isEqualTo("mouse1");
            json(send("PUT", "/api/recording", "{\"colour\":\"red\"}"), 400);
            json(send("PUT", "/api/recording", "{\"base_text\":3}"), 400);
            assertThat(json(send("PUT", "/api/message", "{\"text\":\"stimulus on\"}"), 200)
                            .get("text")
                            .asText())
                    .isEqualTo("stimulus on");
            json(send("PUT", "/api/message", "{\"txt\":\"x\"}"), 400);
            assertThat(json(send("GET", "/api/message", null), 200)
                            .get("messages")
                            .get(0)
                            .get("text")
                            .asText())
                    .isEqualTo("stimulus on");

            // streams and metrics move while acquiring: wait until the hop latency has been measured
            awaitTrue("amp.out with samples and a recent hop latency", 20_000, () -> {
                JsonNode s0 = json(send("GET", "/api/streams", null), 200)
                        .get("streams")
                        .get(0);
                return s0 != null
                        && s0.get("samples").asLong() > 0
                        && s0.get("recentHopP50Micros").asDouble() > 0
                        && s0.get("hopP99Micros").asDouble() > 0;
            });
            JsonNode streams = json(send("GET", "/api/streams", null), 200).get("streams");
            assertThat(streams).hasSize(2);
            assertThat(streams.get(0).get("name").asText()).isEqualTo("amp.out");
            assertThat(streams.get(0).get("samples").asLong()).isGreaterThan(0);
            assertThat(streams.get(0).get("sampleRate").asDouble()).isEqualTo(30000.0);
            // hop latency of amp.out at its consumer over the last 5-10 s: present and ordered
            double recent50 = streams.get(0).get("recentHopP50Micros").asDouble();
            assertThat(recent50).isPositive();
            assertThat(streams.get(0).get("recentHopP99Micros").asDouble()).isGreaterThanOrEqualTo(recent50);
            assertThat(streams.get(0).get("hopP99Micros").asDouble()).isPositive();
            HttpResponse<String> metrics = send("GET", "/api/metrics", null);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("# TYPE neurorig_stream_samples_total counter")
                    .containsPattern("neurorig_stream_samples_total\\{stream=\"amp.out\"\\} [1-9]")
                    .contains("neurorig_node_status{node=\"gain\",type=\"gain.scale\",status=\"OK\"} 1")
                    .contains("neurorig_acquiring 1")
                    .containsPattern(
                            "neurorig_stream_hop_latency_microseconds\\{stream=\"amp.out\",quantile=\"0.99\"\\} [1-9]");

            // bundles: list, refused uploads change nothing, a good one lands in deploy/ and installs
            JsonNode bundles = json(send("GET", "/api/bundles", null), 200).get("bundles");
            assertThat(bundles.toString()).contains("\"symbolicName\":\"org.neurorig.web\",\"version\"");
            // an upload needs the token even on loopback; the first attempt writes it (WebSecurityIT)
            json(send("POST", "/api/bundles?name=x.jar", "not a jar"), 401);
            String auth = "Bearer "
                    + Files.readString(rig.host.home().resolve("conf/web-token"))
                            .trim();
            json(send("POST", "/api/bundles?name=x.jar", "not a jar", "Authorization", auth), 400);
            json(send("POST", "/api/bundles?name=../evil.jar", "x", "Authorization", auth), 400);
            json(
                    send(
                            "POST",
                            "/api/bundles?name=plain.jar",
                            new String(jar(null), "ISO-8859-1"),
                            "Authorization",
                            auth),
                    400);
            try (var files = Files.list(rig.deploy())) {
                assertThat(files.toList()).isEmpty();
            }
            HttpResponse<String> up = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/bundles?name=uploaded.jar"))
                            .header("Content-Type", "application/java-archive")
                            .header("Authorization", auth)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(jar("test.uploaded")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(json(up, 201).get("symbolicName").asText()).isEqualTo("test.uploaded");
            assertThat(rig.deploy().resolve("uploaded.jar")).exists();
            long deadline = System.currentTimeMillis() + 15_000;
            while (!send("GET", "/api/bundles", null).body().contains("test.uploaded")) {
                assertThat(System.currentTimeMillis())
                        .as("uploaded bundle installed")
                        .isLessThan(deadline);
                Thread.sleep(200);
            }

            // a page of another site may not change anything; unknown paths and methods
            json(send("PUT", "/api/status", "{\"mode\":\"IDLE\"}", "Origin", "http://evil.example"), 403);
            assertThat(json(send("GET", "/api/status", null), 200).get("mode").asText())
                    .isEqualTo("ACQUIRE");
            json(send("GET", "/api/nothing", null), 404);
            json(send("DELETE", "/api/streams", null), 405);

            // replacing the running pipeline: invalid is refused and the old one keeps running
            json(send("PUT", "/api/pipeline", "name: broken\nnodes: [\n"), 400);
            assertThat(send("GET", "/api/pipeline", null).body()).isEqualTo(DEMO);
            String second = DEMO.replace("webdemo", "webdemo2").replace("gain: 2.0", "gain: 5.0");
            assertThat(json(send("PUT", "/api/pipeline", second), 200)
                            .get("name")
                            .asText())
                    .isEqualTo("webdemo2");
            assertThat(json(send("GET", "/api/processors/gain/parameters/gain", null), 200)
                            .get("value")
                            .asDouble())
                    .isEqualTo(5.0);

            // stop and start again
            assertThat(json(send("PUT", "/api/status", "{\"mode\":\"IDLE\"}"), 200)
                            .get("mode")
                            .asText())
                    .isEqualTo("IDLE");
            assertThat(json(send("GET", "/api/status", null), 200).get("mode").asText())
                    .isEqualTo("IDLE");
            assertThat(json(send("PUT", "/api/status", "{\"mode\":\"ACQUIRE\"}"), 200)
                            .get("mode")
                            .asText())
                    .isEqualTo("ACQUIRE");
            json(send("PUT", "/api/status", "{\"mode\":\"IDLE\"}"), 200);
        }
    }

    /** A jar with a manifest; with a symbolic name it is a (resource-only) bundle. */
    static byte[] jar(String symbolicName) throws Exception {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            mf.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
            mf.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
            mf.getMainAttributes().putValue("Bundle-Version", "1.2.3");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, mf)) {
            j.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
            j.write("hello".getBytes());
        }
        return out.toByteArray();
    }

    // ---- PUT /api/pipeline while running: the difference applied live ----

    private static String pipeline(Path a, Path b, double gain, boolean second) {
        return """
                name: live
                nodes:
                  amp:   { type: sim.sine, config: { channels: 4, rate: 30000, blockSamples: 30, amplitude: 100 } }
                  gain:  { type: gain.scale, in: amp, config: { gain: %s } }
                  first: { type: sink.count, in: gain, config: { file: "%s" } }
                """
                        .formatted(gain, a)
                + (second ? "  second: { type: sink.count, in: [amp, gain], config: { file: \"" + b + "\" } }\n" : "");
    }

    @Test
    void sinksComeAndGoAndKeysChangeWithoutRestarting(@TempDir Path tmp) throws Exception {
        int port = RigFixture.freePort();
        base = "http://127.0.0.1:" + port;
        // inside the distribution's data/ (the RigFixture's home), where the API may name files
        Path a = tmp.resolve("home/data/first.json");
        Path b = tmp.resolve("home/data/second.json");
        try (RigFixture rig = webHost(tmp, port)) {
            json(send("PUT", "/api/pipeline", pipeline(a, b, 1.0, false)), 200);
            json(send("PUT", "/api/status", "{\"mode\":\"ACQUIRE\"}"), 200);
            JsonNode before = RigFixture.awaitJson(
                    a,
                    j -> j.has("gain.out") && j.get("gain.out").get("samples").asLong() > 30_000,
                    10_000);

            // add a sink and change the gain: live
            json(send("PUT", "/api/pipeline", pipeline(a, b, 3.0, true)), 200);
            RigFixture.awaitJson(
                    b, j -> j.has("amp.out") && j.get("amp.out").get("samples").asLong() > 15_000, 10_000);
            JsonNode during =
                    RigFixture.awaitJson(a, j -> j.get("gain.out").get("max").asDouble() == 300, 10_000);
            // the first counter was never restarted: its count only grew, from sample 0, without a gap
            assertThat(during.get("gain.out").get("samples").asLong())
                    .isGreaterThan(before.get("gain.out").get("samples").asLong());
            assertThat(during.get("gain.out").get("firstSample").asLong()).isZero();
            assertThat(during.get("gain.out").get("sampleGaps").asLong()).isZero();
            assertThat(send("GET", "/api/pipeline", null).body()).contains("second:");

            // a bad value is refused before anything changes
            json(send("PUT", "/api/pipeline", pipeline(a, b, 5000, true)), 400);

            // remove the sink again: live
            json(send("PUT", "/api/pipeline", pipeline(a, b, 3.0, false)), 200);
            JsonNode second = RigFixture.readJson(b);
            long frozen = second.get("gain.out").get("samples").asLong();
            // while the remaining sink takes 1 s more of data (30,000 samples), the removed one gets nothing
            long now = RigFixture.readJson(a).get("gain.out").get("samples").asLong();
            RigFixture.awaitJson(a, j -> j.get("gain.out").get("samples").asLong() > now + 30_000, 20_000);
            assertThat(RigFixture.readJson(b).get("gain.out").get("samples").asLong())
                    .as("removed sink got nothing more")
                    .isEqualTo(frozen);
            JsonNode after = RigFixture.readJson(a).get("gain.out");
            assertThat(after.get("firstSample").asLong()).isZero();
            assertThat(after.get("seqGaps").asLong()).isZero();
            assertThat(after.get("sampleGaps").asLong()).isZero();

            json(send("PUT", "/api/status", "{\"mode\":\"IDLE\"}"), 200);
        }
    }
}
