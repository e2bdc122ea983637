package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neurorig run --host 0.0.0.0}: the page is served beyond loopback (here reached through
 * 127.0.0.1, which the wildcard address includes), anyone may read, and only a holder of the token
 * that the host writes to {@code conf/web-token} may change the rig — a missing or wrong token
 * gets 401 and changes nothing. Bound to every interface, it answers to the machine's own name and
 * addresses, and to no other name (DNS rebinding, WebSecurityIT).
 */
class WebTokenIT {
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void beyondLoopbackOnlyTheTokenChangesTheRig(@TempDir Path tmp) throws Exception {
        // a private conf folder, so the token is written here and not into the built distribution
        Path dist =
                Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();
        Path conf = tmp.resolve("home").resolve("conf");
        try (Stream<Path> files = Files.walk(dist.resolve("conf"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = conf.resolve(dist.resolve("conf").relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        assertThat(conf.resolve("web-token")).doesNotExist();
        try (RigFixture rig = new RigFixture(tmp)) {
            Path pipeline = rig.write("token.yaml", WebApiIT.DEMO);
            int port = RigFixture.freePort();
            String base = "http://127.0.0.1:" + port;
            CompletableFuture<Integer> run = rig.runAsync(
                    pipeline.toString(),
                    "--duration",
                    "30",
                    "--port",
                    String.valueOf(port),
                    "--host",
                    "0.0.0.0",
                    "--quiet");
            WebApiIT.awaitUp(http, base);
            String token = Files.readString(conf.resolve("web-token")).trim();
            assertThat(token).matches("[0-9a-f]{64}");
            String url = base + "/api/processors/101/parameters/gain";
            // reading needs nothing
            assertThat(send("GET", url, null).statusCode()).isEqualTo(200);
            // on every interface, the machine's own name and addresses name this server; other names do not
            String self = InetAddress.getLocalHost().getHostName();
            assertThat(WebSecurityIT.raw(port, "GET", "/api/status", self + ":" + port, null, null)
                            .status())
                    .isEqualTo(200);
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        assertThat(WebSecurityIT.raw(port, "GET", "/", a.getHostAddress() + ":" + port, null, null)
                                        .status())
                                .as(a.toString())
                                .isEqualTo(200);
                    }
                }
            }
            WebSecurityIT.raw(port, "GET", "/api/status", WebSecurityIT.EVIL + ":" + port, null, null)
                    .error(421);
            // no token, a wrong one, or another scheme: 401, and the value stays
            HttpResponse<String> none = send("PUT", url, "{\"value\": 3.5}");
            assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
            assertThat(none.body()).contains("unauthorized").contains("conf/web-token");
            assertThat(send("PUT", url, "{\"value\": 3.5}", "Authorization", "Bearer " + "0".repeat(64))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(send("PUT", url, "{\"value\": 3.5}", "Authorization", "Basic " + token)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(RigFixture.JSON
                            .readTree(send("GET", url, null).body())
                            .get("value")
                            .asDouble())
                    .isEqualTo(2.0);
            // the token: accepted and applied
            HttpResponse<String> ok = send("PUT", url, "{\"value\": 3.5}", "Authorization", "Bearer " + token);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(RigFixture.JSON
                            .readTree(send("GET", url, null).body())
                            .get("value")
                            .asDouble())
                    .isEqualTo(3.5);
            // stopping is a change too
            assertThat(send("PUT", base + "/api/status", "{\"mode\":\"IDLE\"}").statusCode())
                    .isEqualTo(401);
            assertThat(send("PUT", base + "/api/status", "{\"mode\":\"IDLE\"}", "Authorization", "Bearer " + token)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
        }
    }
}
