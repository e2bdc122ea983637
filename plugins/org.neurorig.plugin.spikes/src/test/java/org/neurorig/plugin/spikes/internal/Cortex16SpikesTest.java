package org.neurorig.plugin.spikes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.Cortex16;
import org.neurorig.plugin.filter.internal.BandpassFilter;
import org.neurorig.plugin.filter.internal.BandpassFilterConfig;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * Real data: raw cortex16 → {@code filter.bandpass} (order 2, 300–6000 Hz) →
 * {@code spikes.threshold} at −50 µV finds exactly the 69 crossings on channel 0 behind the
 * Open Ephys GUI's 69 saved spikes, each 1–6 samples before the GUI's spike time (README, 2).
 */
class Cortex16SpikesTest {
    @Test
    void findsTheGuis69SpikesOnChannel0() throws Exception {
        Cortex16 d = Cortex16.load();
        StreamSpec raw = StreamSpec.builder("raw", Kind.CONTINUOUS_I16)
                .channelCount(Cortex16.CHANNELS)
                .sampleRate(Cortex16.RATE)
                .defaultChannels("uV", Cortex16.BIT_VOLTS)
                .blockSamples(1024)
                .build();
        ProcessorRun bp = Harness.processor(
                new BandpassFilter(
                        TestConfig.of(BandpassFilterConfig.class, "lowHz", 300.0, "highHz", 6000.0, "order", 2)),
                raw);
        // sample numbers of the GUI's filtered file: raw index i ↔ sample BANDPASSED_FIRST_SAMPLE + i − RAW_OFFSET
        List<Block> rawBlocks = Blocks.split(raw, d.raw(), Blocks.randomSizes(d.rawSamples(), 1, 1024, 11));
        long shift = Cortex16.BANDPASSED_FIRST_SAMPLE - Cortex16.RAW_OFFSET;
        for (Block b : rawBlocks) {
            b.setFirstSample(b.firstSample() + shift);
        }
        bp.feedAll(rawBlocks);

        ProcessorRun det = Harness.processor(
                new ThresholdDetector(TestConfig.of(
                        ThresholdDetectorConfig.class, "thresholdUv", 50.0, "sign", "negative", "refractoryMs", 1.0)),
                bp.outputs().get(0));
        det.feedAll(bp.out().emitted(0));

        long from = Cortex16.BANDPASSED_FIRST_SAMPLE;
        long to = from + d.bandpassedSamples();
        List<Long> ch0 = new ArrayList<>();
        for (Block b : det.out().emitted(0)) {
            for (int i = 0; i < b.sampleCount(); i++) {
                long t = b.itemSample()[i];
                if (b.itemChannel()[i] == 0 && t >= from && t < to) {
                    ch0.add(t);
                }
            }
        }
        long[] gui = d.singleElectrodeSpikeTimes();
        assertThat(gui).hasSize(69);
        assertThat(ch0).hasSize(69);
        for (int k = 0; k < gui.length; k++) {
            assertThat(gui[k] - ch0.get(k)).as("spike " + k + " at " + gui[k]).isBetween(1L, 6L);
        }
    }
}
