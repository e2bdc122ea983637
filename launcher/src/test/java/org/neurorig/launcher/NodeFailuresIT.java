package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that must not spread (issue 11, B.4, B.5, C.7), each through the real {@code bin/neurorig run}
 * of a distribution whose {@code bundles/} also holds the test fixtures ({@code test.faulty}) and the
 * template adapter ({@code sim.flaky}): a consumer failing on every block, a source whose file is
 * missing, a device plugged in after the start, a component that fails to activate; and {@code --strict}.
 * Expected sample counts come from the sources' rate × duration.
 */
class NodeFailuresIT {
    private static final Path DIST =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();
    private static final Path FIXTURES =
            Path.of(System.getProperty("neurorig.fixtures", "target/fixtures")).toAbsolutePath();

    @TempDir
    Path tmp;

    private Path neurorig;

    /** A distribution of its own: the real script, libraries and configuration, every bundle plus the fixtures. */
    @BeforeEach
    void distributionWithFixtures() throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("bundles"));
        neurorig = Files.copy(DIST.resolve("bin/neurorig"), home.resolve("bin/neurorig"));
        neurorig.toFile().setExecutable(true);
        Files.createSymbolicLink(home.resolve("lib"), DIST.resolve("lib"));
        Files.createSymbolicLink(home.resolve("conf"), DIST.resolve("conf"));
        for (Path dir : new Path[] {DIST.resolve("bundles"), FIXTURES}) {
            try (Stream<Path> jars = Files.list(dir)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.createSymbolicLink(home.resolve("bundles").resolve(jar.getFileName()), jar);
                }
            }
        }
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(neurorig.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment()
                .put(
                        "NEURORIG_JAVA_OPTS",
                        "-Xmx512m -Dneurorig.bus.subscribe=tcp://127.0.0.1:" + RigFixture.freePort()
                                + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + RigFixture.freePort());
        return pb.start();
    }

    /** Collects a process's console on a thread of its own, so that it never blocks on a full pipe. */
    private static final class Console {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread reader;

        Console(Process p) {
            InputStream in = p.getInputStream();
            reader = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        String finish(Process p, long seconds) throws InterruptedException {
            boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            reader.join(5000);
            assertThat(ended)
                    .as("ended within %d s; console:%n%s", seconds, text())
                    .isTrue();
            return text();
        }
    }

    /** Expected failures are reported in one line each: no stack trace, no SEVERE record on the console. */
    private static void assertNoStackTrace(String console) {
        assertThat(console).doesNotContain("\tat ").doesNotContain("SEVERE").doesNotContain("Exception while");
    }

    @Test
    void aConsumerFailingOnEveryBlockNeitherHoldsUpItsProducerNorItsSiblingNorTheEnd() throws Exception {
        Path counts = tmp.resolve("counts.json");
        Path summary = tmp.resolve("summary.json");
        Path pipeline = Files.writeString(
                tmp.resolve("spread.yaml"),
                """
                name: spread
                nodes:
                  amp:    { type: sim.sine, config: { channels: 4, rate: 30000, blockSamples: 30 } }
                  faulty: { type: test.faulty, in: amp, config: { failEvery: 1 } }
                  gain:   { type: gain.scale, in: amp }
                  count:  { type: sink.count, in: [faulty, gain], config: { file: "%s" } }
                """
                        .formatted(counts));
        // Longer than the 8 s that the faulty node's queue held before the fix, when the source stopped.
        int seconds = 12;
        long t0 = System.nanoTime();
        Process p = start(
                "run",
                pipeline.toString(),
                "--duration",
                Integer.toString(seconds),
                "--summary",
                summary.toString(),
                "--no-web");
        String console = new Console(p).finish(p, seconds + 60);
        double took = (System.nanoTime() - t0) / 1e9;
        assertThat(p.exitValue()).as(console).isZero();
        assertThat(console).contains("summary written");

        long samples = 30_000L * seconds;
        long blocks = samples / 30;
        JsonNode good = RigFixture.readJson(counts).get("gain.out");
        assertThat(good.get("samples").asLong()).as(console).isEqualTo(samples);
        assertThat(good.get("seqGaps").asLong()).isZero();
        assertThat(good.get("sampleGaps").asLong()).isZero();

        JsonNode sum = RigFixture.readJson(summary);
        JsonNode amp = sum.get("streams").get("amp.out");
        assertThat(amp.get("samples").asLong()).isEqualTo(samples);
        assertThat(sum.get("streams").get("gain.out").get("drops").asLong()).isZero();
        JsonNode faulty = sum.get("nodes").get("faulty");
        assertThat(faulty.get("status").asText()).isEqualTo("FAILED");
        assertThat(faulty.get("message").asText())
                .contains("injected failure at block")
                .contains("its input is dropped (counted)");
        // Every block of amp.out either reached the faulty node (and failed there) or is counted dropped.
        assertThat(amp.get("drops").asLong()).isPositive();
        assertThat(faulty.get("blocksIn").asLong() + amp.get("drops").asLong()).isEqualTo(blocks);
        assertThat(faulty.get("errors").asLong())
                .isEqualTo(faulty.get("blocksIn").asLong());
        // Bounded: start-up of the host, the duration, the stop.
        assertThat(took).as(console).isLessThan(seconds + 45);
    }

    private Path missingPlaybackBesideASine(Path counts, Path played) throws IOException {
        return Files.writeString(
                tmp.resolve("offline.yaml"),
                """
                name: offline
                nodes:
                  amp:    { type: sim.sine, config: { channels: 2, rate: 20000, blockSamples: 20 } }
                  play:   { type: playback.openephys, config: { path: "%s" } }
                  count:  { type: sink.count, in: amp, config: { file: "%s" } }
                  played: { type: sink.count, in: play.out, config: { file: "%s" } }
                """
                        .formatted(tmp.resolve("no-such-recording"), counts, played));
    }

    @Test
    void aSourceThatCannotOpenIsShownOfflineWhileTheRestRunsItsDuration() throws Exception {
        Path counts = tmp.resolve("counts.json");
        Path summary = tmp.resolve("summary.json");
        Path pipeline = missingPlaybackBesideASine(counts, tmp.resolve("played.json"));
        int seconds = 4;
        Process p = start(
                "run",
                pipeline.toString(),
                "--duration",
                Integer.toString(seconds),
                "--summary",
                summary.toString(),
                "--port",
                Integer.toString(RigFixture.freePort()));
        String console = new Console(p).finish(p, seconds + 60);
        assertThat(p.exitValue()).as(console).isZero();
        assertNoStackTrace(console);

        JsonNode sine = RigFixture.readJson(counts).get("amp.out");
        assertThat(sine.get("samples").asLong()).isEqualTo(20_000L * seconds);
        assertThat(sine.get("seqGaps").asLong() + sine.get("sampleGaps").asLong())
                .isZero();
        JsonNode nodes = RigFixture.readJson(summary).get("nodes");
        assertThat(nodes.get("play").get("status").asText()).isEqualTo("OFFLINE");
        assertThat(nodes.get("play").get("message").asText())
                .contains("open failed")
                .contains(tmp.resolve("no-such-recording").toString())
                .contains("retrying");
        // Downstream of the offline source simply has no input yet.
        assertThat(nodes.get("played").get("status").asText()).isEqualTo("STARTING");
        assertThat(nodes.get("played").get("message").asText())
                .contains("play.out")
                .contains("OFFLINE");
        // The status line says it too, in one line per second, not one per retry.
        assertThat(console).contains("play OFFLINE (open failed: ");
        assertThat(console.lines()
                        .filter(l -> l.contains("WARNING") && l.contains("play: OFFLINE"))
                        .count())
                .isEqualTo(1);
    }

    /** B.5: a recorder refusing to start (too little free space) no longer stops acquisition. */
    @Test
    void aRecorderRefusingToStartForLowDiskSpaceLeavesAcquisitionRunning() throws Exception {
        Path counts = tmp.resolve("counts.json");
        Path summary = tmp.resolve("summary.json");
        // 1 PiB, the key's maximum: more than any test machine has free.
        Path pipeline = Files.writeString(
                tmp.resolve("lowdisk.yaml"),
                """
                name: lowdisk
                nodes:
                  amp:   { type: sim.sine, config: { channels: 2, rate: 20000, blockSamples: 20 } }
                  count: { type: sink.count, in: amp, config: { file: "%s" } }
                  rec:   { type: record.openephys, in: amp, config: { dir: "%s", minFreeBytes: 1125899906842624 } }
                """
                        .formatted(counts, tmp.resolve("recordings")));
        int seconds = 3;
        Process p = start(
                "run",
                pipeline.toString(),
                "--duration",
                Integer.toString(seconds),
                "--summary",
                summary.toString(),
                "--port",
                Integer.toString(RigFixture.freePort()));
        String console = new Console(p).finish(p, seconds + 60);
        assertThat(p.exitValue()).as(console).isZero();
        assertNoStackTrace(console);

        JsonNode sine = RigFixture.readJson(counts).get("amp.out");
        assertThat(sine.get("samples").asLong()).isEqualTo(20_000L * seconds);
        assertThat(sine.get("seqGaps").asLong() + sine.get("sampleGaps").asLong())
                .isZero();
        JsonNode rec = RigFixture.readJson(summary).get("nodes").get("rec");
        assertThat(rec.get("status").asText()).isEqualTo("FAILED");
        assertThat(rec.get("message").asText()).contains("refusing to record");
    }

    @Test
    void strictMakesASourceThatCannotOpenFailTheStartWithTheReason() throws Exception {
        Path pipeline = missingPlaybackBesideASine(tmp.resolve("counts.json"), tmp.resolve("played.json"));
        Process p = start(
                "run",
                pipeline.toString(),
                "--duration",
                "30",
                "--strict",
                "--port",
                Integer.toString(RigFixture.freePort()));
        // Well before the duration: the start fails, nothing runs.
        String console = new Console(p).finish(p, 25);
        assertThat(p.exitValue()).as(console).isEqualTo(1);
        assertThat(console)
                .contains("neurorig run: node 'play' (playback.openephys): open failed: "
                        + tmp.resolve("no-such-recording"));
        assertThat(console).doesNotContain("running 'offline'");
        assertNoStackTrace(console);
    }

    private Path activationFailureBesideASine(Path counts) throws IOException {
        return Files.writeString(
                tmp.resolve("activate.yaml"),
                """
                name: activate
                nodes:
                  amp:   { type: sim.sine, config: { channels: 2, rate: 10000, blockSamples: 10 } }
                  bad:   { type: test.faulty, in: amp, config: { activateError: "calibration table cal-7.csv is missing" } }
                  count: { type: sink.count, in: amp, config: { file: "%s" } }
                """
                        .formatted(counts));
    }

    @Test
    void aComponentThatFailsToActivateIsReportedWithItsOwnMessageAndTheRestRuns() throws Exception {
        Path counts = tmp.resolve("counts.json");
        Path summary = tmp.resolve("summary.json");
        int seconds = 3;
        Process p = start(
                "run",
                activationFailureBesideASine(counts).toString(),
                "--duration",
                Integer.toString(seconds),
                "--summary",
                summary.toString(),
                "--no-web");
        String console = new Console(p).finish(p, seconds + 60);
        assertThat(p.exitValue()).as(console).isZero();
        assertNoStackTrace(console);
        assertThat(RigFixture.readJson(counts).get("amp.out").get("samples").asLong())
                .isEqualTo(10_000L * seconds);
        JsonNode bad = RigFixture.readJson(summary).get("nodes").get("bad");
        assertThat(bad.get("status").asText()).isEqualTo("FAILED");
        assertThat(bad.get("message").asText())
                .isEqualTo(
                        "its component failed to activate: IllegalStateException: calibration table cal-7.csv is missing");
    }

    @Test
    void strictReportsAFailedActivationPromptlyWithItsMessageNotATimeout() throws Exception {
        Process p = start(
                "run", activationFailureBesideASine(tmp.resolve("counts.json")).toString(), "--strict", "--no-web");
        String console = new Console(p).finish(p, 60);
        assertThat(p.exitValue()).as(console).isEqualTo(1);
        assertThat(console)
                .contains("neurorig run: node 'bad' (test.faulty): its component failed to activate: "
                        + "IllegalStateException: calibration table cal-7.csv is missing");
        assertThat(console).doesNotContain("no component instance after");
        assertNoStackTrace(console);
    }

    @Test
    void aDevicePluggedInAfterTheStartIsShownOfflineThenItsStreamStarts() throws Exception {
        Path counts = tmp.resolve("counts.json");
        Path devCounts = tmp.resolve("dev-counts.json");
        Path summary = tmp.resolve("summary.json");
        Path pipeline = Files.writeString(
                tmp.resolve("late.yaml"),
                """
                name: late
                nodes:
                  amp:   { type: sim.sine, config: { channels: 2, rate: 10000, blockSamples: 10 } }
                  dev:   { type: sim.flaky, config: { channels: 3, rate: 2000, blockSamples: 20, absentMillis: 4000 } }
                  count: { type: sink.count, in: amp, config: { file: "%s" } }
                  devs:  { type: sink.count, in: dev, config: { file: "%s" } }
                """
                        .formatted(counts, devCounts));
        int port = RigFixture.freePort();
        int seconds = 5;
        Process p = start(
                "run",
                pipeline.toString(),
                "--duration",
                Integer.toString(seconds),
                "--summary",
                summary.toString(),
                "--port",
                Integer.toString(port));
        Console console = new Console(p);
        // While the device is absent the API shows it OFFLINE with the adapter's own message.
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        JsonNode dev = null;
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/processors"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    for (JsonNode n : RigFixture.JSON.readTree(r.body()).get("processors")) {
                        if (n.get("name").asText().equals("dev")
                                && n.get("status").asText().equals("OFFLINE")) {
                            dev = n;
                        }
                    }
                }
            } catch (IOException e) {
                // the page is not up yet
            }
            if (dev != null) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(dev).as(console.text()).isNotNull();
        assertThat(dev.get("message").asText()).contains("sim.flaky: no device answers; is it plugged in?");

        String out = console.finish(p, 90);
        assertThat(p.exitValue()).as(out).isZero();
        assertNoStackTrace(out);
        JsonNode sum = RigFixture.readJson(summary);
        // Once it answers, its stream starts and runs the whole duration of its own.
        assertThat(sum.get("streams").get("dev.out").get("samples").asLong())
                .as(out)
                .isEqualTo(2000L * seconds);
        assertThat(sum.get("nodes").get("dev").get("status").asText()).isEqualTo("STOPPED");
        JsonNode got = RigFixture.readJson(devCounts).get("dev.out");
        assertThat(got.get("samples").asLong()).isEqualTo(2000L * seconds);
        assertThat(got.get("firstSample").asLong()).isZero();
        assertThat(got.get("seqGaps").asLong() + got.get("sampleGaps").asLong()).isZero();
        assertThat(RigFixture.readJson(counts).get("amp.out").get("samples").asLong())
                .isEqualTo(10_000L * seconds);
        assertThat(out)
                .contains("dev OFFLINE (open failed: sim.flaky: no device answers; is it plugged in?; retrying)");
    }
}
