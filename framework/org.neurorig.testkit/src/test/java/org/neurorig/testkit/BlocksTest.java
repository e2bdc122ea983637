package org.neurorig.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;

class BlocksTest {
    private static final StreamSpec I16 = StreamSpec.builder("x", Kind.CONTINUOUS_I16)
            .channelCount(3)
            .sampleRate(2000)
            .blockSamples(64)
            .build();

    @Test
    void randomSizesAddUpExactlyWithinBounds() {
        int[] s = Blocks.randomSizes(10_007, 1, 64, 9);
        assertThat(Arrays.stream(s).asLongStream().sum()).isEqualTo(10_007);
        assertThat(Arrays.stream(s, 0, s.length - 1).allMatch(x -> x >= 1 && x <= 64))
                .isTrue();
        assertThat(Blocks.randomSizes(10_007, 1, 64, 9)).isEqualTo(s);
        assertThat(Blocks.fixedSizes(100, 30)).containsExactly(30, 30, 30, 10);
    }

    @Test
    void splitAndConcatRoundTrip() {
        short[] data = new short[3 * 50];
        for (int i = 0; i < data.length; i++) {
            data[i] = (short) (i * 7);
        }
        List<Block> blocks = Blocks.split(I16, data, new int[] {0, 17, 33});
        assertThat(blocks).extracting(Block::firstSample).containsExactly(0L, 0L, 17L);
        assertThat(blocks.get(2).acqTimeNanos()).isEqualTo(8_500_000L);
        BlockAssert.assertContinuous(blocks);
        BlockAssert.assertSampleCount(blocks, 50);
        BlockAssert.assertEquals(data, Blocks.concatI16(blocks));
    }

    @Test
    void splitRejectsSizesThatDoNotMatchTheData() {
        assertThatThrownBy(() -> Blocks.split(I16, new short[30], new int[] {4, 5}))
                .hasMessageContaining("9 samples")
                .hasMessageContaining("the data has 30");
    }

    @Test
    void assertionsNameTheFirstBadItem() {
        List<Block> blocks = Blocks.split(I16, new short[3 * 10], new int[] {5, 5});
        blocks.get(1).setFirstSample(6);
        assertThatThrownBy(() -> BlockAssert.assertContinuous(blocks))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("firstSample 6, expected 5");
        BlockStamp.seq(blocks.get(1), 3);
        assertThatThrownBy(() -> BlockAssert.assertContinuous(blocks)).hasMessageContaining("seq 3 after seq 0");
        assertThatThrownBy(() -> BlockAssert.assertSampleCount(blocks, 11)).hasMessageContaining("hold 10 samples");
        assertThatThrownBy(() -> BlockAssert.assertClose(new float[] {1, 2, 3}, new float[] {1, 2.1f, 4}, 0, 0.01))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("index 1")
                .hasMessageContaining("2 of 3");
        BlockAssert.assertClose(new float[] {100, Float.NaN}, new float[] {100.5f, Float.NaN}, 0.01, 0);
    }
}
