package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The recorder end to end: {@code run --record} in a real host, read back with the NumPy-only reader
 * of the record plugin; and a real {@code kill -9} of {@code bin/neurorig run} followed by
 * {@code neurorig recover}. Needs Debian's {@code /usr/bin/python3} with numpy: required when
 * {@code CI=true}, skipped otherwise.
 */
class RecordIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Pattern ROWS = Pattern.compile("'shape': \\((\\d+),");
    private final Path dist = Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();
    private final Path repo = Path.of(System.getProperty("neurorig.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @BeforeAll
    static void requirePython() throws Exception {
        boolean ok = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(ok).as(PYTHON + " with numpy is required in CI").isTrue();
        }
        Assumptions.assumeTrue(ok, PYTHON + " with numpy not available");
    }

    private JsonNode readBack(Path recording) throws Exception {
        Path reader = repo.resolve("plugins/org.neurorig.plugin.record/src/test/python/read_oebin.py");
        Process p = new ProcessBuilder(PYTHON, reader.toString(), recording.toString(), "--expect-sine", "1000", "10")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        String[] lines = out.split("\n");
        return RigFixture.JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void runWithRecordWritesEverySampleOfEveryStream() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path pipeline = rig.write("rec.yaml", """
                    name: rec-it
                    nodes:
                      amp:  { type: sim.sine, config: { channels: 16, rate: 30000, blockSamples: 300 } }
                      gain: { type: filter.gain, in: amp, config: { gain: 1.0 } }
                    """);
            Path out = tmp.resolve("recordings");
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(pipeline.toString(), "--duration", "3", "--record", out.toString(), "--summary",
                    summary.toString(), "--quiet").get(60, TimeUnit.SECONDS);
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

    private Process neurorig(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist.resolve("bin/neurorig").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("NEURORIG_JAVA_OPTS", "-Xmx512m -Dneurorig.bus.subscribe=tcp://127.0.0.1:"
                + RigFixture.freePort() + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + RigFixture.freePort());
        return pb.start();
    }

    /** The JVM of the distribution, not the shell script that started it: kill -9 must hit the host. */
    private static ProcessHandle hostJvm(Process script) {
        return script.descendants().filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElse(script.toHandle());
    }

    @Test
    void afterKillNineRecoverMakesTheRecordingReadableLosingAtMostTheLastFlushInterval() throws Exception {
        Path pipeline = Files.writeString(tmp.resolve("kill.yaml"), """
                name: kill-it
                nodes:
                  amp: { type: sim.sine, config: { channels: 16, rate: 30000, blockSamples: 300 } }
                """);
        Path out = tmp.resolve("recordings");
        Process p = neurorig(tmp.resolve("run.log"), "run", pipeline.toString(), "--record", out.toString(), "--quiet");
        Path rec = out.resolve("Record Node 101/experiment1/recording1");
        Path sn = rec.resolve("continuous/amp-100.out/sample_numbers.npy");
        long deadline = System.currentTimeMillis() + 60_000;
        long flushed = -1;
        while (System.currentTimeMillis() < deadline && flushed < 3 * 30_000) {
            TimeUnit.MILLISECONDS.sleep(50);
            flushed = headerRows(sn);
        }
        assertThat(flushed).as(Files.readString(tmp.resolve("run.log"))).isGreaterThanOrEqualTo(3 * 30_000);
        ProcessHandle jvm = hostJvm(p);
        long lastSeen = headerRows(sn); // what the last flush before the kill made durable (at least)
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(jvm.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        p.destroyForcibly();

        Process r = neurorig(tmp.resolve("recover.log"), "recover", out.toString());
        assertThat(r.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("recover.log"));
        assertThat(r.exitValue()).as(log).isZero();
        assertThat(log).contains("recovered");

        JsonNode c = readBack(rec).get("continuous").get("amp-100.out/");
        long samples = c.get("samples").asLong();
        assertThat(samples).as(log).isGreaterThanOrEqualTo(lastSeen);
        assertThat(c.get("sampleNumbers").asLong()).isEqualTo(samples);
        assertThat(c.get("firstSample").asLong()).isZero();
        assertThat(c.get("lastSample").asLong()).isEqualTo(samples - 1);
        assertThat(c.get("contiguous").asBoolean()).isTrue();
        assertThat(c.get("sineMismatches").asLong()).isZero();
        System.out.printf("kill -9 after %d flushed samples; %d samples readable after recover%n", lastSeen, samples);
    }
}
