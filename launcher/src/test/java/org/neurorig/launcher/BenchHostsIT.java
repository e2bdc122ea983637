package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neurorig bench hosts --quick} from the distribution, as root: it makes its own namespace and
 * veth pair, runs its far end there as a second {@code bin/neurorig}, and measures every row. The
 * numbers are the machine's; checked are the rows (path × plaintext/CURVE × block size), their
 * counts (every paced block measured, every block sent received once, a throughput window that
 * saw blocks) and that the namespace and the pair are gone afterwards. Skipped where {@code ip
 * netns} is not permitted, never under {@code CI=true}.
 */
class BenchHostsIT {
    private static final String RAW = "raw JeroMQ PUSH->PULL tcp";
    private static final String EDGE = "NeuroRig edge net.send->net.receive";
    /** --quick: 200 warm-up and 500 measured paced blocks per row. */
    private static final int PACED = 700;

    private static final int MEASURED = 500;

    private final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void quickRunMeasuresEveryRowAndLosesNothing() throws Exception {
        VethPair.create("nrbp").close(); // skips (or fails under CI) where network namespaces are not permitted
        Path json = tmp.resolve("hosts.json");
        Path log = tmp.resolve("bench.log");
        ProcessBuilder pb = new ProcessBuilder(
                        dist.resolve("bin/neurorig").toString(), "bench", "hosts", "--quick", "--json", json.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("NEURORIG_LOG_DIR", tmp.resolve("logs").toString());
        Process p = pb.start();
        long pid = p.pid(); // bin/neurorig execs java: the pid that names the namespace
        boolean ended = p.waitFor(300, TimeUnit.SECONDS);
        if (!ended) {
            p.destroy(); // as Ctrl-C: it cleans up
            p.waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(log);
        assertThat(ended).as("bench hosts --quick ended within 300 s:\n" + out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("nothing lost").containsPattern("\n  path +security +block +p50 us +p99 us");

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.at("/machine/cores").asInt()).isPositive();
        // both ends read one physical clock; their HostClock anchors agree to microseconds
        assertThat(Math.abs(report.get("clockAnchorDifferenceNanos").asLong()))
                .as("clock anchors' difference")
                .isLessThan(1_000_000);
        List<String> rows = new ArrayList<>();
        for (JsonNode r : report.get("rows")) {
            String row = r.get("path").asText() + " " + r.get("security").asText() + " "
                    + r.get("channels").asInt();
            rows.add(row);
            assertThat(r.get("payloadBytes").asInt())
                    .as(row)
                    .isEqualTo(r.get("channels").asInt() * 30 * 2);
            JsonNode l = r.get("latency");
            assertThat(l.get("expected").asInt()).as(row).isEqualTo(MEASURED);
            assertThat(l.get("received").asInt()).as(row).isEqualTo(MEASURED);
            assertThat(l.get("p50Micros").asDouble()).as(row).isPositive();
            assertThat(l.get("p99Micros").asDouble())
                    .as(row)
                    .isGreaterThanOrEqualTo(l.get("p50Micros").asDouble());
            JsonNode t = r.get("throughput");
            assertThat(t.get("sent").asLong()).as(row).isGreaterThan(PACED);
            assertThat(t.get("received").asLong())
                    .as(row + ": lossless")
                    .isEqualTo(t.get("sent").asLong());
            assertThat(t.get("missing").asLong()).as(row).isZero();
            assertThat(t.get("duplicates").asLong()).as(row).isZero();
            assertThat(t.get("windowBlocks").asLong()).as(row).isPositive();
            assertThat(t.get("seconds").asDouble()).as(row).isPositive();
            assertThat(t.get("blocksPerSecond").asDouble()).as(row).isPositive();
            assertThat(t.get("megabytesPerSecond").asDouble()).as(row).isPositive();
            assertThat(r.get("lossless").asBoolean()).as(row).isTrue();
        }
        List<String> expected = new ArrayList<>();
        for (int channels : List.of(384, 16)) {
            for (String security : List.of("plaintext", "CURVE")) {
                for (String path : List.of(RAW, EDGE)) {
                    expected.add(path + " " + security + " " + channels);
                }
            }
        }
        assertThat(rows).containsExactlyElementsOf(expected);

        // it removed what it made
        assertThat(VethPair.ip("netns", "del", "nrbench" + pid))
                .as("namespace left behind")
                .isNotNull();
        assertThat(VethPair.ip("link", "show", "nrb" + pid + "a"))
                .as("veth left behind")
                .isNotNull();
    }
}
