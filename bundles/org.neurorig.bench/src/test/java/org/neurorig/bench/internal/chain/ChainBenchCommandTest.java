package org.neurorig.bench.internal.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of {@code bench chain} that need no host: its command line, the search of
 * {@code --find-max}, the criteria, the report and the mount lookup. The runs themselves are checked
 * in a real host by {@code BenchCommandsIT}.
 */
class ChainBenchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void optionsHaveTheirDefaultsAndQuickIsTheSmokeTestsShape() {
        ChainOptions d = ChainOptions.parse(List.of());
        assertThat(d).isEqualTo(new ChainOptions(1, false, 30, 3, 3, null, false, null));
        ChainOptions q = ChainOptions.parse(List.of("--quick"));
        assertThat(q).isEqualTo(new ChainOptions(1, false, 3, 0, 1, null, false, null));
        // options beside --quick still count, wherever they stand
        ChainOptions q2 = ChainOptions.parse(List.of("--probes", "2", "--quick", "--json", "out.json"));
        assertThat(q2.probes()).isEqualTo(2);
        assertThat(q2.seconds()).isEqualTo(3);
        assertThat(q2.json()).isEqualTo(Path.of("out.json"));
        ChainOptions m = ChainOptions.parse(
                List.of("--find-max", "--seconds", "20", "--record", "/dev/shm/x", "--keep", "--skip", "2"));
        assertThat(m).isEqualTo(new ChainOptions(0, true, 20, 3, 2, Path.of("/dev/shm/x"), true, null));
    }

    @Test
    void aBadCommandLineIsNamedAndExits64WithTheUsage() {
        Map<List<String>, String> bad = new LinkedHashMap<>();
        bad.put(List.of("--probes", "0"), "--probes expects a whole number >= 1, got 0");
        bad.put(List.of("--probes", "two"), "--probes expects a whole number >= 1, got 'two'");
        bad.put(List.of("--probes", "2", "--find-max"), "--probes and --find-max exclude each other");
        bad.put(List.of("--seconds"), "--seconds needs a value");
        bad.put(List.of("--seconds", "0"), "--seconds must be > 0 s, got 0");
        bad.put(List.of("--warmup", "-1"), "--warmup must be >= 0 s, got -1");
        bad.put(List.of("--skip", "x"), "--skip expects a number of seconds, got 'x'");
        bad.put(
                List.of("--seconds", "3"),
                "--seconds 3 leaves no steady window after --skip 3: it must be at least 3.5 (the window ends 0.25 s"
                        + " before the data does and lasts at least 0.25 s)");
        bad.put(List.of("--keep"), "--keep keeps the recordings of --record DIR, which is missing");
        bad.put(List.of("--record", "--keep"), "--record expects a path, got '--keep'");
        bad.put(List.of("--bogus", "1"), "unknown option --bogus");
        bad.put(List.of("4"), "unexpected argument '4' (options start with --)");
        for (Map.Entry<List<String>, String> e : bad.entrySet()) {
            assertThatThrownBy(() -> ChainOptions.parse(e.getKey()))
                    .as(e.getKey().toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(e.getValue());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // the command line is checked before the host is asked for anything
            int code = new ChainBenchCommand()
                    .run(
                            e.getKey(),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(e.getKey().toString()).isEqualTo(64);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("neurorig bench chain: " + e.getValue())
                    .contains("usage: neurorig bench chain [--probes N | --find-max]");
        }
    }

    /** Runs the search against a machine that keeps up with at most {@code capacity} probes. */
    private static MaxSearch search(int limit, int capacity) {
        MaxSearch s = new MaxSearch(limit);
        for (int n = s.next(); n > 0; n = s.next()) {
            s.passed(n, n <= capacity);
        }
        return s;
    }

    @Test
    void findMaxDoublesUntilATrialFailsThenBisects() {
        assertThat(search(16, 5).order()).containsExactly(1, 2, 4, 8, 6, 5);
        assertThat(search(16, 5).max()).isEqualTo(5);
        assertThat(search(16, 5).firstFailure()).isEqualTo(6);
        assertThat(search(16, 7).order()).containsExactly(1, 2, 4, 8, 6, 7);
        assertThat(search(16, 0).order()).containsExactly(1);
        assertThat(search(16, 0).max()).isZero();
        assertThat(search(16, 99).order()).containsExactly(1, 2, 4, 8, 16);
        assertThat(search(16, 99).firstFailure()).isZero();
        // a limit that is no power of two is tried itself
        assertThat(search(12, 99).order()).containsExactly(1, 2, 4, 8, 12);
        assertThat(search(12, 10).order()).containsExactly(1, 2, 4, 8, 12, 10, 11);
        assertThat(search(1, 1).order()).containsExactly(1);
        for (int limit = 1; limit <= 20; limit++) {
            for (int capacity = 0; capacity <= 22; capacity++) {
                MaxSearch s = search(limit, capacity);
                assertThat(s.max()).as(limit + "/" + capacity).isEqualTo(Math.min(capacity, limit));
                assertThat(s.firstFailure()).as(limit + "/" + capacity).isEqualTo(capacity >= limit ? 0 : capacity + 1);
                assertThat(s.order()).as(limit + "/" + capacity).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void theSearchRefusesAnOutcomeItDidNotAskFor() {
        MaxSearch s = new MaxSearch(8);
        assertThat(s.next()).isEqualTo(1);
        assertThatThrownBy(() -> s.passed(2, true)).hasMessage("the search asked for 1, not 2");
        assertThatThrownBy(s::next).hasMessage("the trial of 1 has no outcome yet");
        assertThatThrownBy(() -> new MaxSearch(0)).hasMessage("the search needs a limit >= 1, got 0");
    }

    /** A two-probe run as a runtime would report it: 10 s of data in 10.05 s, 5,000 blocks in the window. */
    private static ChainResult run(double p99AtCar, long drops) {
        Map<String, Long> threads = new TreeMap<>(Map.of(
                "node-probe", 0L, "node-bp", 2_500_000L, "node-car", 2_500_000L, "reaper-1", 0L, "iothread-2", 5_000L));
        Map<String, long[]> collectors = new LinkedHashMap<>();
        collectors.put("G1 Young Generation", new long[] {3, 12});
        collectors.put("G1 Concurrent GC", new long[] {1, 40});
        Map<String, Long> cpu = new TreeMap<>(Map.of("node-probe", 2_025_000_000L, "node-bp", 1_350_000_000L));
        // 6.75 s of window: 2.025 s of CPU is 0.30 of a core; the process used 1.5 cores
        ChainResult.Window w = new ChainResult.Window(
                3, 9.75, 5_000, 5_000_000, 5_000, threads, cpu, 10_125_000_000L, 3, 12, collectors);
        return new ChainResult(
                2,
                10,
                10.05,
                List.of(
                        new ChainResult.Node("probe", "sim.ephys", "RUNNING", 10_000, 990.5, 0, 0, true, 0, 0.30),
                        new ChainResult.Node("bp", "filter.bandpass", "RUNNING", 10_000, 52.25, 0, 0, false, 500, 0.2),
                        new ChainResult.Node("car", "filter.car", "RUNNING", 10_000, 31, 0, 0, false, 500, Double.NaN)),
                List.of(
                        new ChainResult.Stream(
                                "probe.ap",
                                List.of("bp", "count"),
                                10_000,
                                300_000,
                                40,
                                180,
                                Double.NaN,
                                150,
                                Double.NaN,
                                0,
                                0),
                        new ChainResult.Stream(
                                "probe.lfp", List.of(), 10_000, 25_000, 0, 0, Double.NaN, 0, Double.NaN, 0, 0),
                        new ChainResult.Stream(
                                "car.out",
                                List.of("spikes", "count"),
                                10_000,
                                300_000,
                                45,
                                p99AtCar,
                                2500,
                                900,
                                Double.NaN,
                                drops,
                                0)),
                w);
    }

    @Test
    void theCriteriaNameEveryFailure() {
        assertThat(run(1900, 0).failures()).isEmpty();
        assertThat(run(1900, 0).realTimeFactor()).isCloseTo(10 / 10.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(run(2100, 3).failures()).containsExactly("3 drop(s)", "hop p99 2100 us > 2000 us at car.out");
        ChainResult slow = new ChainResult(
                1,
                10,
                10.2,
                List.of(new ChainResult.Node("probe", "sim.ephys", "RUNNING", 10_000, 990.5, 2, 0, true, 0, 0.3)),
                List.of(),
                run(0, 0).window());
        assertThat(slow.failures()).containsExactly("real time 0.980 < 0.99", "2 source overrun(s)");
    }

    @Test
    void theTableStatesEveryFigure() {
        String t = ChainReport.table(run(2100, 3));
        assertThat(t.lines().toList())
                .containsExactly(
                        "probes 2: real time 0.995 (10.00 s of data in 10.05 s), drops 3, gaps 0, source overruns 0,"
                                + " worst hop p99 2100 us (car.out), alloc 1001 B/block (runners 1000, transport 1),"
                                + " GC 3 pauses 12.0 ms, CPU 1.50 cores: NOT real time: 3 drop(s); hop p99 2100 us > 2000 us"
                                + " at car.out",
                        "  steady window 3.00-9.75 s: 5000 chain blocks",
                        "  node       type                   blocks   us/block   cpu  overruns  errors     B/block  status",
                        "  probe      sim.ephys               10000      990.5  0.30         0       0           0  RUNNING",
                        "  bp         filter.bandpass         10000       52.3  0.20         0       0         500  RUNNING",
                        "  car        filter.car              10000       31.0   n/a         0       0         500  RUNNING",
                        "  stream           consumers                 blocks    samples   p50 us   p99 us  p99.9 us"
                                + "  recent p99  steady p99  drops   gaps",
                        "  probe.ap         bp,count                   10000     300000       40      180       n/a"
                                + "         150         n/a      0      0",
                        "  probe.lfp        -                          10000      25000        -        -         -"
                                + "           -           -      0      0",
                        "  car.out          spikes,count               10000     300000       45     2100      2500"
                                + "         900         n/a      3      0");
        assertThat(ChainReport.line(run(1900, 0))).endsWith(": real time");
        // CPU per second of the 6.75 s window
        assertThat(run(0, 0).window().cores(2_025_000_000L))
                .isCloseTo(0.30, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(run(0, 0).window().cores(-1)).isNaN();
    }

    @Test
    void theHeaderStatesThePipelineTheWindowAndTheCriteria() {
        assertThat(ChainBenchCommand.header(ChainOptions.parse(List.of("--probes", "3")), null))
                .isEqualTo(
                        "bench chain: sim.ephys (3 probe(s) x 384 ch, 30 kHz, 1 ms blocks, real time) -> filter.bandpass"
                                + " 300-6000 Hz order 3 -> filter.car (per probe) -> spikes.threshold k 4.5; sink.count on probe.ap,"
                                + " car, spikes\n"
                                + "  30 s of data per run after a 3 s warm-up run; steady window from 3 s after the start to 0.25 s"
                                + " before the data ends; criteria: real time >= 0.99, no source overrun, 0 drops, 0 gaps, every"
                                + " hop p99 <= 2000 us over the steady window (the whole run's when the window is under 10 s)");
        assertThat(ChainBenchCommand.header(
                                ChainOptions.parse(List.of("--find-max", "--quick", "--record", "/dev/shm/c")), "tmpfs")
                        .lines()
                        .toList())
                .containsExactly(
                        "bench chain: sim.ephys (N probes x 384 ch, 30 kHz, 1 ms blocks, real time) -> filter.bandpass"
                                + " 300-6000 Hz order 3 -> filter.car (per probe) -> spikes.threshold k 4.5; sink.count on"
                                + " probe.ap, car, spikes; record.openephys on probe.ap into /dev/shm/c (tmpfs, deleted"
                                + " after each run)",
                        "  3 s of data per run, no warm-up run; steady window from 1 s after the start to 0.25 s before"
                                + " the data ends; criteria: real time >= 0.99, no source overrun, 0 drops, 0 gaps, every"
                                + " hop p99 <= 2000 us over the steady window (the whole run's when the window is under 10 s)");
    }

    @Test
    void theSearchOutcomeIsOneLine() {
        assertThat(ChainReport.searchLine(search(16, 5))).isEqualTo("find-max: 5 probe(s) meet the criteria; 6 do not");
        assertThat(ChainReport.searchLine(search(16, 0))).isEqualTo("find-max: not even 1 probe meets the criteria");
        assertThat(ChainReport.searchLine(search(16, 40)))
                .isEqualTo("find-max: 16 probes meet the criteria, the most sim.ephys generates (16); the host may"
                        + " take more");
    }

    @Test
    void theJsonHasTheFiguresOfTheTable() throws IOException {
        Path f = tmp.resolve("sub/chain.json");
        ChainOptions o = ChainOptions.parse(List.of("--find-max", "--record", "/dev/shm/rec"));
        MaxSearch s = new MaxSearch(4);
        s.passed(s.next(), true);
        s.passed(s.next(), false);
        ChainReport.writeJson(f, o, "tmpfs", List.of(run(1900, 0), run(2100, 3)), s);
        Map<String, Object> j = read(f);
        assertThat(j.get("benchmark")).isEqualTo("chain");
        assertThat(j.get("seconds")).isEqualTo(30.0);
        assertThat(j.get("record")).isEqualTo(Map.of("dir", "/dev/shm/rec", "fileSystem", "tmpfs"));
        assertThat(j.get("findMax"))
                .isEqualTo(Map.of("maxProbes", 1L, "firstFailingProbes", 2L, "limit", 4L, "order", List.of(1L, 2L)));
        List<?> runs = (List<?>) j.get("runs");
        assertThat(runs).hasSize(2);
        Map<?, ?> r = (Map<?, ?>) runs.get(1);
        assertThat(r.get("probes")).isEqualTo(2L);
        assertThat(r.get("drops")).isEqualTo(3L);
        assertThat(r.get("realTime")).isEqualTo(false);
        assertThat(r.get("failures")).isEqualTo(List.of("3 drop(s)", "hop p99 2100 us > 2000 us at car.out"));
        Map<?, ?> ap = (Map<?, ?>) ((List<?>) r.get("streams")).get(0);
        assertThat(ap.get("name")).isEqualTo("probe.ap");
        assertThat(ap.get("samples")).isEqualTo(300000L);
        assertThat(ap.get("hopP99Micros")).isEqualTo(180.0);
        assertThat(ap.containsKey("hopP999Micros")).isTrue();
        assertThat(ap.get("hopP999Micros")).isNull();
        Map<?, ?> lfp = (Map<?, ?>) ((List<?>) r.get("streams")).get(1);
        assertThat(lfp.get("hopP50Micros")).isNull();
        Map<?, ?> w = (Map<?, ?>) r.get("window");
        assertThat(w.get("runnersBytesPerBlock")).isEqualTo(1000.0);
        assertThat(w.get("transportBytesPerBlock")).isEqualTo(1.0);
        assertThat(w.get("totalBytesPerBlock")).isEqualTo(1001.0);
        assertThat(w.get("gcPauses")).isEqualTo(3L);
        assertThat(((Map<?, ?>) w.get("collectors")).get("G1 Concurrent GC"))
                .isEqualTo(Map.of("count", 1L, "millis", 40L));
        Map<?, ?> bp = (Map<?, ?>) ((List<?>) r.get("nodes")).get(1);
        assertThat(bp.get("meanMicrosPerBlock")).isEqualTo(52.25);
        assertThat(bp.get("allocBytesPerBlock")).isEqualTo(500.0);
    }

    @Test
    void threadsAndCollectorsFallIntoTheirGroups() {
        assertThat(SteadyWindow.group("node-bp")).isEqualTo("runners");
        assertThat(SteadyWindow.group("reaper-1")).isEqualTo("transport");
        assertThat(SteadyWindow.group("iothread-2")).isEqualTo("transport");
        assertThat(SteadyWindow.group("neurorig-bus-proxy")).isEqualTo("transport");
        assertThat(SteadyWindow.group("main")).isNull();
        assertThat(SteadyWindow.pauses("G1 Young Generation")).isTrue();
        assertThat(SteadyWindow.pauses("ZGC Pauses")).isTrue();
        assertThat(SteadyWindow.pauses("ZGC Cycles")).isFalse();
        assertThat(SteadyWindow.pauses("G1 Concurrent GC")).isFalse();
        // a window on this JVM's threads: none of them is a runner, so nothing is counted for runners
        ChainResult.Window w = SteadyWindow.open().close(0, 1, 10);
        assertThat(w.runnerBytes()).isIn(0L, -1L);
    }

    @Test
    void theRecordingFolderIsFoundInTheMountTable() {
        List<String> mounts = List.of(
                "/dev/vda1 / ext4 rw,relatime 0 0",
                "tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0",
                "tmpfs /tmp tmpfs rw 0 0",
                "/dev/vdb1 /tmp/big\\040disk xfs rw 0 0");
        assertThat(ChainBenchCommand.fileSystem(Path.of("/dev/shm/rec"), mounts))
                .isEqualTo("tmpfs");
        assertThat(ChainBenchCommand.fileSystem(Path.of("/home/me/rec"), mounts))
                .isEqualTo("ext4");
        assertThat(ChainBenchCommand.fileSystem(Path.of("/tmp/big disk/rec"), mounts))
                .isEqualTo("xfs");
        // a name that only starts like a mount point is not under it
        assertThat(ChainBenchCommand.fileSystem(Path.of("/tmpfoo"), mounts)).isEqualTo("ext4");
        assertThat(ChainBenchCommand.fileSystem(Path.of("/x"), List.of())).isNull();
    }

    @Test
    void thePipelineHasOneReferenceGroupPerProbeAndTheRecorderOnlyWhenAsked() {
        String two = ChainTrial.yaml(2, Path.of("/dev/shm/r"));
        assertThat(two)
                .contains("probe:  { type: sim.ephys, config: { probes: 2, units: 32, seed: 1, blockSamples: 30 } }")
                .contains("car:    { type: filter.car, in: bp, config: { groups: [\"0-383\", \"384-767\"] } }")
                .contains("count:  { type: sink.count, in: [probe.ap, car, spikes] }")
                .contains("rec:    { type: record.openephys, in: probe.ap, config: { dir: \"/dev/shm/r\" } }");
        assertThat(ChainTrial.yaml(1, null)).doesNotContain("record.openephys").contains("groups: [\"0-383\"]");
    }

    /** A JSON file as maps, lists, strings, longs, doubles, booleans and nulls (jackson-core only). */
    private static Map<String, Object> read(Path f) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(f.toFile())) {
            p.nextToken();
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) value(p);
            return m;
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    @Test
    void theSteadyWindowsP99IsJudgedWhereItWasMeasured() {
        ChainResult.Stream startUpOnly = new ChainResult.Stream(
                "car.out", List.of("spikes"), 30_000, 900_000, 45, 9000, 20_000, 900, 1500, 0, 0);
        ChainResult.Stream steadyToo =
                new ChainResult.Stream("bp.out", List.of("car"), 30_000, 900_000, 45, 1500, 3000, 900, 2500, 0, 0);
        ChainResult r = new ChainResult(
                1,
                30,
                30.05,
                List.of(),
                List.of(startUpOnly, steadyToo),
                run(0, 0).window());
        assertThat(r.failures()).containsExactly("steady hop p99 2500 us > 2000 us at bp.out");
    }
}
