package org.neurorig.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of {@code bench hosts} on loopback, the far end in this JVM behind a pipe, a few
 * hundred blocks each: the control messages, the counting and the real edge classes work without
 * root (BenchHostsIT runs it over a veth pair). On loopback the CURVE rows stay plaintext (CURVE
 * secures only endpoints off loopback), so only their plumbing is checked here.
 */
class HostsBenchLoopbackTest {
    @TempDir
    Path tmp;

    @Test
    void everyRowDeliversEveryBlockAndMeasuresIt() throws Exception {
        PipedOutputStream toFar = new PipedOutputStream();
        PipedInputStream farIn = new PipedInputStream(toFar, 1 << 16);
        PipedOutputStream toNear = new PipedOutputStream();
        PipedInputStream nearIn = new PipedInputStream(toNear, 1 << 16);
        AtomicReference<Throwable> farFailure = new AtomicReference<>();
        Thread far = new Thread(
                () -> {
                    try {
                        new HostsBenchFarEnd(new HostsBenchLink(farIn, toNear, "test-far")).serve();
                    } catch (Throwable t) {
                        farFailure.set(t);
                    }
                },
                "test-far-end");
        far.start();
        HostsBenchLink link = new HostsBenchLink(nearIn, toFar, "test-near");
        JsonNode hello = link.receive("hello", 10_000);
        Path conf = tmp.resolve("conf");
        HostsBench.makeKeys(conf);
        HostsBenchSettings settings = new HostsBenchSettings(20, 100, 1000, 0.05, 0.2);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        HostsBenchReport report = new HostsBench(settings, new PrintStream(progress, true, StandardCharsets.UTF_8))
                .measure(link, "127.0.0.1", conf, hello.path("anchorNanos").asLong());
        link.send(Map.of("op", "quit"));
        far.join(10_000);
        assertThat(far.isAlive()).isFalse();
        assertThat(farFailure.get()).isNull();

        report.print(System.out); // the numbers, for a failure's report
        assertThat(report.rows()).hasSize(8);
        assertThat(report.rows())
                .extracting(r -> r.path() + " " + r.security() + " " + r.channels())
                .containsExactly(
                        HostsBench.RAW + " plaintext 384",
                        HostsBench.EDGE + " plaintext 384",
                        HostsBench.RAW + " CURVE 384",
                        HostsBench.EDGE + " CURVE 384",
                        HostsBench.RAW + " plaintext 16",
                        HostsBench.EDGE + " plaintext 16",
                        HostsBench.RAW + " CURVE 16",
                        HostsBench.EDGE + " CURVE 16");
        for (HostsBenchRow r : report.rows()) {
            String row = r.path() + " " + r.security() + " " + r.channels();
            assertThat(r.latency().received()).as(row).isEqualTo(100);
            assertThat(r.latency().p50Nanos()).as(row).isPositive();
            assertThat(r.latency().p99Nanos())
                    .as(row)
                    .isGreaterThanOrEqualTo(r.latency().p50Nanos());
            HostsBenchThroughput t = r.throughput();
            assertThat(t.sent()).as(row).isGreaterThan(120); // the paced blocks and some flat out
            assertThat(t.received()).as(row).isEqualTo(t.sent());
            assertThat(t.missing()).as(row).isZero();
            assertThat(t.duplicates()).as(row).isZero();
            assertThat(t.windowBlocks()).as(row).isPositive().isLessThan(t.sent() - 120);
            assertThat(t.seconds()).as(row).isPositive().isLessThanOrEqualTo(0.2);
            assertThat(t.payloadBytes()).as(row).isEqualTo(r.channels() * 30 * 2);
        }
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("[8/8] " + HostsBench.EDGE + ", CURVE, 16 channels");
    }
}
