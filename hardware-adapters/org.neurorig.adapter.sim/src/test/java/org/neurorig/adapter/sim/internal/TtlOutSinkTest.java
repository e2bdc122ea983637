package org.neurorig.adapter.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;

class TtlOutSinkTest {
    private static final StreamSpec EVENTS = StreamSpec.builder("trig.out", Kind.EVENTS)
            .channelCount(1)
            .sampleRate(30_000)
            .blockSamples(30)
            .build();

    @TempDir
    Path tmp;

    private static TtlOutSink sink(Object... keyValues) {
        TtlOutSink s = new TtlOutSink();
        s.activate(TestConfig.of(TtlOutSinkConfig.class, keyValues));
        return s;
    }

    /** An event block starting at {@code first}, acquired at {@code acq}, with rising edges at the given samples. */
    private static Block events(long first, long acq, long... samples) {
        Block b = Block.allocate(Kind.EVENTS, 1, 30);
        b.setFirstSample(first);
        b.setAcqTimeNanos(acq);
        for (long s : samples) {
            b.addEvent(s, 0, 1, null);
        }
        return b;
    }

    @Test
    void latencyRunsFromTheTriggeringSampleToTheMomentTheBlockArrives() throws Exception {
        Path report = tmp.resolve("out/latency.json");
        TtlOutSink s = sink("file", report.toString());
        long[] now = {0};
        s.clock = () -> now[0];
        SinkRun run = Harness.sink(s, EVENTS);
        // block acquired at t = 1 s, sample 30 is 1 ms later; arrives 1.5 ms after the block start
        now[0] = 1_001_500_000L;
        run.feed(events(0, 1_000_000_000L, 30, 15));
        // 100 more triggers, each 200 µs after its sample
        for (int i = 0; i < 100; i++) {
            long first = 30_000L * (i + 2);
            long acq = 1_000_000_000L * (i + 2);
            now[0] = acq + 200_000 + (i == 99 ? 5_000_000 : 0);
            run.feed(events(first, acq, first));
        }
        run.close();
        MicrosecondHistogram h = s.latencies();
        assertThat(h.count()).isEqualTo(102);
        assertThat(h.minMicros()).isEqualTo(200.0);
        assertThat(h.maxMicros()).isEqualTo(5200.0);
        assertThat(h.percentileMicros(0.5)).isEqualTo(201.0); // upper edge of the 200 µs bin
        assertThat(h.percentileMicros(0.99)).isEqualTo(1001.0);

        JsonNode j = new ObjectMapper().readTree(report.toFile());
        assertThat(j.get("triggers").asLong()).isEqualTo(102);
        assertThat(j.get("inputs").get(0).asText()).isEqualTo("trig.out");
        assertThat(j.get("latencyMicros").get("max").asDouble()).isEqualTo(5200.0);
        assertThat(j.get("logged").asInt()).isEqualTo(102);
        JsonNode first = j.get("log").get(0);
        assertThat(first.get("sample").asLong()).isEqualTo(30);
        assertThat(first.get("latencyMicros").asDouble()).isEqualTo(500.0);
        assertThat(j.get("log").get(1).get("latencyMicros").asDouble()).isEqualTo(1000.0);
        assertThat(first.get("firedNanos").asLong()).isEqualTo(1_001_500_000L);
    }

    @Test
    void onlySelectedEdgesAndLinesFireAndTheLogIsCapped() {
        TtlOutSink s = sink("edges", "falling", "line", 2, "logTriggers", 1);
        s.clock = () -> 10;
        SinkRun run = Harness.sink(s, EVENTS);
        Block b = Block.allocate(Kind.EVENTS, 1, 30);
        b.addEvent(1, 2, 1, null); // rising: ignored
        b.addEvent(2, 2, 0, null); // falling on line 2: fires
        b.addEvent(3, 1, 0, null); // line 1: ignored
        b.addEvent(4, 2, 0, "x"); // fires
        run.feed(b).close();
        assertThat(s.latencies().count()).isEqualTo(2);
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> sink("edges", "up"))
                .hasMessageContaining("value 'up' for 'edges' is not one of: rising, falling, both");
        assertThatThrownBy(() -> sink("line", 64))
                .hasMessageContaining("value 64 for 'line' is out of range: expected -1..63");
    }
}
