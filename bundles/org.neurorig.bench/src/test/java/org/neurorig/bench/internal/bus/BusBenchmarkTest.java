package org.neurorig.bench.internal.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the whole benchmark at toy sizes and checks that what it counts adds up; never its timings. */
class BusBenchmarkTest {
    private static final BusBenchmarkSettings TINY = new BusBenchmarkSettings(8, 30, 1000, 50, 200, 0.05, 0.2, 64);

    @Test
    void tinyRunDeliversEveryBlockOnEveryPath() throws Exception {
        BusBenchmarkReport report = new BusBenchmark(TINY, new PrintStream(OutputStream.nullOutputStream())).run();

        assertThat(report.latencies()).hasSize(3); // NeuroRig's hop never leaves the JVM: inproc only
        for (BusBenchmarkLatency l : report.latencies()) {
            assertThat(l.expected()).as(l.path() + " " + l.transport()).isEqualTo(200);
            assertThat(l.received()).as(l.path() + " " + l.transport()).isEqualTo(200);
            assertThat(l.lost()).isZero();
            assertThat(l.p50Nanos()).isPositive().isLessThanOrEqualTo(l.p99Nanos());
            assertThat(l.p99Nanos()).isLessThanOrEqualTo(l.maxNanos());
        }
        assertThat(report.throughputs()).hasSize(3); // NeuroRig in-JVM; raw inproc and tcp
        for (BusBenchmarkThroughput t : report.throughputs()) {
            assertThat(t.published()).as(t.path() + " " + t.transport()).isPositive();
            assertThat(t.received()).as(t.path() + " " + t.transport()).isEqualTo(t.published());
            assertThat(t.missingBlocks()).isZero();
            assertThat(t.lossless()).isTrue();
            assertThat(t.windowBlocks()).isPositive().isLessThanOrEqualTo(t.received());
            assertThat(t.payloadBytes()).isEqualTo(480);
        }
        assertThat(report.latency(BusBenchmark.NEURORIG, "inproc").received()).isEqualTo(200);
        assertThat(report.latency(BusBenchmark.RAW_PUB_SUB, "tcp").received()).isEqualTo(200);

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        report.print(new PrintStream(text, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains(
                        "8 channels x 30 samples int16 (480 payload bytes)",
                        "raw JeroMQ PUB->SUB",
                        "raw JeroMQ PUSH->PULL",
                        "NeuroRig StreamPublisher->InputPort",
                        "ratio NeuroRig / raw");
        assertThat(report.targets()).hasSize(4);
        assertThat(printed.lines().filter(l -> l.endsWith(" met") || l.endsWith("NOT MET")))
                .hasSize(4);
    }

    @Test
    void latencyQuantilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1000L; // unsorted: 100 µs down to 1 µs
        }
        BusBenchmarkLatency l = BusBenchmarkLatency.of("p", "inproc", 101, nanos, 100);
        assertThat(l.p50Nanos()).isEqualTo(50_000);
        assertThat(l.p99Nanos()).isEqualTo(99_000);
        assertThat(l.maxNanos()).isEqualTo(100_000);
        assertThat(l.lost()).isEqualTo(1);
    }

    @Test
    void throughputIsCountedInProbeEquivalents() {
        BusBenchmarkThroughput t = new BusBenchmarkThroughput("p", "inproc", 23_040, 2.0, 40_000, 50_000, 50_000, 0);
        assertThat(t.blocksPerSecond()).isEqualTo(20_000.0);
        assertThat(t.probeEquivalents()).isEqualTo(20.0);
        assertThat(t.megabytesPerSecond()).isEqualTo(460.8);
        assertThat(t.lossless()).isTrue();
        assertThat(new BusBenchmarkThroughput("p", "tcp", 480, 1.0, 10, 12, 11, 1).lossless())
                .isFalse();
    }
}
