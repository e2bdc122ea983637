package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neurorig serve} as a service manager runs it: the real {@code bin/neurorig} process started
 * with no pipeline, a pipeline loaded through the API, then driven the way Open Ephys' Python client
 * ({@code open_ephys.control.OpenEphysHTTPServer}) drives the Open Ephys GUI, through several
 * IDLE → ACQUIRE → RECORD → ACQUIRE → IDLE cycles, each recording read back; the log file; and
 * SIGTERM draining and exiting 0.
 */
class ServiceIT {
    private static final int CHANNELS = 4;
    private static final int RATE = 30_000;

    private final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();

    @TempDir
    Path tmp;

    /**
     * The HTTP calls of {@code open_ephys.control.OpenEphysHTTPServer} (open-ephys-python-tools),
     * exactly: {@code send} GETs without a payload, else PUTs {@code json.dumps(payload)} as the body
     * with no content type (requests' {@code data=} of a str); {@code record} and {@code idle} ask the
     * status first, and with a duration sleep it and return to the previous mode.
     */
    static final class OpenEphysClient {
        private final String address;
        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        OpenEphysClient(String address) {
            this.address = address;
        }

        JsonNode send(String endpoint, String payload) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address + endpoint))
                    .timeout(Duration.ofSeconds(60))
                    .header("User-Agent", "python-requests/2.31.0")
                    .header("Accept", "*/*");
            b = payload == null ? b.GET() : b.PUT(HttpRequest.BodyPublishers.ofString(payload));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            // the client reads resp.json() whatever the status; a test wants to see the error
            assertThat(r.statusCode())
                    .as(endpoint + " " + payload + ": " + r.body())
                    .isEqualTo(200);
            return RigFixture.JSON.readTree(r.body());
        }

        /** {@code json.dumps({'mode': mode})}. */
        private static String mode(String mode) {
            return "{\"mode\": \"" + mode + "\"}";
        }

        String status() throws Exception {
            return send("/api/status", null).get("mode").asText();
        }

        String acquire() throws Exception {
            return send("/api/status", mode("ACQUIRE")).get("mode").asText();
        }

        String record(double seconds) throws Exception {
            String previous = status();
            JsonNode data = send("/api/status", mode("RECORD"));
            if (seconds > 0) {
                Thread.sleep((long) (seconds * 1000)); // the client's own time.sleep(duration)
                data = send("/api/status", mode(previous));
            }
            return data.get("mode").asText();
        }

        String idle() throws Exception {
            status(); // previous_mode, used only with a duration
            return send("/api/status", mode("IDLE")).get("mode").asText();
        }

        JsonNode setParentDir(String path) throws Exception {
            return send("/api/recording", "{\"parent_directory\": \"" + path + "\"}");
        }
    }

    @Test
    void servesWithoutAPipelineThenCyclesThroughOpenEphysModesAndDrainsOnSigterm() throws Exception {
        int port = RigFixture.freePort();
        String name = "service-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        // inside the distribution's recordings/, where the API may point a recording (WebSecurityIT)
        Path recordings = dist.resolve("recordings").resolve(name);
        Path console = tmp.resolve("console.txt");
        ProcessBuilder pb = new ProcessBuilder(
                        dist.resolve("bin/neurorig").toString(), "serve", "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(console.toFile()); // a file: nobody has to keep reading a pipe
        pb.environment()
                .put(
                        "NEURORIG_JAVA_OPTS",
                        "-Xmx512m -Dneurorig.bus.subscribe=tcp://127.0.0.1:" + RigFixture.freePort()
                                + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + RigFixture.freePort());
        Process p = pb.start();
        try {
            OpenEphysClient gui = new OpenEphysClient("http://127.0.0.1:" + port);
            await("the HTTP status of serve", 90_000, p, console, () -> answers(gui));
            // IDLE with no pipeline; the console's status line says so each second
            assertThat(gui.status()).isEqualTo("IDLE");
            await("an IDLE status line", 10_000, p, console, () -> text(console)
                    .lines()
                    .anyMatch(l -> l.matches("\\[ *\\d+\\.\\ds\\] IDLE \\| .*")));

            // a pipeline through the API
            String yaml =
                    """
                    name: %s
                    nodes:
                      amp:   { type: sim.sine, config: { channels: %d, rate: %d, blockSamples: 30, amplitude: 1000, frequency: 10 } }
                      count: { type: sink.count, in: amp }
                    """
                            .formatted(name, CHANNELS, RATE);
            JsonNode put = gui.send("/api/pipeline", yaml);
            assertThat(put.get("name").asText()).isEqualTo(name);
            assertThat(put.get("mode").asText()).isEqualTo("IDLE");

            // status, idle, acquire, record(2), acquire, idle, acquire, record(1), record(1), idle
            assertThat(gui.status()).isEqualTo("IDLE");
            assertThat(gui.idle()).isEqualTo("IDLE");
            assertUp(p, gui);
            gui.setParentDir(recordings.toString());
            assertThat(gui.acquire()).isEqualTo("ACQUIRE");
            assertThat(gui.record(2)).isEqualTo("ACQUIRE");
            assertThat(gui.acquire()).isEqualTo("ACQUIRE");
            assertThat(gui.idle()).isEqualTo("IDLE");
            assertUp(p, gui);
            assertThat(gui.acquire()).isEqualTo("ACQUIRE");
            assertThat(gui.record(1)).isEqualTo("ACQUIRE");
            assertThat(gui.record(1)).isEqualTo("ACQUIRE");
            assertThat(gui.idle()).isEqualTo("IDLE");
            assertUp(p, gui);

            // As Open Ephys numbers them: an experiment per start of acquisition, a recording per
            // start of recording in it.
            Map<String, long[]> recorded = recordings(recordings);
            assertThat(recorded.keySet())
                    .containsExactly("experiment1/recording1", "experiment2/recording1", "experiment2/recording2");
            assertThat(recorded.get("experiment1/recording1").length)
                    .as("about 2 s at 30 kHz")
                    .isBetween(RATE / 2, RATE * 10);
            for (String r : List.of("experiment2/recording1", "experiment2/recording2")) {
                assertThat(recorded.get(r).length).as(r + ": about 1 s").isBetween(RATE / 4, RATE * 8);
            }
            assertThat(recorded.get("experiment2/recording2")[0])
                    .as("the second recording of a run starts after the first ended")
                    .isGreaterThan(last(recorded.get("experiment2/recording1")));

            // the log file under logs/, written as it goes: each change of mode on a dated line
            java.util.regex.Pattern acquireLine = java.util.regex.Pattern.compile(
                    "(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO \\S+: ACQUIRE: pipeline '" + name
                            + "' \\(2 nodes\\)$");
            long acquires = acquireLine.matcher(logText()).results().count();
            // SIGTERM while acquiring: drained, exit 0
            assertThat(gui.acquire()).isEqualTo("ACQUIRE");
            await(
                    "this ACQUIRE in the log",
                    10_000,
                    p,
                    console,
                    () -> acquireLine.matcher(logText()).results().count() > acquires);
            assertThat(logText()).contains("RECORD: pipeline '" + name + "'").contains("IDLE: no pipeline running");
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid()))
                            .start()
                            .waitFor())
                    .isZero();
            assertThat(p.waitFor(40, TimeUnit.SECONDS))
                    .as("serve ended after SIGTERM; console:\n" + text(console))
                    .isTrue();
            assertThat(p.exitValue()).as(text(console)).isZero();
            assertThat(text(console)).contains("stopping: draining queued blocks");
        } finally {
            p.destroyForcibly();
            deleteTree(recordings);
        }
    }

    private static boolean answers(OpenEphysClient gui) {
        try {
            return gui.send("/api/status", null).has("mode");
        } catch (IOException e) {
            return false; // not listening yet
        } catch (AssertionError e) {
            return false; // the server is up before the API's servlet is registered: 404 for a moment
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertUp(Process p, OpenEphysClient gui) throws Exception {
        assertThat(p.isAlive()).as("serve is still up").isTrue();
        assertThat(gui.status()).isEqualTo("IDLE");
    }

    /** Polls until {@code condition} holds; fails at the deadline or when the process ended, with its console. */
    private static void await(String what, long millis, Process p, Path console, Callable<Boolean> condition)
            throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.call()) {
            assertThat(p.isAlive())
                    .as("serve ended while waiting for " + what + ":\n" + text(console))
                    .isTrue();
            assertThat(System.currentTimeMillis())
                    .as("waiting for " + what + "; console:\n" + text(console))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String text(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
    }

    /** Every log file of the distribution, the current and the rotated ones, as one text. */
    private String logText() throws IOException {
        Path logs = dist.resolve("logs");
        assertThat(logs).isDirectory();
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(logs)) {
            for (Path f : s.filter(f -> f.getFileName().toString().matches("neurorig\\.\\d+\\.log(\\.\\d+)?"))
                    .toList()) {
                b.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertThat(b.toString().lines().count()).as("lines in " + logs).isPositive();
        return b.toString();
    }

    /**
     * Each recording under {@code root} ({@code experiment<N>/recording<M>} → its sample numbers),
     * checked: one continuous stream of {@value #CHANNELS} channels in structure.oebin, a
     * continuous.dat of samples × channels × 2 bytes, contiguous sample numbers and the sine's values.
     */
    private static Map<String, long[]> recordings(Path root) throws Exception {
        List<Path> dats;
        try (Stream<Path> s = Files.walk(root)) {
            dats = s.filter(f -> f.getFileName().toString().equals("continuous.dat"))
                    .sorted()
                    .toList();
        }
        Map<String, long[]> out = new TreeMap<>();
        for (Path dat : dats) {
            Path recording = dat.getParent().getParent().getParent();
            String key = recording.getParent().getFileName() + "/" + recording.getFileName();
            JsonNode oebin = RigFixture.readJson(recording.resolve("structure.oebin"));
            assertThat(oebin.get("continuous")).as(key).hasSize(1);
            assertThat(oebin.get("continuous").get(0).get("num_channels").asInt())
                    .as(key)
                    .isEqualTo(CHANNELS);
            long[] n = LiveRecordIT.npyLongs(dat.resolveSibling("sample_numbers.npy"));
            assertThat(Files.size(dat)).as(key + " continuous.dat bytes").isEqualTo((long) n.length * CHANNELS * 2);
            ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(dat)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 1; i < n.length; i++) {
                assertThat(n[i]).as("%s sample number %d", key, i).isEqualTo(n[i - 1] + 1);
            }
            for (int i = 0; i < n.length; i += 997) {
                for (int ch = 0; ch < CHANNELS; ch++) {
                    short expected = (short)
                            Math.round(1000 * Math.sin(2 * Math.PI * 10 * n[i] / RATE + 2 * Math.PI * ch / CHANNELS));
                    assertThat(data.getShort((i * CHANNELS + ch) * 2))
                            .as("%s sample %d channel %d", key, n[i], ch)
                            .isEqualTo(expected);
                }
            }
            assertThat(out.put(key, n)).as(key + " holds one stream").isNull();
        }
        return out;
    }

    private static long last(long[] a) {
        return a[a.length - 1];
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path f : all) {
            Files.deleteIfExists(f);
        }
    }
}
