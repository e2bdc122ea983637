package org.neurorig.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Processor;
import org.neurorig.api.Stateful;

/** Hot-swap between component instances, driven the way the runtime's service tracker drives it. */
class NodeSlotTest {
    private static final long WAIT_MILLIS = 1000;

    /** A processor that counts its blocks and carries the count across a swap. */
    static final class CountingNode implements Processor, Stateful {
        final String name;
        final String prepareFailure;
        long count;
        int prepared;
        boolean closed;

        CountingNode(String name) {
            this(name, null);
        }

        CountingNode(String name, String prepareFailure) {
            this.name = name;
            this.prepareFailure = prepareFailure;
        }

        @Override
        public void process(Block in, Emitter out) {
            count++;
        }

        @Override
        public byte[] snapshot() {
            return ByteBuffer.allocate(8).putLong(count).array();
        }

        @Override
        public void restore(byte[] state) {
            count = ByteBuffer.wrap(state).getLong();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Records what the slot asks of the runner; fails for nodes built to fail. */
    static final class RecordingPreparer implements NodeSlot.Preparer<CountingNode> {
        final List<String> events = new ArrayList<>();

        @Override
        public void prepare(CountingNode n) throws Exception {
            events.add("prepare " + n.name);
            if (n.prepareFailure != null) {
                throw new IllegalStateException(n.prepareFailure);
            }
            n.prepared++;
            n.closed = false;
        }

        @Override
        public void close(CountingNode n) {
            events.add("close " + n.name);
            n.closed = true;
        }

        @Override
        public void refused(String why) {
            events.add("refused: " + why);
        }
    }

    /** The serving instance, asked the way a runner asks: under the slot's lock. */
    private static CountingNode current(NodeSlot<CountingNode> slot) throws Exception {
        CountingNode[] seen = new CountingNode[1];
        slot.withCurrent(n -> seen[0] = n);
        return seen[0];
    }

    @Test
    void firstInstanceIsRecordedWithoutPrepare() throws Exception {
        NodeSlot<CountingNode> slot = new NodeSlot<>("gain", CountingNode.class);
        CountingNode a = new CountingNode("a");

        slot.offer(new FakeServiceReference(1), a, WAIT_MILLIS);

        assertThat(current(slot)).isSameAs(a);
        assertThat(a.prepared).isZero(); // the run prepares the first instance itself, in topological order
        assertThat(slot.swaps()).isZero();
        assertThat(slot.candidateCount()).isEqualTo(1);
        assertThat(slot.lastSwapError()).isNull();
    }

    @Test
    void newerInstanceIsPreparedGetsTheStateAndReplacesTheOldOne() throws Exception {
        NodeSlot<CountingNode> slot = new NodeSlot<>("gain", CountingNode.class);
        RecordingPreparer preparer = new RecordingPreparer();
        CountingNode a = new CountingNode("a");
        slot.offer(new FakeServiceReference(1), a, WAIT_MILLIS);
        slot.enableSwaps(preparer);
        a.count = 41;

        CountingNode b = new CountingNode("b");
        slot.offer(new FakeServiceReference(2), b, WAIT_MILLIS);

        assertThat(current(slot)).isSameAs(b);
        assertThat(b.prepared).isEqualTo(1);
        assertThat(b.count).isEqualTo(41);
        assertThat(a.closed).isTrue();
        assertThat(preparer.events).containsExactly("prepare b", "close a");
        assertThat(slot.swaps()).isEqualTo(1);
        assertThat(slot.candidateCount()).isEqualTo(2);
    }

    @Test
    void olderInstanceOfferedLaterDoesNotReplaceTheNewerOne() throws Exception {
        NodeSlot<CountingNode> slot = new NodeSlot<>("gain", CountingNode.class);
        RecordingPreparer preparer = new RecordingPreparer();
        CountingNode newer = new CountingNode("newer");
        slot.offer(new FakeServiceReference(7), newer, WAIT_MILLIS);
        slot.enableSwaps(preparer);

        slot.offer(new FakeServiceReference(3), new CountingNode("older"), WAIT_MILLIS);

        assertThat(current(slot)).isSameAs(newer);
        assertThat(preparer.events).isEmpty();
        assertThat(slot.swaps()).isZero();
    }

    @Test
    void withdrawingTheOnlyInstanceLeavesNoneAndCarriesItsStateIntoTheNextOne() throws Exception {
        NodeSlot<CountingNode> slot = new NodeSlot<>("gain", CountingNode.class);
        RecordingPreparer preparer = new RecordingPreparer();
        CountingNode a = new CountingNode("a");
        FakeServiceReference refA = new FakeServiceReference(1);
        slot.offer(refA, a, WAIT_MILLIS);
        slot.enableSwaps(preparer);
        a.count = 1234;

        slot.withdraw(refA, WAIT_MILLIS);

        assertThat(current(slot)).isNull();
        assertThat(a.closed).isTrue();
        assertThat(slot.candidateCount()).isZero();
        // deadline already passed: no instance, and the code is not run
        assertThat(slot.serve(System.nanoTime(), n -> {
                    throw new AssertionError("served without an instance");
                }))
                .isFalse();

        CountingNode b = new CountingNode("b");
        slot.offer(new FakeServiceReference(2), b, WAIT_MILLIS);

        assertThat(current(slot)).isSameAs(b);
        assertThat(b.count).isEqualTo(1234);
        assertThat(preparer.events).containsExactly("close a", "prepare b");
        assertThat(slot.swaps()).isEqualTo(1);
    }

    @Test
    void candidateWhosePrepareThrowsIsNotUsedAndTheErrorSaysWhy() throws Exception {
        NodeSlot<CountingNode> slot = new NodeSlot<>("bp", CountingNode.class);
        RecordingPreparer preparer = new RecordingPreparer();
        CountingNode a = new CountingNode("a");
        slot.offer(new FakeServiceReference(1), a, WAIT_MILLIS);
        slot.enableSwaps(preparer);
        a.count = 99;

        CountingNode bad = new CountingNode("bad", "needs 32 channels, got 16");
        FakeServiceReference badRef = new FakeServiceReference(2);
        slot.offer(badRef, bad, WAIT_MILLIS);

        // The refused instance is not used; the old version, still registered, keeps serving.
        assertThat(current(slot)).isSameAs(a);
        assertThat(a.closed).isFalse();
        assertThat(bad.prepared).isZero();
        assertThat(slot.swaps()).isZero();
        assertThat(slot.lastSwapError())
                .isEqualTo("new instance of bp could not be prepared: needs 32 channels, got 16");
        assertThat(preparer.events).containsExactly("prepare bad");

        // Once the refused bundle goes away, the older instance serves on with its state.
        slot.withdraw(badRef, WAIT_MILLIS);

        assertThat(current(slot)).isSameAs(a);
        assertThat(a.count).isEqualTo(99);
        assertThat(a.closed).isFalse();
        assertThat(preparer.events).containsExactly("prepare bad");
        assertThat(slot.lastSwapError()).isNull();
        assertThat(slot.swaps()).isZero();
    }

    @Test
    void serviceRankingBeatsServiceId() throws Exception {
        NodeSlot<CountingNode> slot = new NodeSlot<>("gain", CountingNode.class);
        RecordingPreparer preparer = new RecordingPreparer();
        CountingNode ranked = new CountingNode("ranked");
        slot.offer(new FakeServiceReference(3, 10), ranked, WAIT_MILLIS);
        slot.enableSwaps(preparer);

        CountingNode newerUnranked = new CountingNode("newerUnranked");
        slot.offer(new FakeServiceReference(8), newerUnranked, WAIT_MILLIS);
        CountingNode newerLowRank = new CountingNode("newerLowRank");
        slot.offer(new FakeServiceReference(9, -5), newerLowRank, WAIT_MILLIS);

        assertThat(current(slot)).isSameAs(ranked);
        assertThat(preparer.events).isEmpty();

        CountingNode higher = new CountingNode("higher");
        slot.offer(new FakeServiceReference(4, 11), higher, WAIT_MILLIS);

        assertThat(current(slot)).isSameAs(higher);
        assertThat(preparer.events).containsExactly("prepare higher", "close ranked");
    }

    @Test
    void swapRequestedWhileTheRunnerIsInACallIsAppliedAtItsNextCall() throws Exception {
        NodeSlot<CountingNode> slot = new NodeSlot<>("gain", CountingNode.class);
        RecordingPreparer preparer = new RecordingPreparer();
        CountingNode a = new CountingNode("a");
        slot.offer(new FakeServiceReference(1), a, WAIT_MILLIS);
        slot.enableSwaps(preparer);
        a.count = 5;
        CountingNode b = new CountingNode("b");

        // The runner is inside a call; the tracker's offer gives up at once and defers the swap.
        List<CountingNode> served = new ArrayList<>();
        assertThat(slot.serve(System.nanoTime(), inCall -> {
                    served.add(inCall);
                    Thread tracker = new Thread(() -> slot.offer(new FakeServiceReference(2), b, 0));
                    tracker.start();
                    tracker.join();
                    assertThat(preparer.events).isEmpty();
                }))
                .isTrue();

        assertThat(slot.serve(System.nanoTime(), served::add)).isTrue(); // the runner's next call
        assertThat(served).containsExactly(a, b);
        assertThat(b.count).isEqualTo(5);
        assertThat(preparer.events).containsExactly("prepare b", "close a");
    }

    @Test
    void codeThatThrowsUnderTheLockReleasesItAndTheSwapGoesAhead() throws Exception {
        NodeSlot<CountingNode> slot = new NodeSlot<>("gain", CountingNode.class);
        RecordingPreparer preparer = new RecordingPreparer();
        CountingNode a = new CountingNode("a");
        slot.offer(new FakeServiceReference(1), a, WAIT_MILLIS);
        slot.enableSwaps(preparer);

        assertThatThrownBy(() -> slot.serve(System.nanoTime(), n -> {
                    throw new IllegalStateException("boom in a call");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom in a call");

        // Not left locked: a tracker thread's offer (which waits at most 1 s for the lock) swaps at once.
        CountingNode b = new CountingNode("b");
        Thread tracker = new Thread(() -> slot.offer(new FakeServiceReference(2), b, WAIT_MILLIS));
        tracker.start();
        tracker.join();
        assertThat(preparer.events).containsExactly("prepare b", "close a");
        assertThat(current(slot)).isSameAs(b);
    }

    @Test
    void aServiceOfAnotherKindIsIgnored() throws Exception {
        NodeSlot<CountingNode> slot = new NodeSlot<>("gain", CountingNode.class);

        slot.offer(new FakeServiceReference(1), "not a node", WAIT_MILLIS);

        assertThat(slot.candidateCount()).isZero();
        assertThat(current(slot)).isNull();
    }
}
