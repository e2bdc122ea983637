package org.neurorig.plugin.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

class ChannelSelectTest {
    @Test
    void channelSelectSubsetsAndReordersKeepingTheKind() {
        StreamSpec in = StreamSpec.builder("in", Kind.CONTINUOUS_I16)
                .channelCount(4)
                .sampleRate(1000)
                .blockSamples(10)
                .build();
        ProcessorRun run = Harness.processor(
                new ChannelSelect(TestConfig.of(ChannelSelectConfig.class, "channels", "CH3, 0-1")), in);
        assertThat(run.outputs().get(0).channels()).extracting(c -> c.name()).containsExactly("CH3", "CH0", "CH1");
        assertThat(run.outputs().get(0).kind()).isEqualTo(Kind.CONTINUOUS_I16);
        short[] x = new short[4 * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) i;
        }
        run.feedAll(Blocks.split(in, x, new int[] {3, 7}));
        short[] y = Blocks.concatI16(run.out().emitted(0));
        assertThat(y).hasSize(30);
        assertThat(Arrays.copyOf(y, 6))
                .containsExactly((short) 3, (short) 0, (short) 1, (short) 7, (short) 4, (short) 5);
    }
}
