package org.neurorig.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The percentiles and sums of {@code bench hosts}' report, on values whose answers are known by hand. */
class HostsBenchReportTest {

    @Test
    void quantilesAreNearestRankOverEveryValue() {
        List<Long> values = new ArrayList<>();
        for (long v = 1; v <= 200; v++) {
            values.add(v * 1000);
        }
        Collections.shuffle(values, new Random(7));
        long[] nanos = new long[250]; // longer than the count: only the first n count
        for (int i = 0; i < values.size(); i++) {
            nanos[i] = values.get(i);
        }
        nanos[200] = 999_999_999; // beyond n: must not show
        HostsBenchLatency l = HostsBenchLatency.of(210, nanos, 200);
        // 100 of 200 values are at or below 100 µs; 198 of 200 at or below 198 µs
        assertThat(l.p50Nanos()).isEqualTo(100_000);
        assertThat(l.p99Nanos()).isEqualTo(198_000);
        assertThat(l.maxNanos()).isEqualTo(200_000);
        assertThat(l.received()).isEqualTo(200);
        assertThat(l.lost()).isEqualTo(10);
    }

    @Test
    void quantilesOfOneValueAndOfNone() {
        HostsBenchLatency one = HostsBenchLatency.of(1, new long[] {42}, 1);
        assertThat(one.p50Nanos()).isEqualTo(42);
        assertThat(one.p99Nanos()).isEqualTo(42);
        assertThat(one.maxNanos()).isEqualTo(42);
        HostsBenchLatency none = HostsBenchLatency.of(5, new long[5], 0);
        assertThat(none.p50Nanos()).isZero();
        assertThat(none.maxNanos()).isZero();
        assertThat(none.lost()).isEqualTo(5);
    }

    @Test
    void throughputIsBlocksInTheWindowOverItsLength() {
        HostsBenchThroughput t = new HostsBenchThroughput(23_040, 0.5, 4_000, 10_000, 10_000, 0, 0);
        assertThat(t.blocksPerSecond()).isCloseTo(8_000, within(1e-9));
        assertThat(t.megabytesPerSecond()).isCloseTo(8_000 * 23_040 / 1e6, within(1e-9));
        assertThat(t.lossless()).isTrue();
        assertThat(new HostsBenchThroughput(960, 1, 10, 100, 99, 1, 0).lossless())
                .isFalse();
        assertThat(new HostsBenchThroughput(960, 1, 10, 100, 100, 0, 1).lossless())
                .as("a duplicate is not lossless either")
                .isFalse();
        assertThat(new HostsBenchThroughput(960, 0, 0, 1, 1, 0, 0).blocksPerSecond())
                .isZero();
    }

    @Test
    void printsAndWritesEveryRowAndNamesTheLossyOnes() {
        HostsBenchRow good = new HostsBenchRow(
                HostsBench.RAW,
                false,
                384,
                new HostsBenchLatency(500, 500, 150_000, 900_000, 1_200_000),
                new HostsBenchThroughput(23_040, 0.5, 5_000, 20_700, 20_700, 0, 0));
        HostsBenchRow lossy = new HostsBenchRow(
                HostsBench.EDGE,
                true,
                16,
                new HostsBenchLatency(500, 499, 80_000, 300_000, 400_000),
                new HostsBenchThroughput(960, 0.5, 10_000, 40_700, 40_690, 10, 0));
        HostsBenchReport report = new HostsBenchReport(
                HostsBenchSettings.quick(),
                new HostsBenchReport.Machine(2, "Test CPU", "17", "Linux", 1.5),
                "2026-12-08T00:00:00Z",
                -170,
                List.of(good, lossy));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("2 cores, Test CPU, Java 17, Linux, load average 1.50")
                .contains("anchors differ by -0.17 us")
                .containsPattern("raw JeroMQ PUSH->PULL tcp +plaintext +384 ch 23,040 B +150\\.0 +900\\.0 +1200\\.0"
                        + " +10,000 +230\\.4 +20,700 +20,700 +0\n")
                .containsPattern("NeuroRig edge net\\.send->net\\.receive +CURVE +16 ch 960 B +80\\.0 +300\\.0 +400\\.0"
                        + " +20,000 +19\\.2 +40,700 +40,690 +11\n")
                .contains("LOST BLOCKS in: " + HostsBench.EDGE + " CURVE 16 ch");

        Map<String, Object> json = report.toJson();
        assertThat(json).containsEntry("clockAnchorDifferenceNanos", -170L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) json.get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("security", "plaintext").containsEntry("lossless", true);
        assertThat(rows.get(1)).containsEntry("security", "CURVE").containsEntry("lossless", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> th = (Map<String, Object>) rows.get(1).get("throughput");
        assertThat(th)
                .containsEntry("lost", 10L)
                .containsEntry("missing", 10L)
                .containsEntry("blocksPerSecond", 20_000.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> lat = (Map<String, Object>) rows.get(1).get("latency");
        assertThat(lat).containsEntry("lost", 1).containsEntry("p99Micros", 300.0);
    }
}
