package org.neurorig.plugin.views.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;

class RasterViewTest {
    @Test
    void framesCarryEverySpikeOfTheirInterval() throws Exception {
        StreamSpec spec = StreamSpec.builder("spikes.spikes", Kind.SPIKES)
                .channelCount(4)
                .sampleRate(1000)
                .blockSamples(16)
                .build();
        RasterView v = new RasterView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        long[] now = {0};
        v.clock = () -> now[0] += 1_000_000_000L;
        v.activate(TestConfig.of(RasterViewConfig.class, "framesPerSecond", 10));
        SinkRun run = Harness.sink(v, spec);
        Block b = Block.allocateSpikes(4, 16, 0);
        // one spike every 10 ms on channel (ms / 10) % 4, blocks of 5 spikes, 1 s in all
        for (int ms = 0; ms < 1000; ms += 50) {
            b.clear();
            b.setFirstSample(ms);
            for (int k = 0; k < 5; k++) {
                b.addSpike(ms + 10L * k, ((ms + 10 * k) / 10) % 4, 0);
            }
            run.feed(b);
        }
        // frames every 100 samples: 9 complete ones (the last interval is still open)
        assertThat(page.frames).hasSize(9);
        JsonNode f = new ObjectMapper().readTree(page.frames.get(2));
        assertThat(f.get("t0").asDouble()).isEqualTo(0.2);
        assertThat(f.get("t").size()).isEqualTo(10);
        assertThat(f.get("t").get(0).asDouble()).isEqualTo(0.2);
        assertThat(f.get("row").get(1).asInt()).isEqualTo(1); // 210 ms → channel 21 % 4
        assertThat(f.get("order").size()).isEqualTo(4);
    }
}
