package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * launcher/examples/views.yaml in a real host with the web server on a free port: a client of
 * {@code /api/live} (Server-Sent Events) receives heatmap frames of 100,000 neurons pooled into 1,000
 * rows, trajectory frames of decoded and true pen positions and model frames (R² per set, d'
 * histogram, neurons per best set with each neuron's best R², the coding-direction projection live
 * and per trial) with the expected shapes and values; with Debian Chromium installed, the page draws
 * the panels, shows the counts per best set of the frame it drew, its projection trace moves, and a
 * screenshot is saved to target/web-views.png.
 */
class WebViewsIT {
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void heatmapTrajectoryAndModelFramesReachALiveClient(@TempDir Path tmp) throws Exception {
        int port = RigFixture.freePort();
        String base = "http://127.0.0.1:" + port;
        try (RigFixture rig = WebApiIT.webHost(tmp, port)) {
            String yaml = Files.readString(rig.repo.resolve("launcher/examples/views.yaml"));
            assertThat(send("PUT", base + "/api/pipeline", yaml)).contains("\"name\":\"views\"");
            assertThat(send("PUT", base + "/api/status", "{\"mode\":\"ACQUIRE\"}"))
                    .contains("ACQUIRE");
            try {
                Map<String, JsonNode> seen = liveFrames(base, 60_000);

                JsonNode heat = seen.get("heatmap");
                assertThat(heat.get("stream").asText()).isEqualTo("scope.dff");
                assertThat(heat.get("neurons").asInt()).isEqualTo(100_000);
                assertThat(heat.get("perRow").asInt()).isEqualTo(100);
                assertThat(heat.get("rows").asInt()).isEqualTo(1000);
                int columns = heat.get("columns").asInt();
                assertThat(columns).isBetween(1, 300);
                assertThat(Base64.getDecoder().decode(heat.get("data").asText()))
                        .hasSize(columns * 1000);
                assertThat(heat.get("hi").asDouble())
                        .isGreaterThan(heat.get("lo").asDouble());

                JsonNode traj = seen.get("trajectory");
                assertThat(traj.get("streams").toString()).isEqualTo("[\"kalman.out\",\"array.kinematics\"]");
                assertThat(traj.get("columns").toString()).isEqualTo("[\"x\",\"y\"]");
                JsonNode truth = traj.get("true");
                assertThat(truth.size()).isPositive();
                for (JsonNode p : truth) {
                    assertThat(p.size()).isEqualTo(3);
                    assertThat(p.get(1).isNumber())
                            .as("true x is a number: %s", p)
                            .isTrue();
                }

                JsonNode dprime = seen.get("model.dprime");
                assertThat(dprime.get("source").asText()).isEqualTo("selectivity.dprime");
                assertThat(dprime.get("counts")).hasSize(40);
                long counted = 0;
                for (JsonNode c : dprime.get("counts")) {
                    counted += c.asLong();
                }
                assertThat(counted).isEqualTo(dprime.get("n").asLong());
                assertThat(counted + dprime.get("nan").asLong()).isEqualTo(100_000);

                JsonNode r2 = seen.get("model.r2");
                assertThat(r2.get("sets").toString()).isEqualTo("[\"kinematics\",\"characters\"]");
                assertThat(r2.get("n").get(0).asInt() + r2.get("n").get(1).asInt())
                        .isPositive()
                        .isLessThanOrEqualTo(384);
                assertThat(r2.get("sorted").get(0).size())
                        .isEqualTo(r2.get("n").get(0).asInt()); // 192 ≤ 500 points
                JsonNode best = r2.get("sorted").get(0);
                assertThat(best.get(0).asDouble())
                        .isGreaterThanOrEqualTo(best.get(best.size() - 1).asDouble());

                JsonNode bestSet = seen.get("model.best");
                assertThat(bestSet.get("source").asText()).isEqualTo("compare.best");
                assertThat(bestSet.get("sets").toString()).isEqualTo("[\"kinematics\",\"characters\"]");
                assertThat(bestSet.get("neurons").asInt()).isEqualTo(192);
                assertThat(bestSet.get("stride").asInt()).isEqualTo(1); // 192 neurons ≤ 500 points
                int[] recount = new int[2];
                int undefined = 0;
                for (int j = 0; j < 192; j++) {
                    int set = bestSet.get("best").get(j).asInt();
                    if (set < 0) {
                        undefined++;
                        continue;
                    }
                    recount[set]++;
                    // each neuron's best set is the one with the higher held-out R², and bestR2 is that R²
                    double mine = bestSet.get("r2").get(set).get(j).asDouble();
                    assertThat(bestSet.get("bestR2").get(j).asDouble()).isEqualTo(mine);
                    assertThat(mine)
                            .isGreaterThanOrEqualTo(
                                    bestSet.get("r2").get(1 - set).get(j).asDouble());
                }
                assertThat(bestSet.get("counts").toString()).isEqualTo("[" + recount[0] + "," + recount[1] + "]");
                assertThat(bestSet.get("undefined").asInt()).isEqualTo(undefined);
                assertThat(recount[0] + recount[1] + undefined).isEqualTo(192);

                JsonNode proj = seen.get("model.proj");
                assertThat(proj.get("source").asText()).isEqualTo("selectivity.proj");
                assertThat(proj.get("seconds").asDouble()).isEqualTo(10.0);
                assertThat(proj.get("dt").asDouble()).isCloseTo(1 / 30.0, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(proj.get("values").size()).isBetween(1, 300); // at most 10 s of 30 Hz frames

                JsonNode trials = seen.get("model.trials");
                assertThat(trials.get("conditions").toString()).isEqualTo("[\"leaf1\",\"circle1\"]");
                assertThat(trials.get("trials").get(0).asInt()
                                + trials.get("trials").get(1).asInt())
                        .isPositive();
                assertThat(trials.get("t0").asDouble()).isCloseTo(-1.0, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(trials.get("mean")).hasSize(2);
                assertThat(trials.get("mean").get(0)).hasSize(180); // 1 s before + 5 s after onset at 30 Hz
                assertThat(trials.get("single").get(0).get("values")).hasSize(180);

                if (Files.isExecutable(WebPageIT.CHROMIUM)) {
                    screenshot(tmp, base);
                }
            } finally {
                send("PUT", base + "/api/status", "{\"mode\":\"IDLE\"}");
            }
        }
    }

    /**
     * Reads {@code /api/live} until a frame of each kind arrived: heatmap, trajectory (with true
     * points), model r2, dprime, best (with R², i.e. paired with its fit's r2 row), proj and trials;
     * keyed by view (and part for model frames).
     */
    Map<String, JsonNode> liveFrames(String base, long millis) throws Exception {
        Map<String, JsonNode> seen = new ConcurrentHashMap<>();
        HttpResponse<Stream<String>> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/live")).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        Thread reader = new Thread(
                () -> {
                    Iterator<String> lines = r.body().iterator();
                    String event = "";
                    while (lines.hasNext() && seen.size() < 7) {
                        String line = lines.next();
                        if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: ") && event.equals("frame")) {
                            try {
                                JsonNode f = RigFixture.JSON.readTree(line.substring(6));
                                String view = f.get("view").asText();
                                if (view.equals("model")) {
                                    if (!f.get("part").asText().equals("best") || f.has("bestR2")) {
                                        seen.put("model." + f.get("part").asText(), f);
                                    }
                                } else if (!view.equals("trajectory")
                                        || f.get("true").size() > 0) {
                                    seen.put(view, f);
                                }
                            } catch (Exception e) {
                                seen.put(
                                        "error",
                                        RigFixture.JSON.getNodeFactory().textNode(e + ": " + line));
                            }
                        }
                    }
                },
                "sse-reader");
        reader.setDaemon(true);
        reader.start();
        reader.join(millis);
        r.body().close();
        assertThat(seen.keySet())
                .as("frames seen")
                .containsExactlyInAnyOrder(
                        "heatmap",
                        "trajectory",
                        "model.r2",
                        "model.dprime",
                        "model.best",
                        "model.proj",
                        "model.trials");
        return seen;
    }

    void screenshot(Path tmp, String base) throws Exception {
        Process chrome = WebPageIT.chromium(tmp, "1400,2400");
        // every best frame by fit, as the page receives them too: the page's counts must be its fit's
        Map<Long, JsonNode> bestByFit = new ConcurrentHashMap<>();
        HttpResponse<Stream<String>> live = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/live")).build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(
                () -> live.body().forEach(line -> {
                    if (line.startsWith("data: {\"view\":\"model\"") && line.contains("\"part\":\"best\"")) {
                        try {
                            JsonNode f = RigFixture.JSON.readTree(line.substring(6));
                            bestByFit.put(f.get("fit").asLong(), f);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }),
                "sse-best");
        reader.setDaemon(true);
        reader.start();
        try (WebPageIT.Cdp page = WebPageIT.Cdp.open(http, tmp.resolve("chrome"))) {
            page.call("Page.enable", null);
            page.call("Page.navigate", RigFixture.JSON.createObjectNode().put("url", base + "/"));
            WebPageIT.await(
                    page,
                    "['heatmap','trajectory'].every(v => { const p = document.getElementById('view-' + v);"
                            + " return p && +(p.dataset.drawn || 0) > 5; })",
                    30_000);
            // a heatmap pixel somewhere is not the empty background, and the trajectory canvas has ink
            assertThat(page.eval(
                                    "(() => { const c = document.querySelector('#view-heatmap canvas');"
                                            + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                                            + " let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] !== 240 || d[i + 1] !== 240) n++; return n; })()")
                            .asLong())
                    .isGreaterThan(1000);
            assertThat(page.eval("(() => { const c = document.querySelector('#view-trajectory canvas');"
                                    + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                                    + " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()")
                            .asLong())
                    .isGreaterThan(50);
            // the model panel: counts per best set (after the first fit, 10 s of bins) and a projection
            // trace with ink (the projection is NaN until both corridors have been seen)
            String ink = "(() => { const c = document.querySelector('#view-model .proj canvas'); if (!c) return -1;"
                    + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + " let n = 0, h = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) { n++; h = (h * 31 + i) % 1000000007; }"
                    + " return n > 50 ? h : -1; })()";
            WebPageIT.await(
                    page,
                    "(document.querySelector('#view-model .best-counts') || {}).textContent && " + ink
                            + " >= 0 && (document.querySelector('#view-model .trial-counts') || {}).textContent",
                    60_000);
            long before = page.eval(ink).asLong();
            WebPageIT.await(page, ink + " !== " + before, 5_000); // the trace scrolls: its pixels change
            JsonNode counts = page.eval("(() => { const e = document.querySelector('#view-model .best-counts');"
                    + " return { fit: +e.dataset.fit, text: e.textContent }; })()");
            JsonNode shown = bestByFit.get(counts.get("fit").asLong());
            assertThat(shown)
                    .as("best frame of fit %s among %s", counts.get("fit"), bestByFit.keySet())
                    .isNotNull();
            String expected = "kinematics: " + shown.get("counts").get(0).asInt() + " · characters: "
                    + shown.get("counts").get(1).asInt()
                    + (shown.get("undefined").asInt() > 0
                            ? " · undefined: " + shown.get("undefined").asInt()
                            : "");
            assertThat(counts.get("text").asText()).isEqualTo(expected);
            assertThat(page.eval("document.querySelector('#view-model .trial-counts').textContent")
                            .asText())
                    .matches("leaf1: \\d+ trials · circle1: \\d+ trials");
            // the scatter of R²(kinematics) vs R²(characters) has its dots
            assertThat(page.eval("(() => { const c = document.querySelector('#view-model .scatter canvas');"
                                    + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                                    + " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })()")
                            .asLong())
                    .isGreaterThan(192);
            // the per-trial means get ink once a trial with a defined projection has passed (the first
            // corridors come before both textures were seen, when the projection is still NaN)
            WebPageIT.await(
                    page,
                    "(() => { const c = document.querySelector('#view-model .trials canvas');"
                            + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                            + " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n > 200; })()",
                    60_000);
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/web-views.png"), page.screenshot());
        } finally {
            live.body().close();
            chrome.destroy();
            chrome.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A request to the host's web API; the body of the answer. (SortedHeatmapIT uses it too.) */
    static String send(String method, String url, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .method(method, HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
