package org.neurorig.plugin.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

class ThresholdTriggerTest {
    private static final StreamSpec F32 = StreamSpec.builder("bp.out", Kind.CONTINUOUS_F32)
            .channelCount(2)
            .sampleRate(1000)
            .blockSamples(100)
            .source("bp")
            .build();

    private static ThresholdTrigger trigger(Object... keyValues) {
        ThresholdTrigger t = new ThresholdTrigger();
        t.activate(TestConfig.of(ThresholdTriggerConfig.class, keyValues));
        return t;
    }

    /** Two channels: channel 0 is 0 except at the given samples (value -100); channel 1 is always -100. */
    private static float[] spikes(int n, int... at) {
        float[] v = new float[2 * n];
        for (int i = 0; i < n; i++) {
            v[2 * i + 1] = -100;
        }
        for (int s : at) {
            v[2 * s] = -100;
        }
        return v;
    }

    private static long[] samples(List<Block> blocks) {
        return blocks.stream()
                .flatMapToLong(b -> Arrays.stream(b.itemSample(), 0, b.sampleCount()))
                .toArray();
    }

    @Test
    void fallingCrossingsWithRefractoryAcrossBlockBoundaries() {
        ProcessorRun run = Harness.processor(trigger("channel", 0, "level", -50, "refractoryMs", 5, "line", 3), F32);
        StreamSpec out = run.outputs().get(0);
        assertThat(out.kind()).isEqualTo(Kind.EVENTS);
        assertThat(out.sampleRate()).isEqualTo(1000.0);
        assertThat(out.blockSamples()).isEqualTo(100);
        // 10 and 12 are 2 ms apart (refractory), 99→100 straddles blocks, 150 is a plain crossing
        float[] v = spikes(300, 10, 12, 40, 41, 42, 99, 100, 150, 152, 158);
        List<Block> in = Blocks.split(F32, v, new int[] {100, 100, 100});
        for (int b = 0; b < 3; b++) {
            in.get(b).setAcqTimeNanos(1_000_000_000L * (b + 1));
        }
        run.feedAll(in);
        List<Block> ev = run.out().emitted(0);
        assertThat(samples(ev)).containsExactly(10, 40, 99, 150, 158);
        // 41/42 stay below the level: no new crossing; 100 continues the spike at 99
        assertThat(ev).hasSize(3);
        assertThat(ev.get(0).firstSample()).isZero();
        assertThat(ev.get(0).acqTimeNanos()).isEqualTo(1_000_000_000L);
        assertThat(ev.get(1).firstSample()).isEqualTo(100);
        assertThat(ev.get(1).acqTimeNanos()).isEqualTo(2_000_000_000L);
        assertThat(ev.get(2).firstSample()).isEqualTo(200);
        assertThat(ev.get(2).sampleCount()).isZero();
        assertThat(ev.get(0).itemChannel()[0]).isEqualTo(3);
        assertThat(ev.get(0).itemValue()[0]).isEqualTo(1);
        assertThat(run.outputs().get(0).channelCount()).isEqualTo(1);
    }

    @Test
    void risingDirectionAndTheChosenChannel() {
        float[] v = new float[2 * 50];
        for (int i = 0; i < 50; i++) {
            v[2 * i] = 0;
            v[2 * i + 1] = (float) Math.sin(2 * Math.PI * i / 10.0) * 10; // up through 5 once per period
        }
        ProcessorRun run =
                Harness.processor(trigger("channel", 1, "level", 5, "direction", "rising", "refractoryMs", 0), F32);
        run.feedAll(Blocks.split(F32, v, new int[] {7, 13, 30}));
        assertThat(samples(run.out().emitted(0))).containsExactly(1, 11, 21, 31, 41);
    }

    @Test
    void int16InputIsComparedInMicrovolts() {
        StreamSpec i16 = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                .channels(List.of(ChannelInfo.of("CH0", "uV", 0.195)))
                .sampleRate(30000)
                .blockSamples(30)
                .build();
        short[] v = new short[60];
        v[5] = -256; // -49.9 µV: not below -50
        v[20] = -257; // -50.1 µV
        v[45] = -1000;
        ProcessorRun run = Harness.processor(trigger("level", -50, "refractoryMs", 0.5), i16);
        run.feedAll(Blocks.split(i16, v, new int[] {30, 30}));
        assertThat(samples(run.out().emitted(0))).containsExactly(20, 45);
    }

    @Test
    void discontinuityForgetsTheLastValueAndEndOfStreamIsPassedOn() {
        ProcessorRun run = Harness.processor(trigger("level", -50, "refractoryMs", 0), F32);
        List<Block> in = Blocks.split(F32, spikes(20, 9, 10), new int[] {10, 10});
        in.get(1).setFlags(Block.FLAG_DISCONTINUITY | Block.FLAG_END_OF_STREAM);
        run.feedAll(in);
        List<Block> ev = run.out().emitted(0);
        // 9 crosses; 10 would continue it, but after a gap there is no "previous" to cross from
        assertThat(samples(ev)).containsExactly(9);
        assertThat(ev).hasSize(2);
        assertThat(ev.get(1).sampleCount()).isZero();
        assertThat(ev.get(1).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        assertThat(ev.get(1).flags() & Block.FLAG_DISCONTINUITY).isNotZero();
        assertThat(ev.get(0).flags()).isZero();
    }

    @Test
    void everyInputBlockGivesOneEventBlockEmptyWhenNothingCrossed() {
        // docs/WIRE.md §4: an aligned consumer learns from each block that its span is finished
        ProcessorRun run = Harness.processor(trigger("level", -50, "refractoryMs", 0), F32);
        List<Block> in = Blocks.split(F32, spikes(500, 130, 131, 170), new int[] {100, 100, 100, 100, 100});
        for (int b = 0; b < 5; b++) {
            in.get(b).setAcqTimeNanos(7_000L * (b + 1));
        }
        // the device restarted its count: the last block jumps back to 0, flagged
        in.get(4).setFirstSample(0);
        in.get(4).setFlags(Block.FLAG_DISCONTINUITY);
        run.feedAll(in);
        List<Block> ev = run.out().emitted(0);
        assertThat(ev).hasSize(5);
        long[] first = {0, 100, 200, 300, 0};
        int[] count = {0, 2, 0, 0, 0};
        for (int b = 0; b < 5; b++) {
            assertThat(ev.get(b).firstSample()).as("block %d", b).isEqualTo(first[b]);
            assertThat(ev.get(b).sampleCount()).as("block %d", b).isEqualTo(count[b]);
            assertThat(ev.get(b).acqTimeNanos()).as("block %d", b).isEqualTo(7_000L * (b + 1));
            assertThat(ev.get(b).flags()).as("block %d", b).isEqualTo(b == 4 ? Block.FLAG_DISCONTINUITY : 0);
        }
        assertThat(samples(ev)).containsExactly(130, 170);
    }

    @Test
    void liveLevelChangeAndStateAcrossHotSwap() {
        ThresholdTrigger a = trigger("level", -50, "refractoryMs", 10);
        ProcessorRun run = Harness.processor(a, F32);
        List<Block> in = Blocks.split(F32, spikes(100, 5, 30, 60, 62), new int[] {50, 50});
        run.feed(in.get(0));
        a.modified(TestConfig.of(ThresholdTriggerConfig.class, "level", -150, "refractoryMs", 10));
        run.feed(in.get(1));
        assertThat(samples(run.out().emitted(0))).containsExactly(5, 30);
        assertThat(a.triggers()).isEqualTo(2);

        // a new instance restored from a snapshot keeps the refractory window of the old one
        ThresholdTrigger b = trigger("level", -50, "refractoryMs", 10);
        ThresholdTrigger c = trigger("level", -50, "refractoryMs", 10);
        ProcessorRun rb = Harness.processor(b, F32);
        List<Block> in2 = Blocks.split(F32, spikes(100, 45, 52, 70), new int[] {50, 50});
        rb.feed(in2.get(0));
        ProcessorRun rc = Harness.processor(c, F32);
        c.restore(b.snapshot());
        rc.feed(in2.get(1));
        assertThat(samples(rb.out().emitted(0))).containsExactly(45);
        assertThat(samples(rc.out().emitted(0))).containsExactly(70);
        assertThat(c.triggers()).isEqualTo(2);
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> trigger("direction", "up"))
                .hasMessageContaining("value 'up' for 'direction' is not one of: falling, rising");
        assertThatThrownBy(() -> trigger("refractoryMs", -1)).hasMessageContaining("refractoryMs");
        assertThatThrownBy(() -> Harness.processor(trigger("channel", 2), F32))
                .hasMessageContaining("channel 2 does not exist in bp.out, which has 2 channel(s)");
        StreamSpec ev = StreamSpec.builder("t", Kind.EVENTS)
                .channelCount(1)
                .blockSamples(4)
                .build();
        assertThatThrownBy(() -> Harness.processor(trigger(), ev)).hasMessageContaining("is EVENTS");
    }
}
