package org.neurorig.plugin.views.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.TestConfig;

class TracesViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 2 channels at 1 kHz, 0.5 µV per count; channel 0 = sample index, channel 1 = -2 × index. */
    private static StreamSpec spec() {
        return StreamSpec.builder("amp.out", Kind.CONTINUOUS_I16)
                .sampleRate(1000)
                .blockSamples(7)
                .channels(List.of(ChannelInfo.of("A", "uV", 0.5), ChannelInfo.of("B", "uV", 0.5)))
                .build();
    }

    private static short[] ramp(int n) {
        short[] d = new short[n * 2];
        for (int s = 0; s < n; s++) {
            d[2 * s] = (short) s;
            d[2 * s + 1] = (short) (-2 * s);
        }
        return d;
    }

    @Test
    void envelopesAreMinMaxPerColumnInMicrovolts() throws Exception {
        TracesView v = new TracesView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        long[] now = {0};
        v.clock = () -> now[0] += 1_000_000_000L; // a second between frames: never rate-limited
        v.activate(TestConfig.of(TracesViewConfig.class, "columnsPerSecond", 100, "framesPerSecond", 10));
        // 1 kHz / 100 columns/s = 10 samples per column; 10 frames/s = 10 columns per frame (100 samples)
        List<Block> blocks = Blocks.split(spec(), ramp(1000), Blocks.fixedSizes(1000, 7));
        Harness.sink(v, spec()).feedAll(blocks);

        assertThat(v.samplesPerColumn()).isEqualTo(10);
        assertThat(v.columnsPerFrame()).isEqualTo(10);
        assertThat(page.frames).hasSize(10);
        JsonNode f3 = JSON.readTree(page.frames.get(3));
        assertThat(f3.get("t0").asDouble()).isEqualTo(0.3);
        assertThat(f3.get("dt").asDouble()).isEqualTo(0.01);
        assertThat(f3.get("ch").toString()).isEqualTo("[\"A\",\"B\"]");
        // column k of frame 3 holds samples 300+10k … 309+10k
        for (int k = 0; k < 10; k++) {
            int s0 = 300 + 10 * k;
            assertThat(f3.get("min").get(0).get(k).asDouble()).isEqualTo(s0 * 0.5);
            assertThat(f3.get("max").get(0).get(k).asDouble()).isEqualTo((s0 + 9) * 0.5);
            assertThat(f3.get("min").get(1).get(k).asDouble()).isEqualTo(-2 * (s0 + 9) * 0.5);
            assertThat(f3.get("max").get(1).get(k).asDouble()).isEqualTo(-2 * s0 * 0.5);
        }
    }

    @Test
    void noFramesWithoutBrowsersAndNeverMoreThanSixtyPerSecond() throws Exception {
        TracesView v = new TracesView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        long[] now = {0};
        v.clock = () -> now[0]; // frozen clock: data arrives faster than real time
        v.activate(TestConfig.of(TracesViewConfig.class, "columnsPerSecond", 100, "framesPerSecond", 60));
        Harness.sink(v, spec()).feedAll(Blocks.split(spec(), ramp(1000), Blocks.fixedSizes(1000, 10)));
        assertThat(page.frames).hasSize(1); // the first frame, then the wall-clock limit holds
        page.watched = false;
        now[0] += 1_000_000_000L;
        Harness.sink(v, spec()).feedAll(Blocks.split(spec(), ramp(1000), Blocks.fixedSizes(1000, 10)));
        assertThat(page.frames).hasSize(1);
        assertThat(v.framesSkipped()).isEqualTo(99); // 50 frames per pass (2 columns of 10 samples each)
    }
}
