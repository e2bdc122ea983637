package org.neurorig.plugin.record.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.adapter.sim.internal.SimTwoPhotonSource;
import org.neurorig.adapter.sim.internal.SimTwoPhotonSourceConfig;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SineSource;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;

/**
 * Reads recordings back with {@code src/test/python/read_oebin.py}, a NumPy-only reader written from
 * the Open Ephys format documentation. Needs Debian's {@code /usr/bin/python3} with numpy: required
 * when {@code CI=true}, skipped otherwise.
 */
class PythonReadBackTest {
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    @BeforeAll
    static void requirePython() throws Exception {
        boolean ok = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import numpy")
                    .redirectErrorStream(true)
                    .start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(ok).as(PYTHON + " with numpy is required in CI").isTrue();
        }
        Assumptions.assumeTrue(ok, PYTHON + " with numpy not available");
    }

    /** Runs the reader on a recording folder and returns its JSON. */
    static JsonNode read(Path recording, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                PYTHON,
                Path.of("src/test/python/read_oebin.py").toAbsolutePath().toString(),
                recording.toString()));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        String[] lines = out.split("\n");
        return OpenEphysRecorderTest.JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void threeSecondsOfSineReadBackSampleForSample() throws Exception {
        double rate = 30000;
        int channels = 16;
        Harness.SourceRun src = Harness.runSource(
                new SineSource(channels, rate, 300, Kind.CONTINUOUS_I16, 1000, 10), (long) (3 * rate));
        StreamSpec spec = src.specs().get(0).withName("amp.out").withSource("amp");
        StreamSpec ttl = StreamSpec.builder("amp.ttl", Kind.EVENTS)
                .channelCount(4)
                .sampleRate(rate)
                .blockSamples(8)
                .source("amp")
                .build();
        Block edges = Block.forSpec(ttl);
        edges.addEvent(30000, 2, 1, null);
        edges.addEvent(45000, 2, 0, null);
        OpenEphysRecorder r = OpenEphysRecorderTest.recorder(tmp);
        Harness.sink(r, spec, ttl).feedAll(src.out().emitted(0)).feed(1, edges).close();

        JsonNode j = read(OpenEphysRecorderTest.rec1(tmp), "--expect-sine", "1000", "10");
        JsonNode c = j.get("continuous").get("amp-100.out/");
        assertThat(c.get("samples").asLong()).isEqualTo((long) (3 * rate));
        assertThat(c.get("sampleNumbers").asLong()).isEqualTo((long) (3 * rate));
        assertThat(c.get("channels").asInt()).isEqualTo(channels);
        assertThat(c.get("firstSample").asLong()).isZero();
        assertThat(c.get("lastSample").asLong()).isEqualTo((long) (3 * rate) - 1);
        assertThat(c.get("contiguous").asBoolean()).isTrue();
        assertThat(c.get("timestampsMatch").asBoolean()).isTrue();
        assertThat(c.get("sampleNumbersDtype").asText()).isEqualTo("int64");
        assertThat(c.get("timestampsDtype").asText()).isEqualTo("float64");
        assertThat(c.get("sineMismatches").asLong()).isZero();
        JsonNode t = j.get("events").get("amp-100.ttl/TTL/");
        assertThat(t.get("edges").asInt()).isEqualTo(2);
        assertThat(t.get("states").toString()).isEqualTo("[3,-3]");
        assertThat(t.get("sampleNumbers").toString()).isEqualTo("[30000,45000]");
        assertThat(t.get("fullWords").toString()).isEqualTo("[4,0]");
        assertThat(j.get("sync").get(1).asText()).isEqualTo("Start Time for amp (100) - out @ 30000 Hz: 0");
        assertThat(SineSource.valueI16(1000, 10, rate, 0, 0, channels)).isZero(); // the formula the reader checks
    }

    /**
     * Issue 12 point 12: sim.twophoton's trial events carry a text (the texture) and a line and state
     * (entry 1, exit 0). The TTL folder holds every one of them, line and state as Open Ephys writes
     * them (+line+1 rising, −(line+1) falling), at the frames the simulator's ground truth names.
     */
    @Test
    void textEventsWithStatesAreRecordedAsTtlEdgesAtTheGroundTruthFrames() throws Exception {
        requirePython();
        Path truthFile = tmp.resolve("truth.json");
        SimTwoPhotonSource scope = new SimTwoPhotonSource();
        Method activate = SimTwoPhotonSource.class.getDeclaredMethod("activate", SimTwoPhotonSourceConfig.class);
        activate.setAccessible(true); // package-private, called as SCR does
        activate.invoke(
                scope,
                TestConfig.of(
                        SimTwoPhotonSourceConfig.class,
                        "neurons",
                        1000,
                        "frames",
                        1500,
                        "pace",
                        "fast",
                        "seed",
                        5,
                        "groundTruth",
                        truthFile.toString()));
        Harness.SourceRun src = Harness.runSource(scope, 1500);
        StreamSpec dff = src.specs().get(0).withName("scope.dff").withSource("scope");
        StreamSpec trials = src.specs().get(2).withName("scope.trials").withSource("scope");
        OpenEphysRecorder r = OpenEphysRecorderTest.recorder(tmp.resolve("rec"));
        SinkRun run = Harness.sink(r, dff, trials);
        for (Block b : src.out().emitted(0)) {
            run.feed(0, b);
        }
        for (Block b : src.out().emitted(2)) {
            run.feed(1, b);
        }
        run.close();

        // the expected edges, from the ground-truth file alone: leaf1 is line 0, circle1 line 1
        JsonNode truth = OpenEphysRecorderTest.JSON.readTree(truthFile.toFile());
        List<Long> states = new ArrayList<>();
        List<Long> samples = new ArrayList<>();
        List<Long> words = new ArrayList<>();
        for (JsonNode t : truth.get("trials")) {
            int line = t.get("texture").asText().equals("leaf1") ? 0 : 1;
            states.add((long) line + 1);
            samples.add(t.get("entryFrame").asLong());
            words.add(1L << line);
            if (t.get("exitFrame").asLong() >= 0) {
                states.add(-(long) line - 1);
                samples.add(t.get("exitFrame").asLong());
                words.add(0L);
            }
        }
        assertThat(states).hasSizeBetween(5, 20); // the reader lists the first 20

        JsonNode events = read(OpenEphysRecorderTest.rec1(tmp.resolve("rec"))).get("events");
        JsonNode ttl = null;
        for (var it = events.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().endsWith(".trials/TTL/")) {
                ttl = e.getValue();
            }
        }
        assertThat(ttl).as("a TTL folder for scope.trials in %s", events).isNotNull();
        assertThat(ttl.get("edges").asInt()).isEqualTo(states.size());
        assertThat(ttl.get("states").toString()).isEqualTo(states.toString().replace(" ", ""));
        assertThat(ttl.get("sampleNumbers").toString())
                .isEqualTo(samples.toString().replace(" ", ""));
        assertThat(ttl.get("fullWords").toString()).isEqualTo(words.toString().replace(" ", ""));
    }

    @Test
    void theGuiReferenceRecordingReadsWithTheSameReaderExceptItsMissingDat() throws Exception {
        Path ref = OpenEphysRecorderTest.sharedReference();
        Assumptions.assumeTrue(ref != null);
        // The reference lacks continuous.dat (see its README); the reader must say so, nothing else.
        Process p = new ProcessBuilder(
                        PYTHON,
                        Path.of("src/test/python/read_oebin.py")
                                .toAbsolutePath()
                                .toString(),
                        ref.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("continuous.dat").contains("No such file");
    }
}
