package org.neurorig.plugin.filter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.Cortex16;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * Real data: {@code filter.bandpass} configured as the README of
 * {@code ../shared/data/openephys-cortex16} says (order 2, 300–6000 Hz, 40 kHz) reproduces the
 * Open Ephys GUI's own filtered file from the raw recording, to int16 rounding.
 */
class Cortex16BandpassTest {
    static final int WARM_UP = 1000;

    @Test
    void reproducesTheGuiFilteredFileToInt16Rounding() throws Exception {
        Cortex16 d = Cortex16.load();
        StreamSpec in = StreamSpec.builder("raw", Kind.CONTINUOUS_I16)
                .channelCount(Cortex16.CHANNELS)
                .sampleRate(Cortex16.RATE)
                .defaultChannels("uV", Cortex16.BIT_VOLTS)
                .blockSamples(1024)
                .build();
        BandpassFilter f = new BandpassFilter(
                TestConfig.of(BandpassFilterConfig.class, "lowHz", 300.0, "highHz", 6000.0, "order", 2));
        ProcessorRun run = Harness.processor(f, in);
        run.feedAll(Blocks.split(in, d.raw(), Blocks.randomSizes(d.rawSamples(), 1, 1024, 4)));
        float[] uv = Blocks.concatF32(run.out().emitted(0));
        assertThat(uv).hasSize(d.rawSamples() * Cortex16.CHANNELS);

        int n = Cortex16.CHANNELS;
        long compared = 0;
        long exact = 0;
        int worst = 0;
        for (int i = WARM_UP; i < d.bandpassedSamples(); i++) {
            for (int c = 0; c < n; c++) {
                long ours = Math.round(uv[(i + Cortex16.RAW_OFFSET) * n + c] / Cortex16.BIT_VOLTS);
                int diff = (int) Math.abs(ours - d.bandpassed()[i * n + c]);
                worst = Math.max(worst, diff);
                exact += diff == 0 ? 1 : 0;
                compared++;
            }
        }
        assertThat(compared).isEqualTo((long) (d.bandpassedSamples() - WARM_UP) * n);
        assertThat(worst).as("largest difference in counts").isLessThanOrEqualTo(1);
        // the GUI computes in float32, so a handful of x.5 cases round the other way
        assertThat((double) exact / compared).isGreaterThan(0.9999);
    }
}
