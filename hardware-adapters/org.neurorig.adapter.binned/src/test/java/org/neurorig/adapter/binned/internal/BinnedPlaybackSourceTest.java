package org.neurorig.adapter.binned.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SharedData;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

/**
 * Real data in ../shared/data (m1-s1-reaching, hc-linear-track). The reference values were
 * computed with {@code scipy.io.loadmat} (see each folder's README for the recipe).
 */
class BinnedPlaybackSourceTest {
    @TempDir
    Path tmp;

    private static BinnedPlaybackSource source(Object... keyValues) {
        BinnedPlaybackSource s = new BinnedPlaybackSource();
        s.activate(TestConfig.of(BinnedPlaybackSourceConfig.class, keyValues));
        return s;
    }

    private static float at(float[] m, int cols, int row, int col) {
        return m[row * cols + col];
    }

    @Test
    void macaqueM1CountsAreUnitsByBinsAndComeWithHandKinematicsAt20Hz() {
        Path f = SharedData.dir("m1-s1-reaching").resolve("m1_stevenson_2011.mat");
        Harness.SourceRun run = Harness.drainSource(
                source(
                        "path",
                        f.toString(),
                        "behaviour",
                        new String[] {"handVel", "handPos"},
                        "pace",
                        "fast",
                        "blockRows",
                        100),
                3);
        StreamSpec counts = run.specs().get(0);
        StreamSpec beh = run.specs().get(1);
        assertThat(counts.kind()).isEqualTo(Kind.MATRIX_F32);
        assertThat(counts.channelCount()).isEqualTo(171);
        assertThat(counts.sampleRate())
                .isCloseTo(20.0, org.assertj.core.data.Offset.offset(1e-9)); // time: 0.050 s steps
        assertThat(beh.channelCount()).isEqualTo(6);
        assertThat(beh.channels().get(0).name()).isEqualTo("handVel[0]");
        assertThat(beh.channels().get(4).name()).isEqualTo("handPos[1]");
        List<Block> cb = run.out().emitted(0);
        List<Block> bb = run.out().emitted(1);
        BlockAssert.assertSampleCount(cb, 15_536);
        BlockAssert.assertSampleCount(bb, 15_536);
        BlockAssert.assertContinuous(cb);
        assertThat(cb.get(cb.size() - 1).flags()).isEqualTo(Block.FLAG_END_OF_STREAM);
        float[] c = Blocks.concatF32(cb);
        float[] b = Blocks.concatF32(bb);
        // scipy: spikes[5,1000] = 0, spikes[:,1000].sum() = 179, spikes[170,15535] = 2, spikes.sum() = 2352815
        assertThat(at(c, 171, 1000, 5)).isZero();
        float sum = 0;
        for (int u = 0; u < 171; u++) {
            sum += at(c, 171, 1000, u);
        }
        assertThat(sum).isEqualTo(179);
        assertThat(at(c, 171, 15_535, 170)).isEqualTo(2);
        double total = 0;
        for (float v : c) {
            total += v;
        }
        assertThat(total).isEqualTo(2_352_815);
        // handVel[0,1000] = 0.0412615740714722, handPos[1,12345] = -0.23709289045577667
        assertThat(at(b, 6, 1000, 0)).isEqualTo((float) 0.0412615740714722);
        assertThat(at(b, 6, 12_345, 4)).isEqualTo((float) -0.23709289045577667);
    }

    @Test
    void somatosensoryS1IsBinsByUnitsWithAGivenBinWidth() {
        Path f = SharedData.dir("m1-s1-reaching").resolve("s1_data.mat");
        assertThatThrownBy(() -> source("path", f.toString()).open(new TestContext("p")))
                .hasMessageContaining("binSeconds is 0 and there is no 'time' variable");
        Harness.SourceRun run = Harness.drainSource(
                source(
                        "path",
                        f.toString(),
                        "behaviour",
                        new String[] {"vel", "pos"},
                        "binSeconds",
                        0.05,
                        "pace",
                        "fast",
                        "blockRows",
                        1000),
                3);
        assertThat(run.specs().get(0).channelCount()).isEqualTo(52);
        assertThat(run.specs().get(0).sampleRate()).isEqualTo(20.0);
        float[] c = Blocks.concatF32(run.out().emitted(0));
        float[] b = Blocks.concatF32(run.out().emitted(1));
        assertThat(c).hasSize(35_129 * 52);
        // scipy: spikes[20000,7] = 2, vel[20000,1] = -1.628188642363699, pos[35128,0] = -0.2706905909153818
        assertThat(at(c, 52, 20_000, 7)).isEqualTo(2);
        assertThat(at(b, 4, 20_000, 1)).isEqualTo((float) -1.628188642363699);
        assertThat(at(b, 4, 35_128, 2)).isEqualTo((float) -0.2706905909153818);
        assertThat(run.context().lastMessage()).contains("35129 bins × 52 units");
    }

    @Test
    void hippocampalSpikeTimesAreBinnedOnTheRecordingClock() {
        Path f = SharedData.dir("hc-linear-track").resolve("spikes.mat");
        Harness.SourceRun run = Harness.drainSource(
                source("path", f.toString(), "binSeconds", 0.25, "pace", "fast", "blockRows", 500), 3);
        assertThat(run.specs().get(0).channelCount()).isEqualTo(31); // README: 31 units
        assertThat(run.specs().get(0).sampleRate()).isEqualTo(4.0);
        assertThat(run.specs().get(1).channelCount()).isZero();
        List<Block> blocks = run.out().emitted(0);
        // first spike 4397.0023 s → bin 17588; last 6365.1473 s → bin 25460
        assertThat(blocks.get(0).firstSample()).isEqualTo(17_588);
        Block last = blocks.get(blocks.size() - 1);
        assertThat(last.firstSample() + last.sampleCount()).isEqualTo(25_461);
        float[] c = Blocks.concatF32(blocks);
        double total = 0;
        double unit0 = 0;
        for (int i = 0; i < c.length; i++) {
            total += c[i];
            unit0 += i % 31 == 0 ? c[i] : 0;
        }
        assertThat(total).isEqualTo(28_829); // README: 28,829 spikes
        assertThat(unit0).isEqualTo(1748);
    }

    @Test
    void npzAndNpyFilesPlayInEitherOrientation() throws IOException {
        // counts 3 units × 4 bins (columns are bins), behaviour 4 bins × 1
        Path npz = tmp.resolve("d.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(npz))) {
            put(z, "spikes.npy", npy("<f8", "(3, 4)", false, 0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23));
            put(z, "x.npy", npy("<f8", "(4,)", false, 0.5, 1.5, 2.5, 3.5));
        }
        Harness.SourceRun run = Harness.drainSource(
                source(
                        "path",
                        npz.toString(),
                        "behaviour",
                        new String[] {"x"},
                        "binSeconds",
                        0.1,
                        "pace",
                        "fast",
                        "blockRows",
                        3),
                3);
        assertThat(Blocks.concatF32(run.out().emitted(0))).containsExactly(0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23);
        assertThat(Blocks.concatF32(run.out().emitted(1))).containsExactly(0.5f, 1.5f, 2.5f, 3.5f);
        assertThat(run.out().emitted(0)).extracting(Block::sampleCount).containsExactly(3, 1);

        Path f = tmp.resolve("c.npy");
        Files.write(f, npy("<f8", "(2, 3)", true, 1, 4, 2, 5, 3, 6)); // Fortran order of [[1 2 3] [4 5 6]]
        Harness.SourceRun rows = Harness.drainSource(
                source("path", f.toString(), "binSeconds", 1, "orientation", "rows", "pace", "fast", "blockRows", 10),
                3);
        assertThat(Blocks.concatF32(rows.out().emitted(0))).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void badFilesAndVariablesAreNamed() throws IOException {
        Path f = SharedData.dir("m1-s1-reaching").resolve("m1_stevenson_2011.mat");
        assertThatThrownBy(
                        () -> source("path", f.toString(), "counts", "spikez").open(new TestContext("p")))
                .hasMessageContaining("m1_stevenson_2011.mat: no variable 'spikez' for counts; it has [")
                .hasMessageContaining("handVel");
        assertThatThrownBy(() -> source("path", f.toString(), "behaviour", new String[] {"vel"})
                        .open(new TestContext("p")))
                .hasMessageContaining("no numeric variable 'vel' for behaviour");
        Path junk = tmp.resolve("junk.mat");
        Files.writeString(junk, "not a mat file");
        assertThatThrownBy(() -> source("path", junk.toString()).open(new TestContext("p")))
                .hasMessageContaining("junk.mat: not a readable MATLAB v5 .mat file");
        Path trunc = tmp.resolve("t.npy");
        byte[] full = npy("<f8", "(3, 4)", false, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Files.write(trunc, java.util.Arrays.copyOf(full, full.length - 8));
        assertThatThrownBy(
                        () -> source("path", trunc.toString(), "binSeconds", 1).open(new TestContext("p")))
                .hasMessageContaining("t.npy: truncated .npy data");
        assertThatThrownBy(
                        () -> source("path", tmp.resolve("none.npz").toString()).open(new TestContext("p")))
                .hasMessageContaining("none.npz");
        assertThatThrownBy(() -> source("path", "x.mat", "orientation", "diagonal"))
                .hasMessageContaining("value 'diagonal' for 'orientation' is not one of: auto, rows, columns");
    }

    private static void put(ZipOutputStream z, String name, byte[] bytes) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(bytes);
        z.closeEntry();
    }

    private static byte[] npy(String descr, String shape, boolean fortran, double... values) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }
}
