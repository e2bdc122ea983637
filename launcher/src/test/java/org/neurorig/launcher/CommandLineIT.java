package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The real {@code bin/neurorig} script of the built distribution, as an operator runs it. */
class CommandLineIT {
    private final Path dist = Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();

    @TempDir
    Path tmp;

    private Process neurorig(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(dist.resolve("bin/neurorig").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // Free ports so the test never collides with a rig running on this machine.
        pb.environment().put("NEURORIG_JAVA_OPTS", "-Xmx512m -Dneurorig.bus.subscribe=tcp://127.0.0.1:"
                + RigFixture.freePort() + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + RigFixture.freePort());
        return pb.start();
    }

    private static String finish(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes());
    }

    @Test
    void validateReportsEveryErrorWithPositionAndExitsTwo() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, """
                name: bad
                nodes:
                  amp:  { type: sim.sine, config: { channels: 0 } }
                  gain: { type: filter.gian, in: amp }
                  sink: { type: sink.count, in: nowhere }
                """);
        Process p = neurorig("validate", bad.toString());
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains(bad + ":3:").contains("channels");
        assertThat(out).contains(bad + ":4:").contains("filter.gian").contains("filter.gain");
        assertThat(out).contains(bad + ":5:").contains("nowhere");
    }

    @Test
    void validateAcceptsTheShippedDemo() throws Exception {
        Process p = neurorig("validate", dist.resolve("examples/demo.yaml").toString());
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("OK");
    }

    @Test
    void interruptStopsGracefullyWithoutLosingQueuedBlocks() throws Exception {
        Path summary = tmp.resolve("summary.json");
        Process p = neurorig("run", dist.resolve("examples/demo.yaml").toString(), "--summary", summary.toString(),
                "--port", Integer.toString(RigFixture.freePort()));
        // Wait for a few status lines, then Ctrl-C.
        long deadline = System.currentTimeMillis() + 30_000;
        StringBuilder seen = new StringBuilder();
        var in = p.getInputStream();
        while (System.currentTimeMillis() < deadline && countLines(seen, "[") < 3) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        assertThat(countLines(seen, "[")).as(seen.toString()).isGreaterThanOrEqualTo(3);
        // Ctrl-C. (Process.destroy would also close our end of its output.)
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
        String rest = finish(p);
        assertThat(rest).contains("stopping").contains("summary written");
        JsonNode sum = RigFixture.readJson(summary);
        JsonNode streams = sum.get("streams");
        JsonNode ap = streams.get("probe.ap");
        assertThat(ap.get("samples").asLong()).isPositive();
        // Every block the probe published went through the filter chain: nothing queued was lost at stop.
        for (String s : new String[] {"bp.out", "car.out"}) {
            assertThat(streams.get(s).get("samples").asLong()).as(s).isEqualTo(ap.get("samples").asLong());
        }
        long gaps = 0;
        for (JsonNode s : streams) {
            gaps += s.get("gaps").asLong();
        }
        assertThat(gaps).isZero();
        assertThat(streams.get("bins.bins").get("blocks").asLong()).isPositive();
        assertThat(sum.get("nodes").get("count").get("blocksIn").asLong()).isEqualTo(ap.get("blocks").asLong()
                + streams.get("car.out").get("blocks").asLong() + streams.get("bins.bins").get("blocks").asLong());
    }

    private static int countLines(CharSequence s, String prefix) {
        int n = 0;
        for (String line : s.toString().split("\n")) {
            if (line.startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }
}
