package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's display path in a real host: {@code sim.twophoton}'s raw fluorescence ({@code f}) →
 * {@code calcium.dff} → {@code calcium.deconvolve} → {@code model.sort.rastermap}, whose order and bands
 * feed {@code view.heatmap} beside the ΔF/F. A client of {@code /api/live} first sees heatmap frames in
 * channel order, then, once the first fit (5 s of frames, on the node's own thread) is out, frames in
 * the fitted order with the band boundaries: ascending pixel rows inside the image, fewer than the
 * clusters. Fails on a host without the sorting node, the {@code f} port or a heatmap that takes an
 * order (the pipeline does not validate).
 */
class SortedHeatmapIT {
    private static final int NEURONS = 2000;
    private static final int ROWS = 200;
    private static final int CLUSTERS = 20;
    private static final String PIPELINE =
            """
            name: sorted-heatmap
            nodes:
              scope:  { type: sim.twophoton, config: { neurons: %d, rateHz: 30, seed: 3, sequenceFraction: 0.2 } }
              dff:    { type: calcium.dff, in: scope.f, config: { windowS: 10, percentile: 8 } }
              events: { type: calcium.deconvolve, in: dff, config: { baselineWindowS: 0 } }
              sort:   { type: model.sort.rastermap, in: events,
                        config: { windowSeconds: 10, refitSeconds: 5, clusters: %d, components: 16 } }
              heatmap: { type: view.heatmap, in: [dff, sort.order, sort.bands], config: { rows: %d, columns: 60 } }
            """
                    .formatted(NEURONS, CLUSTERS, ROWS);

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theHeatmapTurnsToTheFittedOrderWithItsBands(@TempDir Path tmp) throws Exception {
        int port = RigFixture.freePort();
        String base = "http://127.0.0.1:" + port;
        try (RigFixture rig = WebApiIT.webHost(tmp, port)) {
            assertThat(WebViewsIT.send("PUT", base + "/api/pipeline", PIPELINE))
                    .contains("\"name\":\"sorted-heatmap\"");
            assertThat(WebViewsIT.send("PUT", base + "/api/status", "{\"mode\":\"ACQUIRE\"}"))
                    .contains("ACQUIRE");
            try {
                List<JsonNode> frames = heatmapFramesUntilSorted(base, 90_000);
                JsonNode first = frames.get(0);
                JsonNode sorted = frames.get(frames.size() - 1);
                assertThat(first.get("sorted").asBoolean())
                        .as("the first frames, before any fit")
                        .isFalse();
                assertThat(first.has("bounds")).isFalse();
                assertThat(sorted.get("sorted").asBoolean())
                        .as("a frame after the first fit")
                        .isTrue();
                assertThat(sorted.get("neurons").asInt()).isEqualTo(NEURONS);
                assertThat(sorted.get("rows").asInt()).isEqualTo(ROWS);
                int columns = sorted.get("columns").asInt();
                assertThat(Base64.getDecoder().decode(sorted.get("data").asText()))
                        .hasSize(columns * ROWS);
                List<Integer> bounds = new ArrayList<>();
                sorted.get("bounds").forEach(b -> bounds.add(b.asInt()));
                // k-means bands, silent neurons one more: at most CLUSTERS boundaries between them
                assertThat(bounds)
                        .isNotEmpty()
                        .hasSizeLessThanOrEqualTo(CLUSTERS)
                        .isSorted();
                assertThat(bounds.get(0)).isGreaterThan(0);
                assertThat(bounds.get(bounds.size() - 1)).isLessThan(ROWS);
                assertThat(bounds).doesNotHaveDuplicates();
            } finally {
                WebViewsIT.send("PUT", base + "/api/status", "{\"mode\":\"IDLE\"}");
            }
        }
    }

    /** Heatmap frames from {@code /api/live}, up to and including the first one in a fitted order with bands. */
    private List<JsonNode> heatmapFramesUntilSorted(String base, long millis) throws Exception {
        List<JsonNode> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/live")).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        Thread reader = new Thread(
                () -> {
                    Iterator<String> lines = r.body().iterator();
                    String event = "";
                    while (lines.hasNext()) {
                        String line = lines.next();
                        if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: {\"view\":\"heatmap\"") && event.equals("frame")) {
                            try {
                                JsonNode f = RigFixture.JSON.readTree(line.substring(6));
                                frames.add(f);
                                // order and bands are two blocks: a frame may come between them
                                if (f.get("sorted").asBoolean() && f.has("bounds")) {
                                    return;
                                }
                            } catch (Exception e) {
                                return; // the assertion below names what was seen
                            }
                        }
                    }
                },
                "sse-reader");
        reader.setDaemon(true);
        reader.start();
        reader.join(millis);
        r.body().close();
        assertThat(frames).as("heatmap frames within %d ms", millis).isNotEmpty();
        JsonNode last = frames.get(frames.size() - 1);
        assertThat(last.get("sorted").asBoolean() && last.has("bounds"))
                .as("a frame in the fitted order with its bands within %d ms (%d frames seen)", millis, frames.size())
                .isTrue();
        return frames;
    }
}
