package org.neurorig.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeStatus;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RunSnapshot;
import org.neurorig.runtime.StreamMetrics;

class StatusLineTest {
    private Locale saved;

    // The line is formatted for the user's locale; pin one so the expected decimal point holds anywhere.
    @BeforeEach
    void pinLocale() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(saved);
    }

    private static StreamMetrics stream(String name, Kind kind, double rate, long samples) {
        return new StreamMetrics(name, kind, rate, samples / 1000, samples, 0, 0, 0, 0, 0, 0);
    }

    private static NodeMetrics node(String name, NodeStatus status, String message, long errors) {
        return new NodeMetrics(name, "test.type", status, message, 10, errors, errors, 0, 0, 12.5, 0);
    }

    @Test
    void ratesComeFromTheSamplesSinceThePreviousLine() {
        StatusLine line = new StatusLine();
        RunSnapshot first = new RunSnapshot(
                1_000_000_000L,
                List.of(
                        node("probe", NodeStatus.OK, "", 0),
                        node("bp", NodeStatus.FAILED, "IllegalStateException: boom", 2)),
                List.of(
                        new StreamMetrics("probe.ap", Kind.CONTINUOUS_I16, 30_000, 30, 30_000, 1, 0, 12.4, 80.6, 0, 0),
                        new StreamMetrics("probe.fast", Kind.CONTINUOUS_F32, 2e6, 20, 2_000_000, 0, 3, 3.0, 9.0, 0, 0),
                        stream("spikes.out", Kind.SPIKES, 0, 37)),
                0,
                Map.of());
        RunSnapshot second = new RunSnapshot(
                1_500_000_000L,
                List.of(
                        node("probe", NodeStatus.OK, "", 0),
                        node("bp", NodeStatus.OK, "recovered; last problem: IllegalStateException: boom", 2)),
                List.of(
                        new StreamMetrics("probe.ap", Kind.CONTINUOUS_I16, 30_000, 45, 45_000, 1, 0, 12.4, 80.6, 0, 0),
                        new StreamMetrics("probe.fast", Kind.CONTINUOUS_F32, 2e6, 25, 2_500_000, 0, 3, 3.0, 9.0, 0, 0),
                        stream("spikes.out", Kind.SPIKES, 0, 40)),
                0,
                Map.of());

        assertThat(line.format(first))
                .isEqualTo("[   1.0s] | probe.ap 30.0 kS/s | probe.fast 2.00 MS/s"
                        + " | spikes.out 37.0 S/s | gaps 1 drops 3 | hop p50 12 µs p99 81 µs"
                        + " | nodes OK 1/2 | bp FAILED (IllegalStateException: boom) | bp errors 2");
        // 15,000, 500,000 and 3 samples in 0.5 s
        assertThat(line.format(second))
                .isEqualTo(
                        "[   1.5s] | probe.ap 30.0 kS/s | probe.fast 1.00 MS/s"
                                + " | spikes.out 6.0 S/s | gaps 1 drops 3 | hop p50 12 µs p99 81 µs | nodes OK 2/2 | bp errors 2");
    }

    @Test
    void theLatencyShownIsTheRecentOneNotTheOneSinceTheStart() {
        // since the start: p99 225 ms (start-up); last 5-10 s: p50 40 µs, p99 350 µs
        RunSnapshot s = new RunSnapshot(
                30_000_000_000L,
                List.of(node("probe", NodeStatus.OK, "", 0)),
                List.of(new StreamMetrics(
                        "probe.ap",
                        Kind.CONTINUOUS_I16,
                        30_000,
                        30,
                        30_000,
                        0,
                        0,
                        140.0,
                        225_000.0,
                        0,
                        0,
                        40.0,
                        350.0,
                        400_000.0)),
                0,
                Map.of());
        assertThat(new StatusLine().format(s)).contains("| hop p50 40 µs p99 350 µs |");
    }

    @Test
    void aStreamThatAppearsLaterCountsFromZeroAndABadNodeWithoutMessageShowsOnlyItsStatus() {
        StatusLine line = new StatusLine();
        line.format(new RunSnapshot(
                2_000_000_000L,
                List.of(node("rec", NodeStatus.OK, "", 0)),
                List.of(stream("a.out", Kind.CONTINUOUS_I16, 1000, 2000)),
                0,
                Map.of()));

        String s = line.format(new RunSnapshot(
                4_000_000_000L,
                List.of(node("rec", NodeStatus.STALLED, "", 0)),
                List.of(
                        stream("a.out", Kind.CONTINUOUS_I16, 1000, 2000),
                        stream("b.out", Kind.CONTINUOUS_I16, 1000, 3000)),
                0,
                Map.of()));

        assertThat(s)
                .isEqualTo("[   4.0s] | a.out 0.0 S/s | b.out 1.5 kS/s | gaps 0 drops 0 | hop p50 0 µs p99 0 µs"
                        + " | nodes OK 0/1 | rec STALLED");
    }
}
