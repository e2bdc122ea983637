package org.neurorig.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.neurorig.api.Kind;

class FakeSourceTest {
    @Test
    void sineInt16FollowsTheSharedFormula() {
        Harness.SourceRun run = Harness.runSource(new SineSource(4, 30000, 30, Kind.CONTINUOUS_I16, 1000, 10), 3000);
        short[] v = Blocks.concatI16(run.out().emitted(0));
        assertThat(v).hasSize(3000 * 4);
        // sample 0: channel c has phase 2πc/4 → 0, 1000, 0, -1000
        assertThat(v[0]).isEqualTo((short) 0);
        assertThat(v[1]).isEqualTo((short) 1000);
        assertThat(v[2]).isEqualTo((short) 0);
        assertThat(v[3]).isEqualTo((short) -1000);
        // sample 750 of a 10 Hz sine at 30 kHz is a quarter period: channel 0 at its peak
        assertThat(v[750 * 4]).isEqualTo((short) 1000);
        assertThat(v[1234 * 4 + 3]).isEqualTo((short)
                Math.round(1000 * Math.sin(2 * Math.PI * 10 * 1234 / 30000.0 + 2 * Math.PI * 3 / 4)));
        assertThat(run.specs().get(0).channels().get(0).bitVolts()).isEqualTo(0.195);
    }

    @Test
    void sineFloatIsUnrounded() {
        Harness.SourceRun run = Harness.runSource(new SineSource(1, 1000, 10, Kind.CONTINUOUS_F32, 2.5, 3), 100);
        float[] v = Blocks.concatF32(run.out().emitted(0));
        for (int n = 0; n < 100; n++) {
            assertThat(v[n]).isEqualTo((float) (2.5 * Math.sin(2 * Math.PI * 3 * n / 1000.0)));
        }
        assertThat(run.out().emitted(0).get(3).acqTimeNanos()).isEqualTo(30_000_000L);
    }

    @Test
    void rampEncodesSampleAndChannel() {
        Harness.SourceRun run = Harness.runSource(new RampSource(2, 1000, 16), 40000);
        short[] v = Blocks.concatI16(run.out().emitted(0));
        assertThat(v[2 * 100 + 1]).isEqualTo((short) 101);
        assertThat(v[2 * 32767 + 1]).isEqualTo(Short.MIN_VALUE);
    }

    @Test
    void noiseIsDeterministicAndHasTheRequestedRms() {
        float[] a = Blocks.concatF32(Harness.runSource(new NoiseSource(2, 1000, 100, Kind.CONTINUOUS_F32, 5, 42), 50000)
                .out()
                .emitted(0));
        float[] b = Blocks.concatF32(Harness.runSource(new NoiseSource(2, 1000, 100, Kind.CONTINUOUS_F32, 5, 42), 50000)
                .out()
                .emitted(0));
        assertThat(a).isEqualTo(b);
        double sum2 = 0;
        for (float x : a) {
            sum2 += x * x;
        }
        assertThat(Math.sqrt(sum2 / a.length)).isBetween(4.9, 5.1);
    }

    @Test
    void reopenRestartsAtSampleZero() {
        NoiseSource s = new NoiseSource(1, 1000, 10, Kind.CONTINUOUS_I16, 100, 7);
        short[] first = Blocks.concatI16(Harness.runSource(s, 10).out().emitted(0));
        Harness.SourceRun again = Harness.runSource(s, 10);
        assertThat(again.out().emitted(0).get(0).firstSample()).isZero();
        assertThat(Blocks.concatI16(again.out().emitted(0))).isEqualTo(first);
    }
}
