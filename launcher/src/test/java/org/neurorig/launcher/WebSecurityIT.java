package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web API's defences (issue 11 A.1, A.2; docs/API.md, "Threat model") against a real host,
 * with requests written on a raw socket so that {@code Host} and {@code Origin} can be forged as an
 * attacker's page makes a browser send them: DNS rebinding (a foreign {@code Host}) is refused on
 * reads and changes, {@code Origin: null} and foreign origins may change nothing, a bundle upload
 * needs the token on loopback too, and paths named through the API stay inside the allowed folders
 * (the distribution's {@code recordings/} and {@code data/}) — each refusal checked to have
 * changed nothing. Errors the container raises itself are the API's JSON too.
 */
class WebSecurityIT {
    static final String EVIL = "rebind.evil.example";

    /** A status, the headers (lower-case names) and the body of an answer. */
    record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return RigFixture.JSON.readTree(body);
        }

        /** Asserts the status and the API's error shape: JSON with "error" and "detail", no stack trace. */
        JsonNode error(int expected) throws IOException {
            assertThat(status).as(body).isEqualTo(expected);
            assertThat(headers.getOrDefault("content-type", "")).as(body).startsWith("application/json");
            JsonNode j = json();
            assertThat(j.path("error").asText()).as(body).isNotBlank();
            assertThat(j.path("detail").asText()).as(body).isNotBlank().doesNotContain("\tat ");
            return j;
        }
    }

    /**
     * One HTTP/1.1 request on a fresh connection, exactly as given: {@code headers} are sent as they
     * are (a browser lets a page choose none of Host, Origin; an attacker's page still makes them what
     * these tests forge).
     */
    static Answer raw(int port, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Connection: close\r\n");
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(s.getInputStream().readAllBytes());
        }
    }

    static Answer raw(int port, String method, String target, String host, String origin, byte[] body)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", host);
        if (origin != null) {
            h.put("Origin", origin);
        }
        return raw(port, method, target, h, body);
    }

    private static Answer parse(byte[] all) throws IOException {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("an HTTP answer: " + text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(c + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Answer(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream s = new java.io.ByteArrayInputStream(in);
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = s.read()) != '\n') {
                if (c < 0) {
                    return out.toByteArray();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            int n = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(s.readNBytes(n));
            s.read();
            s.read();
        }
    }

    static String own(int port) {
        return "127.0.0.1:" + port;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static boolean installed(int port, String symbolicName) throws IOException {
        return raw(port, "GET", "/api/bundles", own(port), null, null).body().contains("\"" + symbolicName + "\"");
    }

    static String token(RigFixture rig) throws IOException {
        return Files.readString(rig.host.home().resolve("conf/web-token")).trim();
    }

    static void awaitTrue(String what, long millis, IoCondition c) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!c.holds()) {
            assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    interface IoCondition {
        boolean holds() throws Exception;
    }

    @Test
    void foreignHostsAndOriginsAreRefusedAndUploadsNeedTheToken(@TempDir Path tmp) throws Exception {
        int port = RigFixture.freePort();
        try (RigFixture rig = WebApiIT.webHost(tmp, port)) {
            Path tokenFile = rig.host.home().resolve("conf/web-token");
            assertThat(tokenFile).doesNotExist();
            byte[] jar = WebApiIT.jar("test.evil");
            String evilHost = EVIL + ":" + port;

            // DNS rebinding: reads and changes addressed to another name are refused, whatever the path
            raw(port, "GET", "/api/status", evilHost, null, null).error(421);
            raw(port, "GET", "/", evilHost, null, null).error(421);
            raw(port, "GET", "/api/live", evilHost, null, null).error(421);
            raw(port, "GET", "/api/status", "127.0.0.1:" + (port == 1 ? 2 : 1), null, null)
                    .error(421);
            raw(port, "GET", "/api/status", Map.of(), null).error(400); // HTTP/1.1 without Host
            JsonNode rebind = raw(port, "POST", "/api/bundles?name=evil.jar", evilHost, "http://" + evilHost, jar)
                    .error(421);
            assertThat(rebind.get("detail").asText()).contains(EVIL);
            raw(port, "PUT", "/api/status", evilHost, "http://" + evilHost, utf8("{\"mode\":\"ACQUIRE\"}"))
                    .error(421);
            // this server's own names pass
            assertThat(raw(port, "GET", "/api/status", own(port), null, null).status())
                    .isEqualTo(200);
            assertThat(raw(port, "GET", "/api/status", "localhost:" + port, null, null)
                            .status())
                    .isEqualTo(200);
            assertThat(raw(port, "GET", "/", "LOCALHOST:" + port, null, null).status())
                    .isEqualTo(200);

            // an upload needs the token, on loopback too: the first attempt writes it for the operator
            JsonNode noToken = raw(port, "POST", "/api/bundles?name=evil.jar", own(port), null, jar)
                    .error(401);
            assertThat(noToken.get("detail").asText())
                    .contains("conf/web-token")
                    .contains("uploadsWithoutToken");
            assertThat(tokenFile).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                    .as("owner only")
                    .isEqualTo("rw-------");
            String token = token(rig);
            assertThat(token).matches("[0-9a-f]{64}");
            Map<String, String> wrong = Map.of("Host", own(port), "Authorization", "Bearer " + "0".repeat(64));
            raw(port, "POST", "/api/bundles?name=evil.jar", wrong, jar).error(401);

            // Origin: null (a sandboxed frame, a file:// page) and foreign origins change nothing, token or not
            Map<String, String> nullOrigin =
                    Map.of("Host", own(port), "Origin", "null", "Authorization", "Bearer " + token);
            JsonNode refused = raw(port, "POST", "/api/bundles?name=evil.jar", nullOrigin, jar)
                    .error(403);
            assertThat(refused.get("detail").asText()).contains("null");
            raw(port, "POST", "/api/bundles?name=evil.jar", own(port), "null", jar)
                    .error(403);
            raw(port, "POST", "/api/bundles?name=evil.jar", own(port), "http://evil.example", jar)
                    .error(403);
            // another scheme or port of this very host is another origin too
            raw(port, "POST", "/api/bundles?name=evil.jar", own(port), "https://" + own(port), jar)
                    .error(403);
            raw(port, "PUT", "/api/pipeline", own(port), "http://127.0.0.1:" + (port == 1 ? 2 : 1), utf8(WebApiIT.DEMO))
                    .error(403);
            raw(port, "PUT", "/api/pipeline", own(port), "null", utf8(WebApiIT.DEMO))
                    .error(403);
            assertThat(raw(port, "GET", "/api/pipeline", own(port), null, null).status())
                    .as("nothing loaded")
                    .isEqualTo(404);
            try (Stream<Path> files = Files.list(rig.deploy())) {
                assertThat(files.toList()).as("nothing written to deploy/").isEmpty();
            }
            // this server's own page may change things
            assertThat(raw(port, "PUT", "/api/pipeline", own(port), "http://" + own(port), utf8(WebApiIT.DEMO))
                            .status())
                    .isEqualTo(200);
            assertThat(raw(
                                    port,
                                    "PUT",
                                    "/api/status",
                                    "localhost:" + port,
                                    "http://localhost:" + port,
                                    utf8("{\"mode\":\"ACQUIRE\"}"))
                            .json()
                            .get("mode")
                            .asText())
                    .isEqualTo("ACQUIRE");
            raw(port, "PUT", "/api/status", own(port), "http://" + EVIL, utf8("{\"mode\":\"IDLE\"}"))
                    .error(403);
            assertThat(raw(port, "GET", "/api/status", own(port), null, null)
                            .json()
                            .get("mode")
                            .asText())
                    .isEqualTo("ACQUIRE");

            // with the token (and no Origin, as scripts send), the upload is taken and installed
            Map<String, String> withToken = Map.of(
                    "Host", own(port), "Authorization", "Bearer " + token, "Content-Type", "application/java-archive");
            Answer up = raw(port, "POST", "/api/bundles?name=good.jar", withToken, WebApiIT.jar("test.good"));
            assertThat(up.status()).as(up.body()).isEqualTo(201);
            awaitTrue("uploaded bundle installed", 15_000, () -> installed(port, "test.good"));
            // the refused uploads never were
            assertThat(installed(port, "test.evil")).isFalse();
            assertThat(rig.deploy().resolve("evil.jar")).doesNotExist();

            // the container's own errors are the API's JSON: unknown page, method a servlet does not take
            raw(port, "GET", "/no/such/page", own(port), null, null).error(404);
            raw(port, "POST", "/", own(port), null, utf8("x")).error(405);
            raw(port, "DELETE", "/api/live", own(port), null, null).error(405);
            raw(port, "GET", "/%zz", own(port), null, null).error(400);
        }
    }

    private static String pipeline(Path countFile, double gain) {
        return """
                name: paths
                nodes:
                  amp:   { type: sim.sine, config: { channels: 2, rate: 1000, blockSamples: 10, amplitude: 100 } }
                  gain:  { type: gain.scale, in: amp, config: { gain: %s } }
                  count: { type: sink.count, in: gain, config: { file: "%s" } }
                """
                .formatted(gain, countFile);
    }

    @Test
    void pathsFromTheApiStayInsideTheAllowedFolders(@TempDir Path tmp) throws Exception {
        int port = RigFixture.freePort();
        try (RigFixture rig = WebApiIT.webHost(tmp, port)) {
            Path home = rig.host.home();
            Path data = home.resolve("data");
            Path recordings = home.resolve("recordings");
            Path inside = data.resolve("counts.json");
            Path outside = tmp.resolve("outside").resolve("counts.json");
            String h = own(port);

            // a pipeline naming a file outside is refused whole: nothing is loaded
            JsonNode out = raw(port, "PUT", "/api/pipeline", h, null, utf8(pipeline(outside, 1)))
                    .error(403);
            assertThat(out.get("detail").asText())
                    .contains("'count'")
                    .contains("'file'")
                    .contains(outside.toString())
                    .contains(data.toString())
                    .contains(recordings.toString());
            raw(port, "PUT", "/api/pipeline", h, null, utf8(pipeline(data.resolve("../../escape.json"), 1)))
                    .error(403);
            assertThat(raw(port, "GET", "/api/pipeline", h, null, null).status())
                    .isEqualTo(404);
            // inside: accepted and written
            assertThat(raw(port, "PUT", "/api/pipeline", h, null, utf8(pipeline(inside, 1)))
                            .status())
                    .isEqualTo(200);
            assertThat(raw(port, "PUT", "/api/status", h, null, utf8("{\"mode\":\"ACQUIRE\"}"))
                            .status())
                    .isEqualTo(200);
            RigFixture.awaitJson(inside, j -> j.path("gain.out").path("samples").asLong() > 0, 15_000);

            // a live change of the file key: outside, through '..', through a link in data/ → 403, value kept
            String key = "/api/processors/count/parameters/file";
            JsonNode live = raw(port, "PUT", key, h, null, utf8("{\"value\": \"" + outside + "\"}"))
                    .error(403);
            assertThat(live.get("detail").asText()).contains(outside.toString()).contains(data.toString());
            raw(port, "PUT", key, h, null, utf8("{\"value\": \"" + data + "/../../etc-probe.json\"}"))
                    .error(403);
            Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
            Files.createSymbolicLink(data.resolve("link"), elsewhere);
            JsonNode viaLink = raw(
                            port, "PUT", key, h, null, utf8("{\"value\": \"" + data.resolve("link/x.json") + "\"}"))
                    .error(403);
            assertThat(viaLink.get("detail").asText())
                    .contains(elsewhere.toRealPath().toString());
            // a relative path is taken from the working directory, as the node would: outside too
            raw(port, "PUT", key, h, null, utf8("{\"value\": \"relative-counts.json\"}"))
                    .error(403);
            assertThat(raw(port, "GET", key, h, null, null).json().get("value").asText())
                    .isEqualTo(inside.toString());
            // the sink kept writing its own file since, and none of the refused ones
            long before =
                    RigFixture.readJson(inside).path("gain.out").path("samples").asLong();
            RigFixture.awaitJson(inside, j -> j.path("gain.out").path("samples").asLong() > before, 15_000);
            assertThat(outside).doesNotExist();
            assertThat(tmp.resolve("outside")).doesNotExist();
            assertThat(elsewhere.resolve("x.json")).doesNotExist();
            assertThat(Path.of("relative-counts.json")).doesNotExist();
            // a path inside (a new subfolder of data/): applied
            Path moved = data.resolve("sub/moved.json");
            assertThat(raw(port, "PUT", key, h, null, utf8("{\"value\": \"" + moved + "\"}"))
                            .status())
                    .isEqualTo(200);
            RigFixture.awaitJson(moved, j -> j.path("gain.out").path("samples").asLong() > 0, 15_000);

            // the recording folder: outside refused, nothing created; the default records into recordings/
            Path probe = Path.of("/etc/nr-traversal-probe");
            JsonNode rec = raw(
                            port, "PUT", "/api/recording", h, null, utf8("{\"parent_directory\": \"" + probe + "\"}"))
                    .error(403);
            assertThat(rec.get("detail").asText()).contains(probe.toString());
            raw(port, "PUT", "/api/recording", h, null, utf8("{\"parent_directory\": \"" + recordings + "/../../up\"}"))
                    .error(403);
            assertThat(raw(port, "GET", "/api/recording", h, null, null)
                            .json()
                            .get("parent_directory")
                            .asText())
                    .isEmpty();
            assertThat(raw(port, "PUT", "/api/status", h, null, utf8("{\"mode\":\"RECORD\"}"))
                            .json()
                            .get("mode")
                            .asText())
                    .isEqualTo("RECORD");
            awaitTrue("a recording in the distribution's recordings/", 15_000, () -> {
                if (!Files.isDirectory(recordings)) {
                    return false;
                }
                try (Stream<Path> s = Files.walk(recordings)) {
                    return s.anyMatch(p -> p.getFileName().toString().equals("continuous.dat"));
                }
            });
            assertThat(probe).doesNotExist();
            assertThat(home.resolve("up")).doesNotExist();
            assertThat(raw(port, "PUT", "/api/status", h, null, utf8("{\"mode\":\"IDLE\"}"))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void theOperatorsOwnPathsStandAndUploadsWithoutTokenCanBeAllowed(@TempDir Path tmp) throws Exception {
        // the operator's command line: a file outside the API's folders, and uploads allowed without the token
        System.setProperty("neurorig.web.uploadsWithoutToken", "true");
        try (RigFixture rig = new RigFixture(tmp)) {
            Path cli = tmp.resolve("cli-counts.json");
            Path file = rig.write("cli.yaml", pipeline(cli, 1));
            int port = RigFixture.freePort();
            CompletableFuture<Integer> run =
                    rig.runAsync(file.toString(), "--duration", "40", "--port", String.valueOf(port), "--quiet");
            String h = own(port);
            awaitTrue("web server up", 30_000, () -> {
                try {
                    return raw(port, "GET", "/api/status", h, null, null).status() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
            RigFixture.awaitJson(cli, j -> j.path("gain.out").path("samples").asLong() > 0, 15_000);
            // the same pipeline with another gain: its file is the operator's, not a new path
            assertThat(raw(port, "PUT", "/api/pipeline", h, null, utf8(pipeline(cli, 3)))
                            .status())
                    .isEqualTo(200);
            assertThat(raw(port, "GET", "/api/processors/gain/parameters/gain", h, null, null)
                            .json()
                            .get("value")
                            .asDouble())
                    .isEqualTo(3.0);
            // another file outside is a new path
            raw(port, "PUT", "/api/pipeline", h, null, utf8(pipeline(tmp.resolve("other.json"), 3)))
                    .error(403);
            assertThat(raw(port, "GET", "/api/pipeline", h, null, null).body()).contains(cli.toString());

            // uploads without the token were allowed explicitly (loopback only): taken, and no token written
            Answer up = raw(port, "POST", "/api/bundles?name=free.jar", h, null, WebApiIT.jar("test.free"));
            assertThat(up.status()).as(up.body()).isEqualTo(201);
            awaitTrue("uploaded bundle installed", 15_000, () -> installed(port, "test.free"));
            assertThat(rig.host.home().resolve("conf/web-token")).doesNotExist();
            // the origin rules still hold
            raw(port, "POST", "/api/bundles?name=evil.jar", h, "null", WebApiIT.jar("test.evil"))
                    .error(403);
            assertThat(raw(port, "PUT", "/api/status", h, null, utf8("{\"mode\":\"IDLE\"}"))
                            .status())
                    .isEqualTo(200);
            run.get(60, TimeUnit.SECONDS);
        } finally {
            System.clearProperty("neurorig.web.uploadsWithoutToken");
        }
    }
}
