package org.neurorig.adapter.spikeglx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SharedData;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

/**
 * Real SpikeGLX {@code .meta} files (../shared/data/spikeglx-meta) paired with {@code .bin} files
 * written here to match them, since no real small .bin exists (see that folder's README).
 */
class SpikeGlxPlaybackSourceTest {
    private static final String NP1 = "sample3B_version202304.ap.meta";
    private static final String NP2 = "sampleNP2.4_4shanks_appVersion20230905.ap.meta";
    private static final String NIDQ = "sample3B_g0_t0.nidq.meta";

    @TempDir
    Path tmp;

    private static SpikeGlxPlaybackSource source(Object... keyValues) {
        SpikeGlxPlaybackSource s = new SpikeGlxPlaybackSource();
        s.activate(TestConfig.of(SpikeGlxPlaybackSourceConfig.class, keyValues));
        return s;
    }

    /** Value at sample k, channel c of the generated files. */
    private static short value(long k, int c) {
        return (short) (k * 7 + c * 13);
    }

    /** Copies a real .meta under {@code stem} and writes a .bin of {@code samples} that agrees with it. */
    private Path recording(String realMeta, String stem, long samples) throws IOException {
        Path src = SharedData.dir("spikeglx-meta").resolve(realMeta);
        String text = Files.readString(src, StandardCharsets.ISO_8859_1);
        int channels = Integer.parseInt(text.replaceAll("(?s).*\\bnSavedChans=(\\d+).*", "$1"));
        ByteBuffer b = ByteBuffer.allocate((int) (samples * channels * 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (long k = 0; k < samples; k++) {
            for (int c = 0; c < channels; c++) {
                b.putShort(value(k, c));
            }
        }
        Path bin = tmp.resolve(stem + ".bin");
        Files.write(bin, b.array());
        Files.writeString(
                tmp.resolve(stem + ".meta"),
                text.replaceAll("fileSizeBytes=\\d+", "fileSizeBytes=" + b.capacity()),
                StandardCharsets.ISO_8859_1);
        return bin;
    }

    private static short rawValue(Path bin, int channels, long k, int c) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(bin.toFile(), "r")) {
            f.seek((k * channels + c) * 2);
            int lo = f.read();
            return (short) ((f.read() << 8) | lo);
        }
    }

    @Test
    void neuropixels1RecordingPlaysWithMetaChannelsGainAndFirstSample() throws IOException {
        Path bin = recording(NP1, "run_g0_t0.imec0.ap", 3000);
        Harness.SourceRun run =
                Harness.drainSource(source("path", bin.toString(), "pace", "fast", "blockSamples", 300), 3);
        StreamSpec spec = run.specs().get(0);
        assertThat(spec.channelCount()).isEqualTo(385);
        assertThat(spec.sampleRate()).isEqualTo(30000.0);
        List<ChannelInfo> ch = spec.channels();
        assertThat(ch.get(0).name()).isEqualTo("AP0");
        assertThat(ch.get(383).name()).isEqualTo("AP383");
        assertThat(ch.get(384).name()).isEqualTo("SY0");
        // 0.6 V / 512 / gain 500 (~imroTbl) × 1e6 = 2.34375 µV per count; the sync word is unscaled
        assertThat(ch.get(200).bitVolts()).isEqualTo(0.6 / 512 / 500 * 1e6);
        assertThat(ch.get(200).units()).isEqualTo("uV");
        assertThat(ch.get(384).bitVolts()).isEqualTo(1.0);
        // ~snsGeomMap entry 383 is (0:43:3820:1)
        assertThat(ch.get(383).x()).isEqualTo(43.0);
        assertThat(ch.get(383).y()).isEqualTo(3820.0);

        List<Block> blocks = run.out().emitted(0);
        BlockAssert.assertContinuous(blocks);
        BlockAssert.assertSampleCount(blocks, 3000);
        assertThat(blocks).hasSize(10);
        assertThat(blocks.get(0).firstSample()).isEqualTo(373_138); // firstSample= of the .meta
        assertThat(blocks.get(9).flags()).isEqualTo(Block.FLAG_END_OF_STREAM);
        short[] v = Blocks.concatI16(blocks);
        for (long k : new long[] {0, 299, 300, 1777, 2999}) {
            for (int c : new int[] {0, 191, 384}) {
                assertThat(v[(int) (k * 385 + c)])
                        .isEqualTo(rawValue(bin, 385, k, c))
                        .isEqualTo(value(k, c));
            }
        }
    }

    @Test
    void neuropixels2FourShankGainAndGeometry() throws IOException {
        recording(NP2, "np2_g0_t0.imec0.ap", 10);
        // a folder: its .ap.bin is found
        Harness.SourceRun run = Harness.drainSource(source("path", tmp.toString(), "pace", "fast"), 3);
        List<ChannelInfo> ch = run.specs().get(0).channels();
        assertThat(ch).hasSize(385);
        assertThat(ch.get(5).bitVolts()).isEqualTo(0.62 / 2048 / 100 * 1e6); // imChan0apGain=100
        // ~snsGeomMap header (NP2014,4,250,70): entry 383 (3:59:705:1) lies on shank 3, 250 µm apart
        assertThat(ch.get(383).x()).isEqualTo(3 * 250 + 59.0);
        assertThat(ch.get(383).y()).isEqualTo(705.0);
        assertThat(ch.get(384).name()).isEqualTo("SY0");
        BlockAssert.assertSampleCount(run.out().emitted(0), 10);
    }

    @Test
    void niDaqStreamHasVoltsAndADigitalWord() throws IOException {
        Path bin = recording(NIDQ, "run_g0_t0.nidq", 1000);
        Harness.SourceRun run =
                Harness.drainSource(source("path", bin.toString().replace(".bin", ".meta"), "pace", "fast"), 3);
        StreamSpec spec = run.specs().get(0);
        assertThat(spec.sampleRate()).isEqualTo(30003.0003);
        assertThat(spec.channels()).extracting(ChannelInfo::name).containsExactly("XA0", "XD0");
        assertThat(spec.channels().get(0).units()).isEqualTo("V");
        assertThat(spec.channels().get(0).bitVolts()).isEqualTo(5.0 / 32768);
        assertThat(spec.channels().get(1).bitVolts()).isEqualTo(1.0);
        assertThat(run.out().emitted(0).get(0).firstSample()).isEqualTo(1_738_164);
        assertThat(Blocks.concatI16(run.out().emitted(0))[2 * 999 + 1]).isEqualTo(value(999, 1));
    }

    @Test
    void loopingContinuesSampleNumbersAndFlagsEachPass() throws IOException {
        Path bin = recording(NIDQ, "loop.nidq", 100);
        Harness.SourceRun run = Harness.runSource(
                source("path", bin.toString(), "pace", "fast", "loop", true, "blockSamples", 40), 250);
        List<Block> b = run.out().emitted(0);
        assertThat(b).extracting(Block::sampleCount).containsExactly(40, 40, 20, 40, 40, 20, 40, 40);
        assertThat(b)
                .extracting(Block::flags)
                .containsExactly(0, 0, 0, Block.FLAG_DISCONTINUITY, 0, 0, Block.FLAG_DISCONTINUITY, 0);
        BlockAssert.assertContinuous(b);
        assertThat(b.get(3).firstSample()).isEqualTo(1_738_164 + 100);
    }

    @Test
    void badFilesGiveAClearErrorNamingTheFile() throws IOException {
        Path bin = recording(NP1, "bad.imec0.ap", 10);
        // the .meta says 385 channels, and its fileSizeBytes must match the .bin
        Files.write(bin, new byte[385 * 2 * 10 + 2]);
        assertThatThrownBy(() -> source("path", bin.toString()).open(new TestContext("p")))
                .hasMessageContaining("bad.imec0.ap.bin: 7702 bytes, but bad.imec0.ap.meta says fileSizeBytes=7700");
        Path meta = tmp.resolve("bad.imec0.ap.meta");
        Files.writeString(
                meta,
                Files.readString(meta, StandardCharsets.ISO_8859_1)
                        .replaceAll("fileSizeBytes=\\d+", "fileSizeBytes=7702"),
                StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> source("path", bin.toString()).open(new TestContext("p")))
                .hasMessageContaining(
                        "bad.imec0.ap.bin: 7702 bytes is not a whole number of 385-channel int16 samples");
        Files.writeString(meta, "nSavedChans=385\nimSampRate=thirty\n");
        assertThatThrownBy(() -> source("path", bin.toString()).open(new TestContext("p")))
                .hasMessageContaining("bad.imec0.ap.meta: imSampRate=thirty is not a number");
        Files.writeString(meta, "this is not a meta file\n");
        assertThatThrownBy(() -> source("path", bin.toString()).open(new TestContext("p")))
                .hasMessageContaining("bad.imec0.ap.meta:1: not a key=value line");
        Files.delete(meta);
        assertThatThrownBy(() -> source("path", bin.toString()).open(new TestContext("p")))
                .hasMessageContaining("bad.imec0.ap.meta")
                .hasMessageContaining("missing SpikeGLX .meta");
        Files.delete(bin);
        assertThatThrownBy(() -> source("path", tmp.toString()).open(new TestContext("p")))
                .hasMessageContaining("no SpikeGLX .bin file in this folder");
    }
}
