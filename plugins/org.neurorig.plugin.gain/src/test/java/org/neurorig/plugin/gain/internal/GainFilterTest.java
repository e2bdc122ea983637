package org.neurorig.plugin.gain.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.NoiseSource;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

class GainFilterTest {
    private static final StreamSpec I16 = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
            .channelCount(2)
            .sampleRate(30000)
            .blockSamples(64)
            .build();
    private static final StreamSpec F32 =
            I16.toBuilder().kind(Kind.CONTINUOUS_F32).build();

    private static GainFilter filter(double gain) {
        GainFilter f = new GainFilter();
        f.activate(TestConfig.of(GainFilterConfig.class, "gain", gain));
        return f;
    }

    @Test
    void int16IsScaledRoundedAndSaturated() {
        short[] data = {0, 1, -1, 3, 100, -100, 20000, -20000, 32767, -32768};
        ProcessorRun run = Harness.processor(filter(2.5), I16).feedAll(Blocks.split(I16, data, new int[] {2, 3}));
        assertThat(run.outputs().get(0).kind()).isEqualTo(Kind.CONTINUOUS_I16);
        assertThat(run.outputs().get(0).sampleRate()).isEqualTo(30000.0);
        short[] out = Blocks.concatI16(run.out().emitted(0));
        // Math.round rounds half up: 2.5 → 3, -2.5 → -2
        assertThat(out).containsExactly(0, 3, -2, 8, 250, -250, 32767, -32768, 32767, -32768);
        BlockAssert.assertContinuous(run.out().emitted(0));
        assertThat(run.out().emitted(0).get(1).firstSample()).isEqualTo(2);
        assertThat(run.context().messages())
                .containsExactly("gain.scale: 4 int16 samples saturated at gain 2.5 (4 since start)");
    }

    @Test
    void saturationIsReportedAtMostOncePerSecond() {
        GainFilter f = filter(100);
        long[] now = {0};
        f.clock = () -> now[0];
        short[] data = new short[2 * 30];
        java.util.Arrays.fill(data, (short) 1000);
        List<Block> blocks = Blocks.split(I16, data, new int[] {10, 10, 10});
        ProcessorRun run = Harness.processor(f, I16).feed(blocks.get(0));
        now[0] = 999_999_999L;
        run.feed(blocks.get(1));
        assertThat(run.context().messages()).hasSize(1);
        now[0] = 1_000_000_000L;
        run.feed(blocks.get(2));
        assertThat(run.context().messages())
                .containsExactly(
                        "gain.scale: 20 int16 samples saturated at gain 100.0 (20 since start)",
                        "gain.scale: 40 int16 samples saturated at gain 100.0 (60 since start)");
        assertThat(run.context().lastStatus()).isEqualTo(NodeStatus.OK);
    }

    @Test
    void float32IsScaledWithoutLimit() {
        Harness.SourceRun src = Harness.runSource(new NoiseSource(2, 30000, 64, Kind.CONTINUOUS_F32, 50, 3), 6400);
        List<Block> in = src.out().emitted(0);
        ProcessorRun run = Harness.processor(filter(-700), F32).feedAll(in);
        float[] x = Blocks.concatF32(in);
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = (float) (x[i] * -700.0);
        }
        BlockAssert.assertClose(expected, Blocks.concatF32(run.out().emitted(0)), 0, 0);
        assertThat(run.out().emitted(0).get(5).acqTimeNanos())
                .isEqualTo(in.get(5).acqTimeNanos());
        assertThat(run.context().messages()).isEmpty();
    }

    @Test
    void modifiedGainAppliesFromTheNextBlock() {
        GainFilter f = filter(2);
        float[] ones = new float[2 * 8];
        java.util.Arrays.fill(ones, 1f);
        List<Block> blocks = Blocks.split(F32, ones, new int[] {4, 4});
        ProcessorRun run = Harness.processor(f, F32).feed(blocks.get(0));
        f.modified(TestConfig.of(GainFilterConfig.class, "gain", -0.5));
        run.feed(blocks.get(1));
        float[] out = Blocks.concatF32(run.out().emitted(0));
        assertThat(out[7]).isEqualTo(2f);
        assertThat(out[8]).isEqualTo(-0.5f);
    }

    @Test
    void badInputsAndGainsAreNamed() {
        StreamSpec matrix = StreamSpec.builder("bins", Kind.MATRIX_F32)
                .channelCount(3)
                .sampleRate(50)
                .build();
        assertThatThrownBy(() -> Harness.processor(filter(1), matrix))
                .hasMessageContaining("input 1 'bins' is MATRIX_F32; expected CONTINUOUS_F32 or CONTINUOUS_I16");
        assertThatThrownBy(() -> Harness.processor(filter(1), I16, I16)).hasMessageContaining("takes one input, got 2");
        assertThatThrownBy(() -> filter(1001))
                .hasMessageContaining("value 1001.0 for 'gain' is out of range: expected -1000..1000");
    }
}
