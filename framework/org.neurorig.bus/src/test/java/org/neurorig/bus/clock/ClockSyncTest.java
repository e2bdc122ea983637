package org.neurorig.bus.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ClockSync against synthetic exchanges whose true offset is known: the local clock is true time,
 * the reference runs {@code offset0 + (1 + drift) * t}, and each exchange's one-way delays come from
 * a stated model (base, exponential jitter, occasional queueing of milliseconds).
 */
class ClockSyncTest {
    private static final long US = 1_000;
    private static final long MS = 1_000_000;
    private static final long S = 1_000_000_000;

    /** The exchanges of one simulated link; times in ns of true (= local) time. */
    private static final class Link {
        final Random rnd;
        final long offset0;
        final double drift;
        final long outBase;
        final long backBase;
        final double outJitter;
        final double backJitter;
        final double queueing;
        long now = 1_700_000_000L * S;
        final long start = now;

        Link(
                long seed,
                long offset0,
                double driftPpm,
                long outBase,
                long backBase,
                double outJitter,
                double backJitter,
                double queueing) {
            this.rnd = new Random(seed);
            this.offset0 = offset0;
            this.drift = driftPpm * 1e-6;
            this.outBase = outBase;
            this.backBase = backBase;
            this.outJitter = outJitter;
            this.backJitter = backJitter;
            this.queueing = queueing;
        }

        long ref(long t) {
            return t + offset0 + Math.round(drift * (t - start));
        }

        /** The true offset (reference − local) at local time t. */
        long trueOffset(long t) {
            return ref(t) - t;
        }

        long delay(long base, double jitter) {
            long d = base + Math.round(-jitter * Math.log(1 - rnd.nextDouble()));
            // A message that waits behind a burst of traffic: 1 to 10 ms.
            return rnd.nextDouble() < queueing ? d + MS + (long) (rnd.nextDouble() * 9 * MS) : d;
        }

        /** One exchange through sync; returns whether the reply was used. */
        boolean exchange(ClockSync sync) {
            long t1 = now;
            byte[] req = sync.request(t1);
            long arrive = t1 + delay(outBase, outJitter);
            long leave = arrive + 20 * US + rnd.nextInt((int) (30 * US));
            byte[] reply = ClockSync.answer(req, ref(arrive), ref(leave));
            long t4 = leave + delay(backBase, backJitter);
            return sync.onReply(reply, t4);
        }

        void run(ClockSync sync, int exchanges, long interval) {
            for (int i = 0; i < exchanges; i++) {
                assertThat(exchange(sync)).as("exchange %d used", i).isTrue();
                now += interval;
            }
        }
    }

    @Test
    void oneExchangeWorkedByHand() {
        // Reference = local + 10,000 ns; 100 ns out, 50 ns at the reference, 300 ns back.
        ClockSync sync = new ClockSync();
        byte[] reply = ClockSync.answer(sync.request(1_000), 11_100, 11_150);
        assertThat(sync.onReply(reply, 1_450)).isTrue();
        ClockEstimate e = sync.estimate();
        // θ = ((11,100 − 1,000) + (11,150 − 1,450)) / 2 = 9,900; δ = 450 − 50 = 400.
        assertThat(e.offsetNanos()).isEqualTo(9_900);
        assertThat(e.minDelayNanos()).isEqualTo(400);
        assertThat(e.uncertaintyNanos()).isEqualTo(200); // 10,000 lies within 9,900 ± 200
        assertThat(e.samples()).isEqualTo(1);
        assertThat(e.driftPpm()).isZero();
        assertThat(e.atLocalNanos()).isEqualTo(1_225);
        assertThat(e.toReference(2_000)).isEqualTo(11_900);
    }

    @Test
    void noEstimateBeforeTheFirstReply() {
        ClockSync sync = new ClockSync();
        sync.request(5);
        assertThat(sync.estimate().samples()).isZero();
        assertThat(sync.estimate().uncertaintyNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void symmetricDelaysWithDriftAndQueueing(long seed) {
        // 80 µs each way, 20 µs mean jitter each way, 10 % of messages queued 1-10 ms; 20 ppm drift.
        Link link = new Link(seed, -3_217_654_321L, 20, 80 * US, 80 * US, 20 * US, 20 * US, 0.10);
        ClockSync sync = new ClockSync();
        link.run(sync, 300, S);
        ClockEstimate e = sync.estimate();
        long error = e.offsetNanos() - link.trueOffset(e.atLocalNanos());
        assertThat(Math.abs(error)).as("offset error, seed %d, %s", seed, e).isLessThanOrEqualTo(10 * US);
        assertThat(Math.abs(error))
                .as("error within the stated uncertainty, %s", e)
                .isLessThanOrEqualTo(e.uncertaintyNanos());
        assertThat(e.driftPpm()).as("drift, %s", e).isCloseTo(20, org.assertj.core.data.Offset.offset(0.5));
        assertThat(e.samples()).isEqualTo(ClockSync.DEFAULT_WINDOW);
        // Between exchanges the drift carries the offset on: 5 s after the last one, still within 15 µs.
        long later = e.atLocalNanos() + 5 * S;
        assertThat(Math.abs(e.toReference(later) - link.ref(later)))
                .as("extrapolated 5 s, %s", e)
                .isLessThanOrEqualTo(15 * US);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void asymmetricPathsStayWithinTheBound(long seed) {
        // 60 µs out, 140 µs back: no exchange can see this, and every θ is shifted by (60 − 140) / 2.
        Link link = new Link(seed, 987_654_321L, -35, 60 * US, 140 * US, 10 * US, 50 * US, 0.05);
        ClockSync sync = new ClockSync();
        link.run(sync, 200, S);
        ClockEstimate e = sync.estimate();
        long error = e.offsetNanos() - link.trueOffset(e.atLocalNanos());
        assertThat(error).as("error ≈ the asymmetry's −40 µs, %s", e).isBetween(-55 * US, -25 * US);
        assertThat(Math.abs(error))
                .as("error within the stated uncertainty, %s", e)
                .isLessThanOrEqualTo(e.uncertaintyNanos());
        assertThat(e.driftPpm()).isCloseTo(-35, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void heavyQueueingIsFilteredOut() {
        // Four messages in ten wait milliseconds: the filter keeps the quick exchanges.
        Link link = new Link(21, 55 * MS, 0, 100 * US, 100 * US, 15 * US, 15 * US, 0.40);
        ClockSync sync = new ClockSync();
        link.run(sync, 200, 100 * MS);
        ClockEstimate e = sync.estimate();
        long error = e.offsetNanos() - link.trueOffset(e.atLocalNanos());
        assertThat(Math.abs(error)).as("%s", e).isLessThanOrEqualTo(10 * US);
        assertThat(e.minDelayNanos()).isLessThan(300 * US);
        assertThat(Math.abs(e.driftPpm())).isLessThan(5);
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33})
    void aShortWindowReportsNoDriftFromNoise(long seed) {
        // Exchanges every 3 ms fill the window in 0.2 s: the θ noise is all a slope could show.
        Link link = new Link(seed, 7 * MS, 0, 40 * US, 40 * US, 15 * US, 15 * US, 0.05);
        ClockSync sync = new ClockSync();
        link.run(sync, 300, 3 * MS);
        ClockEstimate e = sync.estimate();
        assertThat(e.driftPpm()).as("%s", e).isZero();
        long later = e.atLocalNanos() + 100 * MS;
        assertThat(Math.abs(e.toReference(later) - link.ref(later))).as("%s", e).isLessThanOrEqualTo(10 * US);
    }

    @Test
    void duplicateRepliesAreIgnored() {
        ClockSync sync = new ClockSync();
        byte[] reply = ClockSync.answer(sync.request(1_000), 11_100, 11_150);
        assertThat(sync.onReply(reply, 1_450)).isTrue();
        ClockEstimate before = sync.estimate();
        assertThat(sync.onReply(reply, 1_900)).isFalse();
        assertThat(sync.estimate()).isEqualTo(before);
        assertThat(sync.acceptedReplies()).isEqualTo(1);
        assertThat(sync.ignoredReplies()).isEqualTo(1);
    }

    @Test
    void repliesToRequestsNeverSentAreIgnored() {
        ClockSync other = new ClockSync();
        other.request(1);
        byte[] fromOther = ClockSync.answer(other.request(2), 10, 11); // seq 1: this sync has sent only seq 0
        ClockSync sync = new ClockSync();
        byte[] mine = sync.request(2);
        assertThat(sync.onReply(fromOther, 50)).isFalse();
        // Same seq as ours, but another t1: a reply to another sync's request (e.g. before a restart).
        ClockSync third = new ClockSync();
        assertThat(sync.onReply(ClockSync.answer(third.request(7), 10, 11), 50)).isFalse();
        assertThat(sync.ignoredReplies()).isEqualTo(2);
        assertThat(sync.estimate().samples()).isZero();
        assertThat(sync.onReply(ClockSync.answer(mine, 10, 11), 50)).isTrue();
    }

    @Test
    void repliesOlderThanTheWindowAreIgnoredAndLaterOnesInItAreNot() {
        ClockSync sync = new ClockSync(4);
        byte[][] requests = new byte[6][];
        for (int i = 0; i < 6; i++) {
            requests[i] = sync.request(1_000 * i);
        }
        // Requests 0 and 1 left the window of 4 when requests 4 and 5 were sent.
        assertThat(sync.onReply(ClockSync.answer(requests[1], 1_100, 1_110), 1_300))
                .isFalse();
        assertThat(sync.onReply(ClockSync.answer(requests[0], 100, 110), 300)).isFalse();
        // Out of order within the window is fine.
        assertThat(sync.onReply(ClockSync.answer(requests[5], 5_100, 5_110), 5_300))
                .isTrue();
        assertThat(sync.onReply(ClockSync.answer(requests[2], 2_100, 2_110), 2_300))
                .isTrue();
        assertThat(sync.ignoredReplies()).isEqualTo(2);
        assertThat(sync.estimate().samples()).isEqualTo(2);
        assertThat(sync.estimate().offsetNanos()).isEqualTo(-45); // θ = (100 + (110 − 300)) / 2 for both
    }

    @Test
    void malformedRepliesAreRefusedClearlyAndChangeNothing() {
        ClockSync sync = new ClockSync();
        byte[] request = sync.request(1_000);
        byte[] good = ClockSync.answer(request, 11_100, 11_150);
        assertThat(sync.onReply(good, 1_450)).isTrue();
        ClockEstimate before = sync.estimate();
        byte[] streamHeader = new byte[64];
        System.arraycopy("NRG1".getBytes(StandardCharsets.US_ASCII), 0, streamHeader, 0, 4);
        assertThatThrownBy(() -> sync.onReply(streamHeader, 2_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("magic 4E 52 47 31")
                .hasMessageContaining("'NRC1'");
        assertThatThrownBy(() -> sync.onReply(new byte[0], 2_000)).hasMessageContaining("magic (empty)");
        assertThatThrownBy(() -> sync.onReply(null, 2_000)).hasMessageContaining("null");
        assertThatThrownBy(() -> sync.onReply(request, 2_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type 1, expected 2 (reply)");
        byte[] version2 = good.clone();
        version2[4] = 2;
        assertThatThrownBy(() -> sync.onReply(version2, 2_000)).hasMessageContaining("version 2, expected 1");
        byte[] longer = Arrays.copyOf(good, 41);
        assertThatThrownBy(() -> sync.onReply(longer, 2_000)).hasMessageContaining("41 bytes, expected 40");
        assertThatThrownBy(() -> sync.onReply(Arrays.copyOf(good, 6), 2_000))
                .hasMessageContaining("6 bytes, expected 40");
        assertThatThrownBy(() -> ClockSync.answer(good, 1, 2)).hasMessageContaining("type 2, expected 1 (request)");
        assertThatThrownBy(() -> ClockSync.answer(request, 20, 10)).hasMessageContaining("t3 < t2");
        assertThat(sync.estimate()).isEqualTo(before);
        assertThat(sync.acceptedReplies()).isEqualTo(1);
    }

    @Test
    void impossibleTimesAreRefused() {
        ClockSync sync = new ClockSync();
        byte[] reply = ClockSync.answer(sync.request(1_000), 5_000, 5_100);
        assertThatThrownBy(() -> sync.onReply(reply, 999)).hasMessageContaining("t4 < t1");
        byte[] backwards = reply.clone();
        backwards[32] = 0; // t3 becomes less than t2
        backwards[33] = 0;
        assertThatThrownBy(() -> sync.onReply(backwards, 2_000)).hasMessageContaining("t3 < t2");
    }

    @Test
    void windowOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new ClockSync(0)).hasMessageContaining("expected 1 to 4096");
        assertThatThrownBy(() -> new ClockSync(5000)).hasMessageContaining("5000");
    }
}
