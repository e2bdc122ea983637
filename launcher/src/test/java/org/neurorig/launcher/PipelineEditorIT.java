package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's pipeline editor against a real host (issue 14, docs/API.md): the validate endpoint
 * places each planted error at its line and column; saved pipelines go to conf/pipelines/ and come
 * back, and an invalid one is refused with nothing written; a changed sink key is applied live (the
 * source is not restarted), a changed source shape restarts; beyond loopback validating needs no
 * token and saving does; and the editor in headless Chromium
 * marks a planted error at its line as it is typed (screenshot: target/pipeline-editor.png) and
 * applies the fixed file live.
 */
class PipelineEditorIT {
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base;

    /** Two planted errors: line 4 names an unknown type, line 5 an unknown key of a known type. */
    static final String PLANTED =
            """
            name: editor
            nodes:
              amp:   { type: sim.sine, config: { channels: 4, rate: 30000, blockSamples: 30 } }
              count: { type: sink.cuont, in: amp }
              other: { type: sink.count, in: amp, config: { hsah: true } }
            """;

    /** A source and two counters writing to {@code dir}; {@code hash} is the second one's key. */
    static String live(Path dir, int channels, boolean hash) {
        return """
                name: editor
                nodes:
                  amp:   { type: sim.sine, config: { channels: %d, rate: 30000, blockSamples: 30 } }
                  keep:  { type: sink.count, in: amp, config: { file: "%s" } }
                  tally: { type: sink.count, in: amp, config: { file: "%s", hash: %s } }
                """
                .formatted(channels, dir.resolve("keep.json"), dir.resolve("tally.json"), hash);
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return RigFixture.JSON.readTree(r.body());
    }

    /** The two planted errors, each as {line, column} with its message naming what is wrong. */
    static void assertPlanted(JsonNode errors) {
        assertThat(errors).hasSize(2);
        // "  count: { type: " is 17 characters: the type's value starts at column 18
        assertThat(errors.get(0).get("line").asInt()).isEqualTo(4);
        assertThat(errors.get(0).get("column").asInt()).isEqualTo(18);
        assertThat(errors.get(0).get("message").asText()).contains("sink.cuont");
        // "  other: { type: sink.count, in: amp, config: { " is 48 characters: the key starts at 49
        assertThat(errors.get(1).get("line").asInt()).isEqualTo(5);
        assertThat(errors.get(1).get("column").asInt()).isEqualTo(49);
        assertThat(errors.get(1).get("message").asText()).contains("hsah");
    }

    @Test
    void validateSaveAndApplyLive(@TempDir Path tmp) throws Exception {
        int port = RigFixture.freePort();
        base = "http://127.0.0.1:" + port;
        try (RigFixture rig = WebApiIT.webHost(tmp, port)) {
            Path home = rig.host.home();
            Path data = home.resolve("data");
            Files.createDirectories(data);

            // validate: every planted error at its place; a valid text is valid; nothing is loaded
            JsonNode v = json(send("POST", "/api/pipeline/validate", PLANTED), 200);
            assertThat(v.get("valid").asBoolean()).isFalse();
            assertPlanted(v.get("errors"));
            JsonNode ok = json(send("POST", "/api/pipeline/validate", live(data, 4, false)), 200);
            assertThat(ok.get("valid").asBoolean()).as(ok.toString()).isTrue();
            assertThat(ok.get("errors")).isEmpty();
            assertThat(send("GET", "/api/pipeline", null).statusCode()).isEqualTo(404);
            assertThat(send("GET", "/api/pipeline/validate", null).statusCode()).isEqualTo(405);

            // saved pipelines: none, then a round trip
            assertThat(json(send("GET", "/api/pipelines", null), 200).get("pipelines"))
                    .isEmpty();
            String text = live(data, 4, false);
            json(send("PUT", "/api/pipelines/rig-a.yaml", text), 200);
            assertThat(json(send("GET", "/api/pipelines", null), 200)
                            .get("pipelines")
                            .toString())
                    .isEqualTo("[\"rig-a.yaml\"]");
            HttpResponse<String> got = send("GET", "/api/pipelines/rig-a.yaml", null);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(text);
            Path saved = home.resolve("conf/pipelines/rig-a.yaml");
            assertThat(Files.readString(saved)).isEqualTo(text);
            // an invalid file is refused with its errors; nothing is written, nothing replaced
            JsonNode refused = json(send("PUT", "/api/pipelines/broken.yaml", PLANTED), 400);
            assertThat(refused.get("error").asText()).isEqualTo("invalid pipeline");
            assertPlanted(refused.get("issues"));
            assertThat(home.resolve("conf/pipelines/broken.yaml")).doesNotExist();
            json(send("PUT", "/api/pipelines/rig-a.yaml", PLANTED), 400);
            assertThat(Files.readString(saved)).isEqualTo(text);
            try (var files = Files.list(home.resolve("conf/pipelines"))) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("rig-a.yaml");
            }
            // names that are not plain .yaml file names
            for (String bad : new String[] {"rig-a.txt", ".rig.yaml", "a%20b.yaml"}) {
                assertThat(json(send("PUT", "/api/pipelines/" + bad, text), 400)
                                .get("error")
                                .asText())
                        .as(bad)
                        .isEqualTo("bad pipeline name");
            }
            json(send("GET", "/api/pipelines/none.yaml", null), 404);

            // loaded while idle, then running
            assertThat(json(send("PUT", "/api/pipeline", text), 200)
                            .get("applied")
                            .asText())
                    .isEqualTo("loaded");
            json(send("PUT", "/api/status", "{\"mode\":\"ACQUIRE\"}"), 200);
            Path keep = data.resolve("keep.json");
            Path tally = data.resolve("tally.json");
            long before = RigFixture.awaitJson(keep, j -> blocks(j) > 100, 20_000)
                    .path("amp.out")
                    .path("blocks")
                    .asLong();

            // a sink's key changed: applied live; the source goes on (its samples are not counted from 0 again)
            JsonNode applied = json(send("PUT", "/api/pipeline", live(data, 4, true)), 200);
            assertThat(applied.get("applied").asText()).as(applied.toString()).isEqualTo("live");
            assertThat(applied.get("mode").asText()).isEqualTo("ACQUIRE");
            assertThat(applied.get("changes").get("keys").toString())
                    .isEqualTo("[{\"node\":\"tally\",\"key\":\"hash\",\"from\":false,\"to\":true}]");
            assertThat(applied.get("changes").get("added")).isEmpty();
            assertThat(applied.get("changes").get("removed")).isEmpty();
            // the swapped counter (it hashes now) first saw a sample far past 0: the source was not restarted
            JsonNode swapped = RigFixture.awaitJson(
                    tally, j -> !j.path("amp.out").path("hash").isNull(), 20_000);
            assertThat(swapped.path("amp.out").path("firstSample").asLong())
                    .as("first sample the re-created counter saw (30 per block)")
                    .isGreaterThanOrEqualTo(before * 30);
            // the untouched counter kept counting the same run: more blocks, from sample 0, no gap
            JsonNode kept = RigFixture.awaitJson(keep, j -> blocks(j) > before + 100, 20_000);
            assertThat(kept.path("amp.out").path("firstSample").asLong()).isZero();
            assertThat(kept.path("amp.out").path("seqGaps").asLong()).isZero();

            // the source's stream changes shape: the rig restarts with it
            JsonNode restarted = json(send("PUT", "/api/pipeline", live(data, 8, true)), 200);
            assertThat(restarted.get("applied").asText()).isEqualTo("restart");
            assertThat(restarted.get("changes").get("keys").toString())
                    .isEqualTo("[{\"node\":\"amp\",\"key\":\"channels\",\"from\":4,\"to\":8}]");
            assertThat(json(send("GET", "/api/status", null), 200).get("mode").asText())
                    .isEqualTo("ACQUIRE");
            json(send("PUT", "/api/status", "{\"mode\":\"IDLE\"}"), 200);
        }
    }

    @Test
    void theEditorMarksAPlantedErrorAndAppliesTheFixedFileLive(@TempDir Path tmp) throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(
                ci || Files.isExecutable(WebPageIT.CHROMIUM),
                "Debian chromium is not installed (apt-get install chromium)");
        int port = RigFixture.freePort();
        base = "http://127.0.0.1:" + port;
        try (RigFixture rig = WebApiIT.webHost(tmp, port)) {
            Path data = rig.host.home().resolve("data");
            Files.createDirectories(data);
            json(send("PUT", "/api/pipeline", live(data, 4, false)), 200);
            json(send("PUT", "/api/status", "{\"mode\":\"ACQUIRE\"}"), 200);
            Path keep = data.resolve("keep.json");
            RigFixture.awaitJson(keep, j -> blocks(j) > 100, 20_000);
            Process chrome = WebPageIT.chromium(tmp);
            try (WebPageIT.Cdp page = WebPageIT.Cdp.open(http, tmp.resolve("chrome"))) {
                page.call("Page.enable", null);
                page.call("Page.navigate", RigFixture.JSON.createObjectNode().put("url", base + "/"));
                // the page opens with the loaded pipeline's text in the editor, checked valid
                WebPageIT.await(
                        page,
                        "document.getElementById('editor-text') !== null && "
                                + "document.getElementById('editor-text').value.startsWith('name: editor') && "
                                + "document.getElementById('editor-state').textContent === 'valid'",
                        30_000);

                // typed (real key input through DevTools): the planted error is marked at line 4, column 18
                type(page, PLANTED);
                WebPageIT.await(
                        page,
                        "document.querySelector('#editor-gutter div[data-line=\"4\"].err') !== null && "
                                + "document.querySelector('#editor-marks span[data-line=\"4\"][data-column=\"18\"]') !== null",
                        20_000);
                assertThat(page.eval("document.getElementById('editor-state').textContent")
                                .asText())
                        .isEqualTo("2 errors");
                assertThat(page.eval("[...document.querySelectorAll('#editor-errors li')].map(l => l.textContent)"
                                        + ".join('\\n')")
                                .asText())
                        .startsWith("4:18 unknown type 'sink.cuont'")
                        .contains("\n5:49 ");
                assertThat(page.eval("document.querySelector('#editor-gutter div[data-line=\"3\"]').className")
                                .asText())
                        .as("a line without an error has no mark")
                        .isEmpty();
                page.eval("document.getElementById('editor-box').scrollIntoView()");
                Files.createDirectories(Path.of("target"));
                Files.write(Path.of("target/pipeline-editor.png"), page.screenshot());
                // clicking the second error puts the caret at line 5, column 49
                page.eval("document.querySelectorAll('#editor-errors li')[1].click()");
                int offset = PLANTED.indexOf("hsah");
                assertThat(page.eval("document.getElementById('editor-text').selectionStart")
                                .asInt())
                        .isEqualTo(offset);

                // fixed: valid again, no mark; Apply changes the counter's key live
                type(page, live(data, 4, true));
                WebPageIT.await(
                        page,
                        "document.getElementById('editor-state').textContent === 'valid' && "
                                + "document.querySelectorAll('#editor-gutter .err, #editor-marks span').length === 0",
                        20_000);
                page.eval("document.getElementById('editor-apply').click()");
                WebPageIT.await(page, "document.getElementById('editor-result').dataset.applied === 'live'", 20_000);
                assertThat(page.eval("document.getElementById('editor-result').textContent")
                                .asText())
                        .startsWith("applied live: pipeline editor, ACQUIRE")
                        .contains("tally.hash: false → true");
            } finally {
                chrome.destroy();
                chrome.waitFor(10, TimeUnit.SECONDS);
            }
            // the rig runs the new configuration
            assertThat(json(send("GET", "/api/processors/tally/parameters/hash", null), 200)
                            .get("value")
                            .asBoolean())
                    .isTrue();
            JsonNode swapped = RigFixture.awaitJson(
                    data.resolve("tally.json"),
                    j -> !j.path("amp.out").path("hash").isNull(),
                    20_000);
            assertThat(swapped.path("amp.out").path("firstSample").asLong()).isPositive();
            json(send("PUT", "/api/status", "{\"mode\":\"IDLE\"}"), 200);
        }
    }

    @Test
    void beyondLoopbackValidatingNeedsNoTokenSavingDoes(@TempDir Path tmp) throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path pipeline = rig.write("token.yaml", WebApiIT.DEMO);
            int port = RigFixture.freePort();
            base = "http://127.0.0.1:" + port;
            rig.runAsync(
                    pipeline.toString(),
                    "--duration",
                    "30",
                    "--port",
                    String.valueOf(port),
                    "--host",
                    "0.0.0.0",
                    "--quiet");
            WebApiIT.awaitUp(http, base);
            Path conf = rig.host.home().resolve("conf");
            String token = Files.readString(conf.resolve("web-token")).trim();
            // a check changes nothing: no token needed, as for a read
            assertPlanted(
                    json(send("POST", "/api/pipeline/validate", PLANTED), 200).get("errors"));
            assertThat(json(send("GET", "/api/pipelines", null), 200).get("pipelines"))
                    .isEmpty();
            // but another site's page may not use it (a POST: the Origin rule)
            HttpResponse<String> foreign = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/pipeline/validate"))
                            .header("Origin", "http://evil.example")
                            .POST(HttpRequest.BodyPublishers.ofString(PLANTED))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.statusCode()).isEqualTo(403);
            // saving is a change: 401 and nothing written without the token, saved with it
            assertThat(send("PUT", "/api/pipelines/a.yaml", WebApiIT.DEMO).statusCode())
                    .isEqualTo(401);
            assertThat(conf.resolve("pipelines/a.yaml")).doesNotExist();
            HttpResponse<String> withToken = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/pipelines/a.yaml"))
                            .header("Authorization", "Bearer " + token)
                            .PUT(HttpRequest.BodyPublishers.ofString(WebApiIT.DEMO))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
            assertThat(Files.readString(conf.resolve("pipelines/a.yaml"))).isEqualTo(WebApiIT.DEMO);
        }
    }

    /** Replaces the editor's text as typing would: select all, then insert the text through DevTools. */
    static void type(WebPageIT.Cdp page, String text) throws Exception {
        page.eval("(() => { const t = document.getElementById('editor-text'); t.focus(); t.select(); })()");
        page.call("Input.insertText", RigFixture.JSON.createObjectNode().put("text", text));
    }

    private static long blocks(JsonNode counts) {
        return counts.path("amp.out").path("blocks").asLong();
    }
}
