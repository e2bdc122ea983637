package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The coordinating host's page as the multi-host tests read it: a JSON endpoint, or one polled until a condition. */
final class HostPage {
    private HostPage() {}

    /** {@code GET path} on loopback {@code port}; must answer 200 with JSON. */
    static JsonNode get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return RigFixture.JSON.readTree(r.body());
    }

    /**
     * Polls {@code path} until {@code ok}; fails with the host's console ({@code log}) when the host
     * ({@code host}) ends first or time runs out.
     */
    static JsonNode await(
            HttpClient http, Process host, Path log, int port, String path, Predicate<JsonNode> ok, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline && host.isAlive()) {
            try {
                last = get(http, port, path);
                if (ok.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // the page is not up yet
            }
            Thread.sleep(200);
        }
        return fail("the host's " + path + " never got there (alive: " + host.isAlive() + "); last: " + last + "\n"
                + Files.readString(log));
    }
}
