package org.neurorig.plugin.filter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

class CommonReferenceTest {
    static final int CH = 7;
    static final int SAMPLES = 500;

    static StreamSpec spec() {
        return StreamSpec.builder("in", Kind.CONTINUOUS_F32)
                .channelCount(CH)
                .sampleRate(30000)
                .blockSamples(64)
                .build();
    }

    static float[] data() {
        Random r = new Random(12);
        float[] x = new float[CH * SAMPLES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (20 * r.nextGaussian() + 7 * (i % CH));
        }
        return x;
    }

    static float[] run(CommonReferenceConfig c, float[] x) {
        StreamSpec in = spec();
        ProcessorRun run = Harness.processor(new CommonReference(c), in);
        run.feedAll(Blocks.split(in, x, Blocks.randomSizes(SAMPLES, 1, 64, 3)));
        return Blocks.concatF32(run.out().emitted(0));
    }

    /** The reference the NumPy way: x[:, g] - stat(x[:, good], axis=1), in double. */
    static float[] expected(float[] x, int[][] groups, int[][] good, boolean median) {
        float[] y = x.clone();
        for (int s = 0; s < SAMPLES; s++) {
            for (int g = 0; g < groups.length; g++) {
                double[] v = new double[good[g].length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = x[s * CH + good[g][i]];
                }
                Arrays.sort(v);
                double ref = median
                        ? (v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2)
                        : Arrays.stream(v).sum() / v.length;
                for (int c : groups[g]) {
                    y[s * CH + c] = (float) (x[s * CH + c] - ref);
                }
            }
        }
        return y;
    }

    @Test
    void commonAverageOverAllChannels() {
        float[] x = data();
        float[] y = run(TestConfig.of(CommonReferenceConfig.class), x);
        int[] all = {0, 1, 2, 3, 4, 5, 6};
        BlockAssert.assertClose(expected(x, new int[][] {all}, new int[][] {all}, false), y, 1e-6, 1e-4);
        // an unset list as metatype may deliver it
        assertThat(run(TestConfig.of(CommonReferenceConfig.class, "groups", new String[] {""}), x))
                .containsExactly(y);
        double rowSum = 0;
        for (int c = 0; c < CH; c++) {
            rowSum += y[100 * CH + c];
        }
        assertThat(rowSum).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void groupsAndBadChannelsWithMeanAndMedian() {
        float[] x = data();
        int[][] groups = {{0, 1, 2}, {3, 4, 5}};
        int[][] good = {{0, 2}, {3, 4, 5}};
        for (String mode : List.of("mean", "median")) {
            float[] y = run(
                    TestConfig.of(
                            CommonReferenceConfig.class,
                            "mode",
                            mode,
                            "groups",
                            new String[] {"0-2", "CH3, 4-5"},
                            "badChannels",
                            "1"),
                    x);
            BlockAssert.assertClose(expected(x, groups, good, mode.equals("median")), y, 1e-6, 1e-4);
            for (int s = 0; s < SAMPLES; s++) {
                assertThat(y[s * CH + 6]).isEqualTo(x[s * CH + 6]); // in no group: passes through
            }
        }
    }

    @Test
    void badGroupsAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> Harness.processor(
                        new CommonReference(TestConfig.of(
                                CommonReferenceConfig.class,
                                "groups",
                                new String[] {"0-1", "2-3"},
                                "badChannels",
                                "2,3")),
                        spec()))
                .hasMessage("groups[1] '2-3' has no channel left once badChannels are left out");
        assertThatThrownBy(() -> Harness.processor(
                        new CommonReference(TestConfig.of(CommonReferenceConfig.class, "groups", new String[] {"0-9"})),
                        spec()))
                .hasMessage("groups[0]: channel 9 does not exist (the input has 7 channels, 0-6)");
        assertThatThrownBy(() -> Harness.processor(
                        new CommonReference(TestConfig.of(CommonReferenceConfig.class, "badChannels", "CH99")), spec()))
                .hasMessage("badChannels: no channel named 'CH99'");
        assertThatThrownBy(() -> new CommonReference(TestConfig.of(CommonReferenceConfig.class, "mode", "mode")))
                .hasMessageContaining("value 'mode' for 'mode' is not one of: mean, median");
    }
}
