package org.neurorig.plugin.spikes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.Npy;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/** spikes.bin against the NumPy reference written by {@code src/test/python/make_bins.py}. */
class SpikeBinnerTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static StreamSpec spikeSpec(int channels, int capacity) {
        return StreamSpec.builder("spikes", Kind.SPIKES)
                .channelCount(channels)
                .sampleRate(30000)
                .blockSamples(capacity)
                .build();
    }

    @Test
    void countsEqualTheNumpyReference() throws Exception {
        long[] spikes = Npy.read(GOLDEN.resolve("bins_spikes.npy")).i64();
        long[] horizons = Npy.read(GOLDEN.resolve("bins_horizons.npy")).i64();
        float[] expected = Npy.read(GOLDEN.resolve("bins_counts.npy")).f32();
        long first = Npy.read(GOLDEN.resolve("bins_first.npy")).i64()[0];
        StreamSpec in = spikeSpec(5, 4096);
        ProcessorRun run =
                Harness.processor(new SpikeBinner(TestConfig.of(SpikeBinnerConfig.class, "binMs", 50.0)), in);
        assertThat(run.outputs().get(0).sampleRate()).isEqualTo(20.0);
        int at = 0;
        for (int k = 0; k < horizons.length; k++) {
            Block b = Block.forSpec(in);
            b.setFirstSample(horizons[k]);
            while (at < spikes.length / 3 && spikes[at * 3 + 2] == k) {
                b.addSpike(spikes[at * 3], (int) spikes[at * 3 + 1], 0);
                at++;
            }
            run.feed(b);
        }
        assertThat(at).isEqualTo(spikes.length / 3);
        List<Block> rows = run.out().emitted(0);
        assertThat(rows.get(0).firstSample()).isEqualTo(first / 1500); // bin number = sample number at 20 Hz
        long next = first / 1500;
        for (Block r : rows) { // consecutive rows, sample-continuous at the output rate
            assertThat(r.firstSample()).isEqualTo(next);
            next += r.sampleCount();
        }
        assertThat(Blocks.concatF32(rows)).containsExactly(expected);
        float total = 0;
        for (float v : expected) {
            total += v;
        }
        long end = first + expected.length / 5 * 1500L;
        long inClosedBins = 0;
        for (int i = 0; i < spikes.length / 3; i++) {
            inClosedBins += spikes[i * 3] < end ? 1 : 0;
        }
        assertThat(total).isEqualTo((float) inClosedBins).isGreaterThan(100f);
    }

    @Test
    void detectorToBinnerEndToEnd() {
        // one channel, a spike every 1000 samples from 500 on; 10 ms bins = 300 samples
        float[] x = new float[30100]; // the last bin, [30000, 30300), is partial
        List<Long> truth = new ArrayList<>();
        for (int t = 500; t < 30100; t += 1000) {
            x[t] = -100;
            truth.add((long) t);
        }
        StreamSpec raw = StreamSpec.builder("in", Kind.CONTINUOUS_F32)
                .channelCount(1)
                .sampleRate(30000)
                .blockSamples(700)
                .build();
        ProcessorRun det = Harness.processor(
                new ThresholdDetector(TestConfig.of(ThresholdDetectorConfig.class, "thresholdUv", 50.0)), raw);
        List<Block> rawBlocks = Blocks.split(raw, x, Blocks.randomSizes(30100, 1, 700, 5));
        rawBlocks.get(rawBlocks.size() - 1).setFlags(Block.FLAG_END_OF_STREAM);
        det.feedAll(rawBlocks);
        ProcessorRun bin = Harness.processor(
                new SpikeBinner(TestConfig.of(SpikeBinnerConfig.class, "binMs", 10.0)),
                det.outputs().get(0));
        bin.feedAll(det.out().emitted(0));
        float[] counts = Blocks.concatF32(bin.out().emitted(0));
        assertThat(counts).hasSize(101);
        for (int b = 0; b < 101; b++) {
            long lo = b * 300L;
            long expected = truth.stream().filter(t -> t >= lo && t < lo + 300).count();
            assertThat(counts[b]).as("bin " + b).isEqualTo((float) expected);
        }
    }

    @Test
    void binWidthMustBeAWholeNumberOfSamples() {
        assertThatThrownBy(() -> Harness.processor(
                        new SpikeBinner(TestConfig.of(SpikeBinnerConfig.class, "binMs", 0.01)), spikeSpec(2, 16)))
                .hasMessage("binMs 0.01 is 0.3 samples at 30000.0 Hz; it must be a whole number of samples");
    }
}
