package org.neurorig.plugin.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.Npy;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/** channels.map against the NumPy reference of {@code src/test/python/make_map.py}. */
class ChannelMapTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static StreamSpec spec(Kind kind, int channels) {
        return StreamSpec.builder("in", kind)
                .channelCount(channels)
                .sampleRate(30000)
                .blockSamples(64)
                .build();
    }

    @Test
    void depthOrderEqualsTheNumpyStableArgsort() throws Exception {
        short[] x = Npy.read(GOLDEN.resolve("map_in.npy")).i16();
        double[] pos = Npy.read(GOLDEN.resolve("map_pos.npy")).f64();
        short[] expected = Npy.read(GOLDEN.resolve("map_out.npy")).i16();
        long[] order = Npy.read(GOLDEN.resolve("map_order.npy")).i64();
        String sites = IntStream.range(0, 12)
                .mapToObj(c -> String.format(Locale.ROOT, "%s %s", pos[2 * c], pos[2 * c + 1]))
                .collect(Collectors.joining("; "));
        StreamSpec in = spec(Kind.CONTINUOUS_I16, 12);
        ChannelMap map = new ChannelMap(TestConfig.of(ChannelMapConfig.class, "positions", sites, "sortBy", "y"));
        ProcessorRun run = Harness.processor(map, in);
        assertThat(Arrays.stream(map.order()).asLongStream().toArray()).containsExactly(order);
        run.feedAll(Blocks.split(in, x, Blocks.randomSizes(x.length / 12, 1, 64, 2)));
        assertThat(Blocks.concatI16(run.out().emitted(0))).containsExactly(expected);
        StreamSpec out = run.outputs().get(0);
        assertThat(out.kind()).isEqualTo(Kind.CONTINUOUS_I16);
        assertThat(out.channels()).extracting(ChannelInfo::y).isSorted();
        assertThat(out.channels().get(0).name()).isEqualTo("CH" + order[0]);
        assertThat(out.channels().get(0).x()).isEqualTo(pos[2 * (int) order[0]]);
    }

    @Test
    void listedOrderAndNewNames() {
        StreamSpec in = spec(Kind.MATRIX_F32, 3);
        ProcessorRun run = Harness.processor(
                new ChannelMap(TestConfig.of(ChannelMapConfig.class, "channels", "CH2, 0-1", "names", "a, b, c")), in);
        assertThat(run.outputs().get(0).channels())
                .extracting(ChannelInfo::name)
                .containsExactly("a", "b", "c");
        run.feedAll(Blocks.split(in, new float[] {0, 1, 2, 10, 11, 12}, new int[] {2}));
        assertThat(Blocks.concatF32(run.out().emitted(0))).containsExactly(2, 0, 1, 12, 10, 11);
    }

    @Test
    void mapErrorsNameTheKeyAndTheChannel() {
        StreamSpec in = spec(Kind.CONTINUOUS_F32, 3);
        assertThatThrownBy(() -> Harness.processor(
                        new ChannelMap(TestConfig.of(ChannelMapConfig.class, "channels", "0, 1")), in))
                .hasMessage("channels: channel 2 (CH2) is missing; a map lists every channel"
                        + " (channels.select drops channels)");
        assertThatThrownBy(() -> Harness.processor(
                        new ChannelMap(TestConfig.of(ChannelMapConfig.class, "channels", "0, 1, 1, 2")), in))
                .hasMessageStartingWith("channels: channel 1 (CH1) is listed twice");
        assertThatThrownBy(() ->
                        Harness.processor(new ChannelMap(TestConfig.of(ChannelMapConfig.class, "sortBy", "y")), in))
                .hasMessage("sortBy y: channel 0 (CH0) has no probe position; give positions");
        assertThatThrownBy(() -> Harness.processor(
                        new ChannelMap(TestConfig.of(ChannelMapConfig.class, "positions", "0 0; 1 x; 2 2")), in))
                .hasMessage("positions: site 1 '1 x' must be two numbers 'x y' (µm)");
        assertThatThrownBy(() ->
                        Harness.processor(new ChannelMap(TestConfig.of(ChannelMapConfig.class, "names", "a, b")), in))
                .hasMessage("names lists 2 names but the input has 3 channels");
        assertThatThrownBy(() -> new ChannelMap(TestConfig.of(ChannelMapConfig.class, "sortBy", "z")))
                .hasMessageContaining("value 'z' for 'sortBy' is not one of: none, y, x");
    }
}
