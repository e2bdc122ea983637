package org.neurorig.plugin.record.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SineSource;

import com.fasterxml.jackson.databind.JsonNode;

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
            Process p = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(ok).as(PYTHON + " with numpy is required in CI").isTrue();
        }
        Assumptions.assumeTrue(ok, PYTHON + " with numpy not available");
    }

    /** Runs the reader on a recording folder and returns its JSON. */
    static JsonNode read(Path recording, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, Path.of("src/test/python/read_oebin.py").toAbsolutePath()
                .toString(), recording.toString()));
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
        Harness.SourceRun src = Harness.runSource(new SineSource(channels, rate, 300, Kind.CONTINUOUS_I16, 1000, 10),
                (long) (3 * rate));
        StreamSpec spec = src.specs().get(0).withName("amp.out").withSource("amp");
        StreamSpec ttl = StreamSpec.builder("amp.ttl", Kind.EVENTS).channelCount(4).sampleRate(rate).blockSamples(8)
                .source("amp").build();
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

    @Test
    void theGuiReferenceRecordingReadsWithTheSameReaderExceptItsMissingDat() throws Exception {
        Path ref = OpenEphysRecorderTest.sharedReference();
        Assumptions.assumeTrue(ref != null);
        // The reference lacks continuous.dat (see its README); the reader must say so, nothing else.
        Process p = new ProcessBuilder(PYTHON, Path.of("src/test/python/read_oebin.py").toAbsolutePath().toString(),
                ref.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("continuous.dat").contains("No such file");
    }
}
