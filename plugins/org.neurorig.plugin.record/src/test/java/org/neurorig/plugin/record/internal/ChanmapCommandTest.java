package org.neurorig.plugin.record.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;

class ChanmapCommandTest {
    @TempDir
    Path tmp;

    /** A 4-channel stream on a two-column probe (x 0/32 µm, rows 20 µm apart) and a 2-channel one without geometry. */
    private Path record() {
        List<ChannelInfo> placed = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            placed.add(new ChannelInfo("CH" + c, "uV", 0.195, 32.0 * (c % 2), 20.0 * (c / 2)));
        }
        StreamSpec ap = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                .channels(placed)
                .sampleRate(30000)
                .blockSamples(10)
                .source("probe")
                .build();
        StreamSpec aux = StreamSpec.builder("aux.out", Kind.CONTINUOUS_I16)
                .channelCount(2)
                .sampleRate(1000)
                .defaultChannels("uV", 0.195)
                .blockSamples(10)
                .source("aux")
                .build();
        Harness.sink(OpenEphysRecorderTest.recorder(tmp), ap, aux)
                .feedAll(OpenEphysRecorderTest.sineBlocks(ap, 30))
                .close();
        return OpenEphysRecorderTest.rec1(tmp);
    }

    /** Runs the command; its output lines go to {@code out}, its errors are dropped. */
    private static int run(List<String> out, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(buf, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(OutputStream.nullOutputStream())) {
            return new ChanmapCommand().run(List.of(args), o, e);
        } finally {
            out.addAll(List.of(buf.toString(StandardCharsets.UTF_8).split("\n")));
        }
    }

    @Test
    void writesTheKilosortMapOfEveryStreamWithPositions() throws Exception {
        Path rec = record();
        List<String> out = new ArrayList<>();
        assertThat(run(out, tmp.toString())).isZero();
        Path ks = rec.resolve("kilosort/probe-100.ap");
        assertThat(out).anySatisfy(l -> assertThat(l)
                .contains("kilosort/probe-100.ap: 4 channels")
                .contains("n_chan_bin = 4")
                .contains("fs = 30000")
                .contains("continuous/probe-100.ap/continuous.dat"));
        assertThat(out).anySatisfy(l -> assertThat(l).contains("aux-102.out: no channel positions"));
        assertThat(rec.resolve("kilosort/aux-102.out")).doesNotExist();

        JsonNode probe =
                OpenEphysRecorderTest.JSON.readTree(ks.resolve("chanMap.json").toFile());
        assertThat(probe.get("chanMap").toString()).isEqualTo("[0,1,2,3]");
        assertThat(probe.get("xc").toString()).isEqualTo("[0.0,32.0,0.0,32.0]");
        assertThat(probe.get("yc").toString()).isEqualTo("[0.0,0.0,20.0,20.0]");
        assertThat(probe.get("kcoords").toString()).isEqualTo("[0,0,0,0]");
        assertThat(probe.get("n_chan").asInt()).isEqualTo(4);

        assertThat(Npy.header(ks.resolve("chanMap.npy")))
                .contains("'descr': '<i4'")
                .contains("'shape': (4,)");
        IntBuffer map = Npy.data(ks.resolve("chanMap.npy")).asIntBuffer();
        assertThat(map.remaining()).isEqualTo(4);
        assertThat(new int[] {map.get(0), map.get(1), map.get(2), map.get(3)}).containsExactly(0, 1, 2, 3);
        assertThat(Npy.doubles(ks.resolve("xcoords.npy"))).containsExactly(0, 32, 0, 32);
        assertThat(Npy.doubles(ks.resolve("ycoords.npy"))).containsExactly(0, 0, 20, 20);
        assertThat(Npy.doubles(ks.resolve("kcoords.npy"))).containsExactly(0, 0, 0, 0);

        // recover leaves the map alone and finds the recording consistent
        for (RecordingRepair.Result r : new RecordingRepair().repairAll(tmp)) {
            assertThat(r.problem()).as(r.folder().toString()).isNull();
            assertThat(r.changes()).as(r.folder().toString()).isEmpty();
        }
        assertThat(Npy.rows(rec.resolve("continuous/probe-100.ap/sample_numbers.npy")))
                .isEqualTo(30);
    }

    @Test
    void theMapLoadsWithNumPy() throws Exception {
        PythonReadBackTest.requirePython(); // required under CI=true, skipped elsewhere
        Path ks = record().resolve("kilosort/probe-100.ap");
        assertThat(run(new ArrayList<>(), tmp.toString())).isZero();
        Process p = new ProcessBuilder(
                        PythonReadBackTest.PYTHON,
                        "-c",
                        "import numpy as np, json, sys; d = sys.argv[1]; "
                                + "print(np.load(d + '/chanMap.npy').tolist(), np.load(d + '/xcoords.npy').tolist(), "
                                + "np.load(d + '/ycoords.npy').tolist(), json.load(open(d + '/chanMap.json'))['n_chan'])",
                        ks.toString())
                .redirectErrorStream(true)
                .start();
        String got = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(got).isZero();
        assertThat(got).isEqualTo("[0, 1, 2, 3] [0.0, 32.0, 0.0, 32.0] [0.0, 0.0, 20.0, 20.0] 4");
    }

    @Test
    void noGeometryNoRecordingOrBadArgumentsAreErrors() throws Exception {
        StreamSpec aux = StreamSpec.builder("aux.out", Kind.CONTINUOUS_I16)
                .channelCount(2)
                .sampleRate(1000)
                .defaultChannels("uV", 0.195)
                .blockSamples(10)
                .source("aux")
                .build();
        Harness.sink(OpenEphysRecorderTest.recorder(tmp.resolve("flat")), aux).close();
        assertThat(run(new ArrayList<>(), tmp.resolve("flat").toString())).isEqualTo(1);
        assertThat(run(
                        new ArrayList<>(),
                        Files.createDirectories(tmp.resolve("empty")).toString()))
                .isEqualTo(1);
        assertThat(run(new ArrayList<>())).isEqualTo(64);
        assertThat(run(new ArrayList<>(), tmp.resolve("missing").toString())).isEqualTo(64);
    }
}
