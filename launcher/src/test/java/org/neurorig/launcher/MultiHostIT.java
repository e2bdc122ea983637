package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One pipeline over two hosts on two real network stacks: host A (this namespace) starts the file
 * and runs the source; host B (a network namespace behind a veth pair, a separate {@code neurorig
 * serve} process with its own clock offset) runs a gain and a counter. Real processes, real ZeroMQ
 * tcp with CURVE between them: exact sample counts at B, B's clock offset estimated within 50 µs,
 * and B killed and restarted while A acquires, with nothing lost.
 */
class MultiHostIT {
    /** B's clock runs this far ahead of A's (a test-only property of the host clock). */
    private static final long PLANTED_OFFSET_NANOS = 123_456_789L;

    private static final int RATE = 30000;
    /** Host A runs this long; B counts exactly this many samples. */
    private static final long SAMPLES = 20L * RATE;

    private final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path tmp;

    private VethPair net;
    private Path conf;
    /** The counters' files on A and on B, A's console and A's page. */
    private Path atA;

    private Path atB;
    private Path logA;
    private int port;

    @BeforeEach
    void network() throws Exception {
        net = VethPair.create("nrm");
        conf = tmp.resolve("conf");
        // one key pair for both hosts (one distribution here); each lists the other by name
        Process keys = neurorig(tmp.resolve("keys.log"), "", List.of("keys"));
        assertThat(keys.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(keys.exitValue())
                .as(Files.readString(tmp.resolve("keys.log")))
                .isZero();
        Path allowed = Files.createDirectories(conf.resolve("keys/allowed"));
        Files.copy(conf.resolve("keys/host.pub"), allowed.resolve("b.pub"));
        Files.copy(conf.resolve("keys/host.pub"), allowed.resolve("coordinator.pub"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    void aPipelineOverTwoHostsCountsEverySampleAtBAndKnowsBsClock() throws Exception {
        Process b = hostB("b1");
        Process a = hostA(300); // 100 blocks a second: the clock is measured, not the throughput
        // B's clock as A's page shows it, while the rig runs
        JsonNode clock = HostPage.await(
                http,
                a,
                logA,
                port,
                "/api/hosts",
                h -> h.at("/hosts/b/clock/samples").asInt() >= 256,
                60);
        long offset = clock.at("/hosts/b/clock/offsetNanos").asLong();
        System.out.printf(
                "MultiHostIT: B's clock %s, error %d ns%n", clock.at("/hosts/b/clock"), offset + PLANTED_OFFSET_NANOS);
        assertThat(Math.abs(offset + PLANTED_OFFSET_NANOS))
                .as("offset estimate %s vs planted −%d ns", clock.at("/hosts/b/clock"), PLANTED_OFFSET_NANOS)
                .isLessThanOrEqualTo(50_000);
        assertThat(clock.at("/hosts/b/state").asText()).isEqualTo("ONLINE");
        JsonNode streams = HostPage.get(http, port, "/api/streams");
        assertThat(streams.at("/clocks/b/offsetNanos").asLong()).isBetween(offset - 1_000_000, offset + 1_000_000);
        assertThat(streams.at("/clocks/b/uncertaintyNanos").asLong()).isPositive();
        assertThat(a.waitFor(90, TimeUnit.SECONDS)).as(Files.readString(logA)).isTrue();
        assertThat(a.exitValue()).as(Files.readString(logA)).isZero();
        JsonNode here = RigFixture.readJson(atA).get("sig.out");
        assertThat(here.get("samples").asLong()).isEqualTo(SAMPLES);
        // B wrote its last counts when A stopped it; it stays up, IDLE
        JsonNode there = awaitCount(atB, "amp.out", n -> n.get("samples").asLong() == SAMPLES, 30);
        assertThat(there.get("firstSample").asLong()).isZero();
        assertThat(there.get("endSample").asLong()).isEqualTo(SAMPLES);
        assertThat(there.get("seqGaps").asLong()).isZero();
        assertThat(there.get("sampleGaps").asLong()).isZero();
        assertThat(b.isAlive()).isTrue();
    }

    @Test
    void hostBKilledAndRestartedLosesNothingWhileAKeepsAcquiring() throws Exception {
        Process b1 = hostB("b1");
        Process a = hostA(30); // 1 ms blocks: 1000 a second to keep through the outage
        JsonNode before = awaitCount(atB, "amp.out", n -> n.get("samples").asLong() >= 2L * RATE, 60);
        long b1Written = before.get("endSample").asLong();
        b1.destroyForcibly(); // kill -9: no goodbye to A
        assertThat(b1.waitFor(30, TimeUnit.SECONDS)).isTrue();
        HostPage.await(
                http,
                a,
                logA,
                port,
                "/api/hosts",
                h -> h.at("/hosts/b/state").asText().equals("OFFLINE"),
                30);
        JsonNode acquiring = HostPage.get(http, port, "/api/status");
        assertThat(acquiring.get("mode").asText()).isEqualTo("ACQUIRE");
        Thread.sleep(1000); // the outage goes on a little (A keeps acquiring: checked by its counts below)
        hostB("b2");
        HostPage.await(
                http,
                a,
                logA,
                port,
                "/api/hosts",
                h -> h.at("/hosts/b/state").asText().equals("ONLINE")
                        && h.at("/hosts/b/restarts").asInt() >= 1,
                60);
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(logA)).isTrue();
        assertThat(a.exitValue()).as(Files.readString(logA)).isZero();
        assertThat(RigFixture.readJson(atA).at("/sig.out/samples").asLong()).isEqualTo(SAMPLES);
        JsonNode again = awaitCount(atB, "amp.out", n -> n.get("endSample").asLong() == SAMPLES, 30);
        // B2 got what B1 had not confirmed (kept by A through the outage) and everything after, no hole
        long b2First = again.get("firstSample").asLong();
        assertThat(b2First)
                .as("B2 resumes where B1 stopped (B1's file said %d)", b1Written)
                .isLessThanOrEqualTo(b1Written + (long) (1.5 * RATE));
        assertThat(again.get("samples").asLong()).isEqualTo(SAMPLES - b2First);
        assertThat(again.get("sampleGaps").asLong()).isZero();
        assertThat(again.get("seqGaps").asLong()).isZero();
    }

    /**
     * Host A: {@code neurorig run} of the two-host file for {@link #SAMPLES} in blocks of
     * {@code blockSamples}, its page on {@link #port}.
     */
    private Process hostA(int blockSamples) throws IOException {
        atA = tmp.resolve("a-count.json");
        atB = tmp.resolve("b-count.json");
        logA = tmp.resolve("a.log");
        port = RigFixture.freePort();
        Path p = tmp.resolve("two.yaml");
        Files.writeString(
                p,
                """
                name: twohosts
                hosts: { b: "%s:5572" }
                nodes:
                  sig:   { type: sim.sine, config: { channels: 16, rate: %d, blockSamples: %d } }
                  here:  { type: sink.count, in: sig, config: { file: "%s" } }
                  amp:   { type: gain.scale, in: sig, at: b }
                  there: { type: sink.count, in: amp, at: b, config: { file: "%s" } }
                """
                        .formatted(net.nsAddress, RATE, blockSamples, atA, atB));
        return neurorig(
                logA,
                busOptions(),
                List.of("run", p.toString(), "--port", "" + port, "--duration", "" + SAMPLES / RATE));
    }

    /** Host B: {@code neurorig serve} in the namespace, its control channel on the veth, its clock ahead. */
    private Process hostB(String name) throws Exception {
        Path log = tmp.resolve(name + ".log");
        Path logs = tmp.resolve(name + "-logs");
        String opts = "-Dneurorig.control=tcp://" + net.nsAddress + ":5572 -Dneurorig.bus.subscribe=none"
                + " -Dneurorig.bus.publish=none -Dneurorig.clock.testOffsetNanos=" + PLANTED_OFFSET_NANOS;
        Process p = start(
                log, logs, opts, net.inside(List.of(dist.resolve("bin/neurorig").toString(), "serve", "--quiet")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path file = logs.resolve("neurorig.0.log");
        while (!(Files.exists(file) && Files.readString(file).contains("control channel open"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                fail("host B never opened its control channel:\n" + Files.readString(log)
                        + (Files.exists(file) ? Files.readString(file) : ""));
            }
            Thread.sleep(100);
        }
        return p;
    }

    private String busOptions() throws IOException {
        return "-Dneurorig.bus.subscribe=tcp://127.0.0.1:" + RigFixture.freePort()
                + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + RigFixture.freePort();
    }

    private Process neurorig(Path log, String opts, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist.resolve("bin/neurorig").toString());
        cmd.addAll(args);
        return start(log, tmp.resolve("logs-" + log.getFileName()), opts, cmd);
    }

    private Process start(Path log, Path logs, String opts, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("NEURORIG_JAVA_OPTS", "-Xmx512m -Dneurorig.conf=" + conf + " " + opts);
        pb.environment().put("NEURORIG_LOG_DIR", logs.toString());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Waits for the counter file's entry {@code stream} to satisfy {@code ok}. */
    private static JsonNode awaitCount(Path file, String stream, Predicate<JsonNode> ok, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                try {
                    last = RigFixture.readJson(file).get(stream);
                    if (last != null && ok.test(last)) {
                        return last;
                    }
                } catch (IOException e) {
                    // being replaced
                }
            }
            Thread.sleep(200);
        }
        return fail("counts of " + stream + " in " + file + " never got there; last: " + last);
    }
}
