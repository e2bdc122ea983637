package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.bus.MalformedFrameException;
import org.neurorig.bus.WireHeader;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The recorder end to end: {@code run --record} in a real host, read back with the NumPy-only reader
 * of the record plugin; and a real {@code kill -9} of {@code bin/neurorig run} followed by
 * {@code neurorig recover}. Needs Debian's {@code /usr/bin/python3} with numpy: required when
 * {@code CI=true}, skipped otherwise.
 */
class RecordIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Pattern ROWS = Pattern.compile("'shape': \\((\\d+),");
    private final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();
    private final Path repo =
            Path.of(System.getProperty("neurorig.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @BeforeAll
    static void requirePython() throws Exception {
        boolean ok = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import numpy")
                    .redirectErrorStream(true)
                    .start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(ok).as(PYTHON + " with numpy is required in CI").isTrue();
        }
        Assumptions.assumeTrue(ok, PYTHON + " with numpy not available");
    }

    private JsonNode readBack(Path recording) throws Exception {
        return readBack(recording, "--expect-sine", "1000", "10");
    }

    private JsonNode readBack(Path recording, String... options) throws Exception {
        Path reader = repo.resolve("plugins/org.neurorig.plugin.record/src/test/python/read_oebin.py");
        List<String> cmd = new ArrayList<>(List.of(PYTHON, reader.toString(), recording.toString()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        String[] lines = out.split("\n");
        return RigFixture.JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void runWithRecordWritesEverySampleOfEveryStream() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path pipeline = rig.write(
                    "rec.yaml",
                    """
                    name: rec-it
                    nodes:
                      amp:  { type: sim.sine, config: { channels: 16, rate: 30000, blockSamples: 300 } }
                      gain: { type: gain.scale, in: amp, config: { gain: 1.0 } }
                    """);
            Path out = tmp.resolve("recordings");
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(
                            pipeline.toString(),
                            "--duration",
                            "3",
                            "--record",
                            out.toString(),
                            "--summary",
                            summary.toString(),
                            "--quiet")
                    .get(60, TimeUnit.SECONDS);
            assertThat(code).isZero();
            JsonNode sum = RigFixture.readJson(summary);
            assertThat(sum.get("nodes").get("rec").get("errors").asLong()).isZero();
            assertThat(sum.get("nodes").get("rec").get("blocksIn").asLong()).isEqualTo(2 * 300);

            JsonNode j = readBack(out.resolve("Record Node 101/experiment1/recording1"));
            for (String folder : new String[] {"amp-100.out/", "gain-102.out/"}) {
                JsonNode c = j.get("continuous").get(folder);
                assertThat(c.get("samples").asLong()).as(folder).isEqualTo(90_000);
                assertThat(c.get("firstSample").asLong()).isZero();
                assertThat(c.get("contiguous").asBoolean()).isTrue();
                assertThat(c.get("timestampsMatch").asBoolean()).isTrue();
                assertThat(c.get("sineMismatches").asLong()).as(folder).isZero();
            }
            JsonNode gaps = RigFixture.readJson(out.resolve("Record Node 101/experiment1/recording1/gaps.json"));
            assertThat(gaps.get("gaps")).isEmpty();
            assertThat(out.resolve("Record Node 101/experiment1/recording1/RECOVERY_NEEDED.txt"))
                    .as("a cleanly closed recording needs no recover")
                    .doesNotExist();
        }
    }

    private static long headerRows(Path npy) throws IOException {
        if (!Files.exists(npy) || Files.size(npy) < 128) {
            return -1;
        }
        byte[] head = new byte[128];
        try (var in = Files.newInputStream(npy)) {
            if (in.readNBytes(head, 0, 128) < 128) {
                return -1;
            }
        }
        Matcher m = ROWS.matcher(new String(head, StandardCharsets.US_ASCII));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private Process neurorig(Path log, int subscribePort, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist.resolve("bin/neurorig").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment()
                .put(
                        "NEURORIG_JAVA_OPTS",
                        "-Xmx512m -Dneurorig.bus.subscribe=tcp://127.0.0.1:" + subscribePort
                                + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + RigFixture.freePort());
        return pb.start();
    }

    /** The JVM of the distribution, not the shell script that started it: kill -9 must hit the host. */
    private static ProcessHandle hostJvm(Process script) {
        return script.descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst()
                .orElse(script.toHandle());
    }

    /**
     * A client outside the host subscribed to its streams on the bus: the end (firstSample +
     * sampleCount) of the last block of each topic it received is what the source had published
     * by then, independently of the recorder.
     */
    private static final class BusObserver implements AutoCloseable {
        final String[] topics;
        final AtomicLong[] end;
        final AtomicLong lastMessageNanos = new AtomicLong(System.nanoTime());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        BusObserver(int port, String... topics) {
            this.topics = topics;
            this.end = new AtomicLong[topics.length];
            for (int i = 0; i < topics.length; i++) {
                end[i] = new AtomicLong();
            }
            thread = new Thread(() -> receive(port), "record-it-observer");
            thread.setDaemon(true);
            thread.start();
        }

        private void receive(int port) {
            try (ZContext ctx = new ZContext()) {
                ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
                sub.setReceiveTimeOut(100);
                sub.setRcvHWM(1_000_000); // never drop: the observer must see what was published
                sub.connect("tcp://127.0.0.1:" + port);
                for (String t : topics) {
                    sub.subscribe(t.getBytes(StandardCharsets.UTF_8));
                }
                WireHeader h = new WireHeader();
                while (running.get()) {
                    byte[] topic = sub.recv();
                    if (topic == null) {
                        continue;
                    }
                    byte[] header = sub.hasReceiveMore() ? sub.recv() : null;
                    while (sub.hasReceiveMore()) {
                        sub.recv();
                    }
                    lastMessageNanos.set(System.nanoTime());
                    int i = List.of(topics).indexOf(new String(topic, StandardCharsets.UTF_8));
                    if (i < 0 || header == null) {
                        continue;
                    }
                    try {
                        h.read(header, header.length);
                    } catch (MalformedFrameException e) {
                        continue;
                    }
                    if (!h.isDescriptor()) {
                        end[i].accumulateAndGet(h.firstSample() + h.sampleCount(), Math::max);
                    }
                }
            }
        }

        long end(String topic) {
            return end[List.of(topics).indexOf(topic)].get();
        }

        /** Waits until nothing arrived for {@code quietMillis}: what was on its way has been received. */
        void awaitQuiet(long quietMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() - lastMessageNanos.get() < TimeUnit.MILLISECONDS.toNanos(quietMillis)
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    /**
     * {@code kill -9} of a host recording sim.ephys (AP 30 kHz, LFP 2.5 kHz, sync TTL), at the moment
     * a flush is under way (the AP stream's header has just moved): the worst moment for a stream
     * flushed after another one's fsync, as the LFP was (issue 11: 1.07 s lost with a 1.0 s bound).
     * An outside subscriber tells how far each stream had been published; after {@code recover}
     * every stream must hold all but at most {@code flushSeconds} of it, the TTL edges must be the
     * simulator's (one every 15,000 AP samples), the recording must say it needed recovery until it
     * got it, and playing it back unrecovered must warn.
     */
    @Test
    void afterKillNineEveryStreamLosesAtMostTheFlushIntervalAndTheRecordingSaysItNeedsRecover() throws Exception {
        double flushSeconds = 1.0; // the recorder's default, used by --record
        Path pipeline = Files.writeString(
                tmp.resolve("kill.yaml"),
                """
                name: kill-it
                nodes:
                  probe: { type: sim.ephys, config: { probes: 1, units: 32, seed: 1 } }
                """);
        Path out = tmp.resolve("recordings");
        int subscribePort = RigFixture.freePort();
        Path rec = out.resolve("Record Node 101/experiment1/recording1");
        Path apSn = rec.resolve("continuous/probe-100.ap/sample_numbers.npy");
        long apBefore;
        long apAtKill;
        Process p;
        try (BusObserver bus = new BusObserver(subscribePort, "probe.ap", "probe.lfp")) {
            p = neurorig(
                    tmp.resolve("run.log"),
                    subscribePort,
                    "run",
                    pipeline.toString(),
                    "--record",
                    out.toString(),
                    "--quiet",
                    "--no-web");
            long deadline = System.currentTimeMillis() + 90_000;
            long flushed = -1;
            while (System.currentTimeMillis() < deadline && flushed < 3 * 30_000) {
                TimeUnit.MILLISECONDS.sleep(20);
                flushed = headerRows(apSn);
            }
            assertThat(flushed).as(Files.readString(tmp.resolve("run.log"))).isGreaterThanOrEqualTo(3 * 30_000);
            assertThat(rec.resolve("RECOVERY_NEEDED.txt"))
                    .as("a recording being written says so")
                    .exists();
            ProcessHandle jvm = hostJvm(p);
            apBefore = headerRows(apSn);
            apAtKill = apBefore;
            long watch = System.currentTimeMillis() + 10_000;
            while (apAtKill == apBefore && System.currentTimeMillis() < watch) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000); // look often, leave the host its CPU
                apAtKill = headerRows(apSn);
            }
            jvm.destroyForcibly(); // SIGKILL, the moment the next flush has begun
            assertThat(apAtKill).as("a flush seen within 10 s").isGreaterThan(apBefore);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            bus.awaitQuiet(500);
            long apPublished = bus.end("probe.ap");
            long lfpPublished = bus.end("probe.lfp");

            assertThat(rec.resolve("RECOVERY_NEEDED.txt"))
                    .as("the killed recording says it needs recover")
                    .exists();
            String command = "neurorig recover '" + rec + "'";
            assertThat(Files.readString(rec.resolve("RECOVERY_NEEDED.txt"))).contains(command);

            // playing it back before recover warns, naming the folder and the command
            Path play = Files.writeString(
                    tmp.resolve("play.yaml"),
                    """
                    name: play-unrecovered
                    nodes:
                      play:  { type: playback.openephys, config: { path: "%s", stream: probe-100.lfp, pace: fast } }
                      count: { type: sink.count, in: play.out }
                    """
                            .formatted(rec));
            Process pb = neurorig(
                    tmp.resolve("play.log"),
                    RigFixture.freePort(),
                    "run",
                    play.toString(),
                    "--duration",
                    "0.5",
                    "--quiet",
                    "--no-web");
            assertThat(pb.waitFor(90, TimeUnit.SECONDS)).isTrue();
            String playLog = Files.readString(tmp.resolve("play.log"));
            assertThat(playLog)
                    .as(playLog)
                    .contains(rec + " was not closed cleanly")
                    .contains(command);

            Process r = neurorig(tmp.resolve("recover.log"), RigFixture.freePort(), "recover", out.toString());
            assertThat(r.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(tmp.resolve("recover.log"));
            assertThat(r.exitValue()).as(log).isZero();
            assertThat(log).contains("recovered").contains("RECOVERY_NEEDED.txt removed");
            assertThat(rec.resolve("RECOVERY_NEEDED.txt"))
                    .as("recover removes the note")
                    .doesNotExist();

            JsonNode j = readBack(rec);
            JsonNode ap = j.get("continuous").get("probe-100.ap/");
            JsonNode lfp = j.get("continuous").get("probe-100.lfp/");
            long apRec = ap.get("samples").asLong();
            long lfpRec = lfp.get("samples").asLong();
            System.out.printf(
                    "kill -9 at the flush moving AP from %d to %d rows: published AP %d, LFP %d; recovered "
                            + "AP %d (lost %.3f s), LFP %d (lost %.3f s)%n",
                    apBefore,
                    apAtKill,
                    apPublished,
                    lfpPublished,
                    apRec,
                    (apPublished - apRec) / 30_000.0,
                    lfpRec,
                    (lfpPublished - lfpRec) / 2_500.0);
            for (JsonNode c : new JsonNode[] {ap, lfp}) {
                assertThat(c.get("sampleNumbers").asLong())
                        .as("lengths agree")
                        .isEqualTo(c.get("samples").asLong());
                assertThat(c.get("timestamps").asLong())
                        .as("lengths agree")
                        .isEqualTo(c.get("samples").asLong());
                assertThat(c.get("firstSample").asLong()).isZero();
                assertThat(c.get("lastSample").asLong())
                        .isEqualTo(c.get("samples").asLong() - 1);
                assertThat(c.get("contiguous").asBoolean()).isTrue();
            }
            assertThat(apRec).isGreaterThanOrEqualTo(apBefore);
            assertThat(apPublished - apRec)
                    .as("AP samples lost, bound %.1f s", flushSeconds)
                    .isLessThanOrEqualTo(Math.round(flushSeconds * 30_000));
            assertThat(lfpPublished - lfpRec)
                    .as("LFP samples lost, bound %.1f s", flushSeconds)
                    .isLessThanOrEqualTo(Math.round(flushSeconds * 2_500));
            // the sync TTL: an edge every 15,000 AP samples from 0, rising first; every edge published
            // more than flushSeconds before the kill is there, none that was never published
            JsonNode ttl = j.get("events").get("probe-100.ttl/TTL/");
            long edges = ttl.get("edges").asLong();
            long durable = (apPublished - Math.round(flushSeconds * 30_000) + 14_999) / 15_000;
            // (+1: the block after the last one the observer got may have reached the recorder only)
            long published = (apPublished + 14_999) / 15_000 + 1;
            assertThat(edges).as("TTL edges, published AP end %d", apPublished).isBetween(durable, published);
            for (int k = 0; k < ttl.get("sampleNumbers").size(); k++) {
                assertThat(ttl.get("sampleNumbers").get(k).asLong()).isEqualTo(15_000L * k);
                assertThat(ttl.get("states").get(k).asInt()).isEqualTo(k % 2 == 0 ? 1 : -1);
            }
        }
    }
}
