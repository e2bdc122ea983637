package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short {@code neurorig bench soak} in a real {@code bin/neurorig} process: the demo rig with its
 * hot-swaps, faulty node, recorder and slow outside subscriber for 15 s, reporting every 5 s. Every
 * report line must parse, the process figures must be plausible, the disturbances must have happened,
 * and no stream whose consumers are all lossless may show a gap. (The 30-minute soak is run by hand:
 * docs/BENCHMARKS.md.)
 */
class BenchSoakIT {
    private static final Pattern LINE =
            Pattern.compile("^(soak done )?\\[\\s*(\\d+) s\\] rss ([\\d.]+) MB \\| heap ([\\d.]+) MB"
                    + " \\| threads (\\d+) \\| fds (\\d+) \\| blocks (\\d+) \\| gaps (\\d+) \\| drops (\\d+) \\| swaps (\\d+)"
                    + " \\| faults (\\d+) \\| recordings (\\d+) \\| slow-sub (\\d+)$");
    private static final String[] KEYS = {
        "done",
        "t",
        "rss",
        "heap",
        "threads",
        "fds",
        "blocks",
        "gaps",
        "drops",
        "swaps",
        "faults",
        "recordings",
        "slow-sub"
    };
    private final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void aShortSoakReportsParsableLinesAndNoGapOnLosslessStreams() throws Exception {
        Path log = tmp.resolve("soak.log");
        ProcessBuilder pb = new ProcessBuilder(
                        dist.resolve("bin/neurorig").toString(),
                        "bench",
                        "soak",
                        "--seconds",
                        "15",
                        "--report-seconds",
                        "5")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .put(
                        "NEURORIG_JAVA_OPTS",
                        "-Xmx1g -Dneurorig.bus.subscribe=tcp://127.0.0.1:" + RigFixture.freePort()
                                + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + RigFixture.freePort());
        Process p = pb.start();
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        String out = Files.readString(log);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        List<Map<String, Double>> reports = new ArrayList<>();
        Map<String, Double> done = null;
        for (String line : out.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, Double> r = new HashMap<>();
            for (int k = 1; k < KEYS.length; k++) {
                r.put(KEYS[k], Double.parseDouble(m.group(k + 1)));
            }
            if (m.group(1) != null) {
                done = r;
            } else {
                reports.add(r);
            }
        }
        assertThat(reports).as(out).hasSizeGreaterThanOrEqualTo(2);
        assertThat(done).as(out).isNotNull();
        double lastBlocks = 0;
        for (Map<String, Double> r : reports) {
            assertThat(r.get("rss")).as(out).isBetween(50.0, 4096.0);
            assertThat(r.get("heap")).as(out).isBetween(1.0, 1024.0);
            assertThat(r.get("threads")).as(out).isGreaterThan(10.0);
            assertThat(r.get("fds")).as(out).isGreaterThan(10.0);
            assertThat(r.get("blocks")).as("blocks keep coming\n" + out).isGreaterThan(lastBlocks);
            lastBlocks = r.get("blocks");
            assertThat(r.get("gaps")).as("gaps on lossless streams\n" + out).isZero();
        }
        // the probe alone publishes AP, LFP and TTL blocks at 1 kHz: at least 1,000 blocks a second ran
        assertThat(done.get("blocks")).as(out).isGreaterThan(15 * 1000.0);
        assertThat(done.get("gaps")).as(out).isZero();
        assertThat(done.get("swaps"))
                .as("hot-swaps seen by the runtime\n" + out)
                .isGreaterThanOrEqualTo(1.0);
        assertThat(done.get("faults")).as("failures of bench.faulty\n" + out).isGreaterThanOrEqualTo(1.0);
        assertThat(done.get("recordings")).as(out).isGreaterThanOrEqualTo(1.0);
        assertThat(done.get("slow-sub"))
                .as("messages the slow subscriber got\n" + out)
                .isGreaterThan(0.0);
        assertThat(out).contains("no gap on any lossless stream").doesNotContain("failed:");
    }
}
