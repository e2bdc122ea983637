package org.neurorig.adapter.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.CollectingEmitter;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SineSource;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

class SimSineSourceTest {
    private static SimSineSource source(Object... keyValues) {
        SimSineSource s = new SimSineSource();
        s.activate(TestConfig.of(SimSineSourceConfig.class, keyValues));
        return s;
    }

    @Test
    void int16ValuesMatchTheSharedFormula() {
        Harness.SourceRun run =
                Harness.runSource(source("channels", 5, "pace", "fast", "amplitude", 3000, "frequency", 37.5), 30_000);
        StreamSpec spec = run.specs().get(0);
        assertThat(spec.kind()).isEqualTo(Kind.CONTINUOUS_I16);
        assertThat(spec.sampleRate()).isEqualTo(30000.0);
        assertThat(spec.blockSamples()).isEqualTo(30);
        assertThat(spec.channels())
                .extracting(ChannelInfo::name)
                .startsWith("CH0", "CH1")
                .hasSize(5);
        assertThat(spec.channels().get(4).units()).isEqualTo("uV");
        assertThat(spec.channels().get(4).bitVolts()).isEqualTo(0.195);
        List<Block> blocks = run.out().emitted(0);
        assertThat(blocks).hasSize(1000);
        BlockAssert.assertContinuous(blocks);
        short[] v = Blocks.concatI16(blocks);
        short[] expected = new short[v.length];
        for (int n = 0, i = 0; n < 30_000; n++) {
            for (int c = 0; c < 5; c++) {
                expected[i++] = SineSource.valueI16(3000, 37.5, 30000, n, c, 5);
            }
        }
        BlockAssert.assertEquals(expected, v);
        assertThat(v[1]).isEqualTo((short) Math.round(3000 * Math.sin(2 * Math.PI / 5)));
    }

    @Test
    void float32ValuesAreUnroundedAndAcqTimeFollowsTheRate() {
        Harness.SourceRun run = Harness.runSource(
                source(
                        "channels",
                        2,
                        "rate",
                        1000,
                        "blockSamples",
                        10,
                        "kind",
                        "float32",
                        "amplitude",
                        2.5,
                        "frequency",
                        3,
                        "pace",
                        "fast"),
                100);
        float[] v = Blocks.concatF32(run.out().emitted(0));
        for (int n = 0; n < 100; n++) {
            assertThat(v[2 * n + 1]).isEqualTo(SineSource.valueF32(2.5, 3, 1000, n, 1, 2));
        }
        assertThat(run.specs().get(0).channels().get(0).bitVolts()).isEqualTo(1.0);
        List<Block> b = run.out().emitted(0);
        assertThat(b.get(7).acqTimeNanos() - b.get(0).acqTimeNanos()).isEqualTo(70_000_000L);
    }

    @Test
    void samplesLimitIsExactAndTheLastBlockEndsTheStream() {
        Harness.SourceRun run = Harness.drainSource(source("samples", 1000, "pace", "fast"), 5);
        List<Block> blocks = run.out().emitted(0);
        BlockAssert.assertSampleCount(blocks, 1000);
        BlockAssert.assertContinuous(blocks);
        assertThat(blocks).hasSize(34);
        Block last = blocks.get(33);
        assertThat(last.sampleCount()).isEqualTo(10);
        assertThat(last.flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        assertThat(blocks.get(32).flags()).isZero();
    }

    @Test
    void realtimeEmitsNothingBeforeTheFirstBlockIsDue() throws Exception {
        SimSineSource s = source("rate", 1, "blockSamples", 10);
        CollectingEmitter out = new CollectingEmitter(s.open(new TestContext("sim")));
        assertThat(s.read(out)).isZero();
        assertThat(out.emitted(0)).isEmpty();
    }

    @Test
    void realtimeCatchesUpAtMostOneHundredBlocksPerRead() throws Exception {
        SimSineSource s = source("rate", 1_000_000, "blockSamples", 1, "channels", 1);
        CollectingEmitter out = new CollectingEmitter(s.open(new TestContext("sim")));
        s.read(out); // the clock starts at the first read
        Thread.sleep(5); // ≥ 5000 blocks are now due
        out.clearEmitted();
        assertThat(s.read(out)).isEqualTo(SimSineSource.MAX_BLOCKS_PER_READ);
        assertThat(s.read(out)).isEqualTo(SimSineSource.MAX_BLOCKS_PER_READ);
        BlockAssert.assertContinuous(out.emitted(0));
    }

    @Test
    void realtimePaceTakesAtLeastTheStreamDuration() {
        long t0 = System.nanoTime();
        Harness.SourceRun run = Harness.runSource(source("rate", 10_000, "blockSamples", 100, "channels", 2), 2_000);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        // the 20th block of 100 samples at 10 kHz is due 200 ms after the first read; an upper bound would be flaky
        assertThat(elapsedMs).isGreaterThanOrEqualTo(200);
        BlockAssert.assertSampleCount(run.out().emitted(0), 2_000);
        BlockAssert.assertContinuous(run.out().emitted(0));
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> source("rate", 0))
                .hasMessageContaining("value 0 for 'rate' is out of range: expected 0.01..1000000");
        assertThatThrownBy(() -> source("channels", 5000))
                .hasMessageContaining("value 5000 for 'channels' is out of range: expected 1..4096");
        assertThatThrownBy(() -> source("kind", "int32"))
                .hasMessageContaining("value 'int32' for 'kind' is not one of: int16, float32");
        assertThatThrownBy(() -> source("pace", "slow")).hasMessageContaining("pace");
    }
}
