package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in real headless Chromium (Debian's, driven over the DevTools protocol with the JDK's
 * WebSocket client: no driver or browser download): while the web.yaml demo runs, the traces and
 * raster panels receive and draw new frames, the Stop and Start buttons work, a node's key is
 * changed live from the keys table (and a bad value refused), and a screenshot is saved to
 * target/web-page.png.
 */
class WebPageIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tracesAndRasterDrawLiveDataAndTheButtonsStopAndStart(@TempDir Path tmp) throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || Files.isExecutable(CHROMIUM), "Debian chromium is not installed (apt-get install chromium)");
        int port = RigFixture.freePort();
        String base = "http://127.0.0.1:" + port;
        try (RigFixture rig = WebApiIT.webHost(tmp, port)) {
            String yaml = Files.readString(rig.repo.resolve("launcher/examples/web.yaml"));
            assertThat(put(base + "/api/pipeline", yaml)).contains("\"name\":\"web\"");
            assertThat(put(base + "/api/status", "{\"mode\":\"ACQUIRE\"}")).contains("ACQUIRE");
            Process chrome = chromium(tmp);
            try (Cdp page = Cdp.open(http, tmp.resolve("chrome"))) {
                page.call("Page.enable", null);
                page.call("Page.navigate", RigFixture.JSON.createObjectNode().put("url", base + "/"));
                await(
                        page,
                        "document.querySelectorAll('#views .panel').length === 2 && "
                                + "+document.getElementById('view-traces').dataset.drawn > 0 && "
                                + "+document.getElementById('view-raster').dataset.drawn > 0",
                        30_000);
                JsonNode a = counters(page);
                byte[] shot1 = page.screenshot();
                // wait (with a deadline) until both views have taken and drawn more than 10 frames since
                JsonNode b = counters(page);
                long deadline = System.currentTimeMillis() + 20_000;
                while (!movedOn(a, b)) {
                    assertThat(System.currentTimeMillis())
                            .as("views moving on; first %s, last %s", a, b)
                            .isLessThan(deadline);
                    Thread.sleep(200);
                    b = counters(page);
                }
                byte[] shot2 = page.screenshot();
                for (String view : new String[] {"traces", "raster"}) {
                    assertThat(b.get(view).get("frames").asLong())
                            .as(view + " frames")
                            .isGreaterThan(a.get(view).get("frames").asLong() + 10);
                    assertThat(b.get(view).get("drawn").asLong())
                            .as(view + " redraws")
                            .isGreaterThan(a.get(view).get("drawn").asLong() + 10);
                }
                assertThat(b.get("raster").get("spikes").asLong())
                        .isGreaterThan(a.get("raster").get("spikes").asLong());
                assertThat(shot2).as("the plots moved between two screenshots").isNotEqualTo(shot1);

                page.eval("document.getElementById('stop').click()");
                await(page, "document.getElementById('mode').textContent === 'IDLE'", 20_000);
                assertThat(get(base + "/api/status")).contains("IDLE");
                page.eval("document.getElementById('start').click()");
                await(page, "document.getElementById('mode').textContent === 'ACQUIRE'", 20_000);
                assertThat(get(base + "/api/status")).contains("ACQUIRE");
                long before = counters(page).get("traces").get("frames").asLong();
                await(page, "+document.getElementById('view-traces').dataset.frames > " + (before + 10), 20_000);
                await(page, "document.querySelectorAll('.node.OK').length === 5", 20_000);

                // a node's keys: click it in the graph, change a value, Enter applies it live
                page.eval("document.getElementById('node-gain').click()");
                await(
                        page,
                        "!document.getElementById('params-box').hidden && "
                                + "document.querySelector('#params tr[data-key=gain] input') !== null",
                        20_000);
                assertThat(page.eval("document.querySelector('#params tr[data-key=gain] input').value")
                                .asText())
                        .as("web.yaml's gain: 1.0")
                        .isEqualTo("1");
                assertThat(page.eval("document.getElementById('params-type').textContent")
                                .asText())
                        .isEqualTo("gain.scale");
                setField(page, "gain", "2.5");
                await(
                        page,
                        "document.getElementById('params-result').textContent === 'gain.gain = 2.5 applied'",
                        20_000);
                assertThat(get(base + "/api/processors/gain/parameters/gain")).contains("\"value\":2.5");
                // a refused value changes nothing, on the rig or in the field, and says why
                setField(page, "gain", "loud");
                await(page, "document.querySelector('#params tr[data-key=gain]').className === 'refused'", 20_000);
                assertThat(page.eval("document.getElementById('params-result').textContent")
                                .asText())
                        .startsWith("gain.gain refused: invalid value");
                assertThat(page.eval("document.querySelector('#params tr[data-key=gain] input').value")
                                .asText())
                        .isEqualTo("2.5");
                assertThat(get(base + "/api/processors/gain/parameters/gain")).contains("\"value\":2.5");
                Files.createDirectories(Path.of("target"));
                Files.write(Path.of("target/web-page.png"), page.screenshot());
            } finally {
                chrome.destroy();
                chrome.waitFor(10, TimeUnit.SECONDS);
            }
            put(base + "/api/status", "{\"mode\":\"IDLE\"}");
        }
    }

    /**
     * Starts headless Chromium on about:blank with its profile in {@code tmp/chrome} (where
     * {@link Cdp#open} finds its DevTools port) and its output in {@code tmp/chrome.log}.
     */
    static Process chromium(Path tmp) throws Exception {
        return chromium(tmp, "1400,1100");
    }

    /** {@link #chromium(Path)} with a window of {@code size} ("width,height"). */
    static Process chromium(Path tmp, String size) throws Exception {
        return new ProcessBuilder(
                        CHROMIUM.toString(),
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + tmp.resolve("chrome"),
                        "--window-size=" + size,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("chrome.log").toFile())
                .start();
    }

    /** Types {@code value} into the field of {@code key} in the keys table and fires its change event. */
    static void setField(Cdp page, String key, String value) throws Exception {
        page.eval("(() => { const i = document.querySelector('#params tr[data-key=" + key + "] input');"
                + " i.value = '" + value + "'; i.dispatchEvent(new Event('change')); })()");
    }

    static JsonNode counters(Cdp page) throws Exception {
        return RigFixture.JSON.readTree(page.eval("JSON.stringify(Object.fromEntries(['traces','raster'].map(v => {"
                        + " const p = document.getElementById('view-' + v); const s = p.querySelector('.spikes');"
                        + " return [v, {frames: +p.dataset.frames, drawn: +(p.dataset.drawn || 0),"
                        + " spikes: s ? +s.textContent : 0}]; })))")
                .asText());
    }

    /** Both views took and drew more than 10 frames and the raster got spikes between {@code a} and {@code b}. */
    private static boolean movedOn(JsonNode a, JsonNode b) {
        for (String view : new String[] {"traces", "raster"}) {
            if (b.get(view).get("frames").asLong() <= a.get(view).get("frames").asLong() + 10
                    || b.get(view).get("drawn").asLong()
                            <= a.get(view).get("drawn").asLong() + 10) {
                return false;
            }
        }
        return b.get("raster").get("spikes").asLong()
                > a.get("raster").get("spikes").asLong();
    }

    static void await(Cdp page, String condition, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!page.eval("!!(" + condition + ")").asBoolean()) {
            assertThat(System.currentTimeMillis())
                    .as("page never satisfied: " + condition + "; error line: "
                            + page.eval("String((document.getElementById('error') || {}).textContent)")
                                    .asText())
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    String put(String url, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** A DevTools protocol session with one page target. */
    static final class Cdp implements AutoCloseable, WebSocket.Listener {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static Cdp open(HttpClient http, Path userData) throws Exception {
            Path portFile = userData.resolve("DevToolsActivePort");
            long deadline = System.currentTimeMillis() + 30_000;
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                assertThat(System.currentTimeMillis())
                        .as("chromium did not open its DevTools port")
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            String port = Files.readAllLines(portFile).get(0).trim();
            JsonNode targets = RigFixture.JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String url = null;
            for (JsonNode t : targets) {
                if (t.get("type").asText().equals("page")) {
                    url = t.get("webSocketDebuggerUrl").asText();
                }
            }
            assertThat(url).as("a page target in " + targets).isNotNull();
            Cdp c = new Cdp();
            c.ws = http.newWebSocketBuilder().buildAsync(URI.create(url), c).get(10, TimeUnit.SECONDS);
            return c;
        }

        JsonNode call(String method, ObjectNode params) throws Exception {
            int id = ids.incrementAndGet();
            ObjectNode msg = RigFixture.JSON.createObjectNode().put("id", id).put("method", method);
            if (params != null) {
                msg.set("params", params);
            }
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            ws.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
            JsonNode r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.has("error")).as(method + " failed: " + r).isFalse();
            return r.get("result");
        }

        JsonNode eval(String expression) throws Exception {
            JsonNode r = call(
                    "Runtime.evaluate",
                    RigFixture.JSON
                            .createObjectNode()
                            .put("expression", expression)
                            .put("returnByValue", true));
            assertThat(r.has("exceptionDetails"))
                    .as(expression + " threw: " + r)
                    .isFalse();
            return r.get("result").get("value");
        }

        byte[] screenshot() throws Exception {
            return Base64.getDecoder()
                    .decode(call(
                                    "Page.captureScreenshot",
                                    RigFixture.JSON.createObjectNode().put("format", "png"))
                            .get("data")
                            .asText());
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = RigFixture.JSON.readTree(partial.toString());
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f =
                                pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    }
                } catch (Exception e) {
                    // an event we do not read
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
