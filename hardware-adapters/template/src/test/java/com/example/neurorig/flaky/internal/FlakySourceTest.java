package com.example.neurorig.flaky.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

/** Runs the adapter in the NeuroRig test kit: no hardware, no OSGi. */
class FlakySourceTest {
    private static FlakySource source(Object... keyValues) {
        FlakySource s = new FlakySource();
        s.activate(TestConfig.of(FlakySourceConfig.class, keyValues));
        return s;
    }

    /**
     * The simulated device's value of sample n on channel c, as its documentation states it
     * ((n × (c + 1)) mod 1000), written here rather than taken from the class under test.
     */
    private static short expected(long n, int c) {
        return (short) ((n * (c + 1)) % 1000);
    }

    @Test
    void streamsTheDeviceCounterAndValues() {
        Harness.SourceRun run = Harness.runSource(source("channels", 3, "rate", 20_000), 2_000);
        List<Block> blocks = run.out().emitted(0);
        BlockAssert.assertContinuous(blocks);
        assertThat(blocks.get(0).firstSample()).isZero();
        for (Block b : blocks) {
            assertThat(b.flags()).isZero();
            for (int s = 0; s < b.sampleCount(); s++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(b.i16()[3 * s + c])
                            .as("sample %d channel %d", b.firstSample() + s, c)
                            .isEqualTo(expected(b.firstSample() + s, c));
                }
            }
        }
        assertThat(blocks.get(0).i16()[3 * 7 + 2]).isEqualTo((short) 21); // 7 × 3, by hand
        assertThat(run.context().statuses()).isEmpty();
    }

    @Test
    void anAbsentDeviceFailsOpenWithAClearMessageUntilItAnswers() throws Exception {
        FlakySource s = source("absentMillis", 60_000);
        assertThatThrownBy(() -> s.open(new TestContext("amp")))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("sim.flaky: no device answers; is it plugged in?");
        FlakySource present = source("absentMillis", 0);
        assertThat(present.open(new TestContext("amp")))
                .extracting(StreamSpec::name)
                .containsExactly("out");
    }

    @Test
    void aDroppedLinkIsReportedRetriedWithBackoffAndMarkedAsAGap() {
        Harness.SourceRun run = Harness.runSource(
                source("channels", 2, "rate", 20_000, "dropEvery", 500, "failedAttempts", 2, "backoffMillis", 1),
                3_000);
        List<Block> blocks = run.out().emitted(0);
        int flagged = 0;
        for (int i = 1; i < blocks.size(); i++) {
            Block prev = blocks.get(i - 1);
            Block b = blocks.get(i);
            assertThat(b.seq()).isEqualTo(prev.seq() + 1);
            if ((b.flags() & Block.FLAG_DISCONTINUITY) != 0) {
                flagged++;
                // samples the device took while the link was down are missing: the gap is marked
                assertThat(b.firstSample()).isGreaterThan(prev.firstSample() + prev.sampleCount());
            } else {
                assertThat(b.firstSample()).isEqualTo(prev.firstSample() + prev.sampleCount());
            }
            // values belong to the device sample numbers they are stamped with
            for (int s = 0; s < b.sampleCount(); s++) {
                assertThat(b.i16()[2 * s + 1]).isEqualTo(expected(b.firstSample() + s, 1));
            }
        }
        // every 500 samples: 3000 samples = at least 5 drops, each followed by a flagged block
        assertThat(flagged).isGreaterThanOrEqualTo(5);
        List<NodeStatus> st = run.context().statuses();
        List<String> msg = run.context().messages();
        assertThat(st.subList(0, 4))
                .containsExactly(NodeStatus.OFFLINE, NodeStatus.OFFLINE, NodeStatus.OFFLINE, NodeStatus.OK);
        assertThat(msg.get(0)).isEqualTo("sim.flaky: link lost at device sample 500; reconnecting in 1 ms");
        assertThat(msg.get(1)).isEqualTo("sim.flaky: reconnect attempt 1 failed; next in 2 ms");
        assertThat(msg.get(2)).isEqualTo("sim.flaky: reconnect attempt 2 failed; next in 4 ms");
        assertThat(msg.get(3)).startsWith("sim.flaky: reconnected after 3 attempts; samples 500..");
    }
}
