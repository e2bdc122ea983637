package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.command.Command;

/**
 * Every benchmark of the bench bundle, run small in a real host with the distribution's bundles:
 * each is registered, drives the installed bundles it measures and prints its report (the soak has
 * BenchSoakIT). The numbers are the machine's; the shape of each line and the counts that follow
 * from the arguments are checked.
 */
class BenchCommandsIT {
    @TempDir
    static Path tmp;

    private static RigFixture rig;

    @BeforeAll
    static void start() throws Exception {
        rig = new RigFixture(tmp);
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    /** Output and exit code of one command run in the host. */
    private record Ran(int code, String out, String err) {}

    private static Ran bench(String name, String... args) throws Exception {
        Command c = rig.host.command("bench " + name, 10_000);
        assertThat(c).as("bench " + name + " registered").isNotNull();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = c.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void matches(Ran r, String... lineRegexes) {
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        for (String re : lineRegexes) {
            Pattern p = Pattern.compile(re);
            assertThat(r.out().lines().anyMatch(l -> p.matcher(l).matches()))
                    .as(re + " in\n" + r.out() + r.err())
                    .isTrue();
        }
    }

    @Test
    void ephysMeasuresTheInstalledSimulator() throws Exception {
        Ran r = bench("ephys", "--probes", "1", "--seconds", "0.3", "--units", "4");
        matches(
                r,
                "sim\\.ephys: 1 probe\\(s\\) x 384 ch, 4 units/probe, 1 ms blocks, one thread",
                "  warm-up [\\d.]+ x real time; measured [\\d.]+ s of signal in [\\d.]+ s = [\\d.]+ x real time",
                "  => [\\d.]+ probe-equivalents in real time per core");
    }

    @Test
    void behaviourMeasuresTwoPhotonAndHandwriting() throws Exception {
        Ran r = bench("behaviour", "--neurons", "1000", "--seconds", "0.3", "--channels", "96");
        matches(
                r,
                "sim\\.twophoton: 1000 neurons at 30\\.0 Hz, one frame per block, one thread",
                "  \\d+ frames \\([\\d.]+ s of imaging\\) in [\\d.]+ s = [\\d.]+ x real time \\([\\d.]+ % of a core in real"
                        + " time\\), [\\d.]+ M neuron-frames/s",
                "sim\\.handwriting: 96 channels, 20 ms bins: \\d+ bins \\(\\d+ s\\) in [\\d.]+ s = \\d+ x real time");
    }

    @Test
    void recordWritesEverySampleOfEveryProbe() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rec"));
        Ran r = bench("record", "--probes", "2", "--seconds", "0.1", "--dir", dir.toString(), "--keep");
        // 0.1 s at 30 kHz: 3,000 samples per probe, in 100 blocks of 30
        matches(
                r,
                "record: 2 probe\\(s\\) x 384 ch x 30000 Hz int16, 0\\.1 s of data each: [\\d.]+ s wall, \\d+ MB/s,"
                        + " sustained [\\d.]+ probes \\(384 ch x 30 kHz\\), CPU [\\d.]+ % of one core per probe, 3000 samples/probe"
                        + " written, 0 dropped");
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> data = files.filter(p -> p.getFileName().toString().equals("continuous.dat"))
                    .toList();
            assertThat(data).hasSize(2);
            for (Path d : data) {
                assertThat(Files.size(d)).as(d.toString()).isEqualTo(3000L * 384 * 2);
            }
        }
    }

    @Test
    void closedLoopRunsThePipelineAndReportsLatencies() throws Exception {
        Ran r = bench("closed-loop", "--seconds", "2", "--warmup-ms", "200", "--min-triggers", "1");
        matches(
                r,
                "closed loop: sim\\.ephys \\(384 ch, 30-sample blocks, real time\\) -> filter\\.bandpass -> trigger\\.threshold"
                        + " \\(ch 361, -12\\.0 uV\\) -> sim\\.ttl-out, 2 s",
                "  triggers [1-9]\\d* \\(after 200 ms warm-up\\); latency sample->trigger p50 \\d+ us, p99 \\d+ us, p99\\.9 \\d+ us,"
                        + " max \\d+ us, mean \\d+ us",
                "  node trig +trigger\\.threshold +[A-Z]+, \\d+ calls, mean [\\d.]+ us/call, errors 0, overruns \\d+",
                "  targets p50 <= 1000 us, p99 <= 2000 us: (met|NOT met)");
    }

    @Test
    void closedLoopRunsOtherAcquisitionBesideItWhenAsked() throws Exception {
        Ran r = bench(
                "closed-loop", "--seconds", "2", "--warmup-ms", "200", "--min-triggers", "1", "--background", "2");
        matches(
                r,
                "  beside it: 2 probe\\(s\\) of sim\\.ephys -> filter\\.bandpass -> filter\\.car -> spikes\\.threshold"
                        + " -> sink\\.count",
                // every block of the 2 s reached each node of the chain beside the loop, none errored
                "  node obp +filter\\.bandpass +[A-Z]+, 2000 calls, mean [\\d.]+ us/call, errors 0, overruns \\d+",
                "  node ospikes +spikes\\.threshold +[A-Z]+, 2000 calls, mean [\\d.]+ us/call, errors 0, overruns \\d+",
                "  node ocount +sink\\.count +[A-Z]+, 6001 calls, mean [\\d.]+ us/call, errors 0, overruns \\d+");
    }

    @Test
    void modelsTimesTheFitOnEveryDevice() throws Exception {
        Ran r = bench("models", "--shape", "2000,16,32", "--lambdas", "1,10", "--chunk-rows", "512");
        matches(
                r,
                "bench models: T=2000 rows x P=16 features x N=32 responses; XtY = 0\\.0 GFLOP; products and fits best"
                        + " of 3; lambdas 1,10; fit statistics in chunks of 512 rows; \\d+ cores",
                "device +kernel +XtY s +GFLOP/s +executed on +fit s +fit/XtY",
                // the fit appears on the line of the kernel the shape rule picks, at least on the Java thread pool
                ".* java +[\\d.]+ +[\\d.]+ .* +[\\d.]+ +[\\d.]+ +\\(statistics [\\d.]+ s \\+ solve [\\d.]+ s; median held-out"
                        + " R² -?[\\d.]+\\)",
                "Commons Math BlockRealMatrix \\(float64, 1 thread\\) +- +[\\d.]+ +[\\d.]+ +Java, calling thread *");
    }

    @Test
    void busComparesTheHopWithRawJeroMq() throws Exception {
        Ran r = bench("bus", "--quick", "--seconds", "1", "--channels", "8");
        matches(
                r,
                "NeuroRig bus benchmark: blocks of 8 channels x 30 samples int16 \\(480 payload bytes\\)",
                "  NeuroRig StreamPublisher->InputPort +inproc +2000 +0 .*",
                "  raw JeroMQ PUB->SUB +tcp +2000 +0 .*",
                "Targets");
    }

    @Test
    void chainRunsTheIssue13ChainInTheHostAndCountsEverySample() throws Exception {
        Path json = tmp.resolve("chain.json");
        Ran r = bench("chain", "--quick", "--json", json.toString());
        matches(
                r,
                "bench chain: sim\\.ephys \\(1 probe\\(s\\) x 384 ch, 30 kHz, 1 ms blocks, real time\\) -> filter\\.bandpass"
                        + " 300-6000 Hz order 3 -> filter\\.car \\(per probe\\) -> spikes\\.threshold k 4\\.5; sink\\.count on"
                        + " probe\\.ap, car, spikes",
                "probes 1: real time [\\d.]+ \\(3\\.00 s of data in [\\d.]+ s\\), drops 0, gaps 0, source overruns \\d+,"
                        + " worst hop p99 \\d+ us \\([\\w.]+\\), alloc \\d+ B/block \\(runners \\d+, transport \\d+\\), GC \\d+"
                        + " pauses [\\d.]+ ms, CPU [\\d.]+ cores: .+",
                "  node +type +blocks +us/block +cpu +overruns +errors +B/block +status",
                "  bp +filter\\.bandpass +3000 +[\\d.]+ +[\\d.]+ +\\d+ +0 +\\d+ +[A-Z]+",
                "  probe\\.ap +bp,count +3000 +90000 +\\d+ +\\d+ +(n/a|\\d+) +\\d+ +(n/a|\\d+) +0 +0",
                "  car\\.out +spikes,count +3000 +90000 +\\d+ +\\d+ +(n/a|\\d+) +\\d+ +(n/a|\\d+) +0 +0",
                "figures written to .*chain\\.json");
        JsonNode run = RigFixture.JSON.readTree(json.toFile()).get("runs").get(0);
        assertThat(run.get("probes").asInt()).isEqualTo(1);
        assertThat(run.get("dataSeconds").asDouble()).isEqualTo(3.0);
        assertThat(run.get("drops").asLong()).isZero();
        assertThat(run.get("gaps").asLong()).isZero();
        // 3 s at 30 kHz in 30-sample blocks, from the source through every dense stage of the chain
        List<String> dense = new ArrayList<>();
        for (JsonNode s : run.get("streams")) {
            String name = s.get("name").asText();
            if (List.of("probe.ap", "bp.out", "car.out").contains(name)) {
                dense.add(name);
                assertThat(s.get("samples").asLong()).as(name).isEqualTo(3 * 30_000L);
                assertThat(s.get("blocks").asLong()).as(name).isEqualTo(3 * 1_000L);
            }
            assertThat(s.get("drops").asLong()).as(name).isZero();
        }
        assertThat(dense).containsExactly("probe.ap", "bp.out", "car.out");
        List<String> nodes = new ArrayList<>();
        for (JsonNode n : run.get("nodes")) {
            nodes.add(n.get("name").asText());
            assertThat(n.get("errors").asLong()).as(n.toString()).isZero();
            // each runner used some CPU, and none more than the one core a thread can have
            assertThat(n.get("cpuCores").asDouble())
                    .as(n.toString())
                    .isGreaterThan(0)
                    .isLessThanOrEqualTo(1.05);
        }
        assertThat(nodes).containsExactly("probe", "bp", "car", "spikes", "count");
        assertThat(run.get("window").get("processCpuCores").asDouble())
                .isGreaterThan(0)
                .isLessThanOrEqualTo(2.1);
        // the steady window (1 s to 2.75 s of 3 s) saw the runner of every node and measured its allocation
        JsonNode w = run.get("window");
        assertThat(w.get("blocks").asLong()).isBetween(1_000L, 3_000L);
        for (String n : nodes) {
            assertThat(w.get("threadBytes").has("node-" + n)).as(w.toString()).isTrue();
        }
        assertThat(w.get("runnersBytesPerBlock").isNumber()).as(w.toString()).isTrue();
    }

    @Test
    void aBadOptionIsAUsageError() throws Exception {
        for (String b : List.of("bus", "ephys", "behaviour", "record", "closed-loop", "models", "soak", "chain")) {
            Ran r = bench(b, "--bogus", "1");
            assertThat(r.code()).as(b + ": " + r.err()).isEqualTo(64);
            assertThat(r.err()).as(b).contains("usage: neurorig bench " + b);
            assertThat(r.out()).as(b).isEmpty();
        }
    }
}
