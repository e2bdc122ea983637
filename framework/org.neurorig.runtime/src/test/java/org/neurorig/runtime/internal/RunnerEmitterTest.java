package org.neurorig.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.Delivery;
import org.neurorig.bus.Edge;
import org.neurorig.bus.InputPort;
import org.neurorig.bus.StreamPublisher;
import org.zeromq.ZContext;

/** The output side of a runner: the run's duration limit and discontinuity flags. */
class RunnerEmitterTest {
    private static final StreamSpec AP = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
            .channelCount(1)
            .sampleRate(30_000)
            .blockSamples(7000)
            .source("probe")
            .build();

    private final ZContext zmq = new ZContext();
    private final Edge edge = new Edge("down", Delivery.LOSSLESS, 100);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        zmq.close();
    }

    private InputPort consumer(StreamSpec spec) {
        InputPort port = new InputPort("down", List.of(spec), 100);
        port.attach(edge, 0);
        toClose.add(port);
        return port;
    }

    private StreamPublisher publisher(StreamSpec spec) {
        StreamPublisher p = new StreamPublisher(zmq, spec, List.of(edge), null, 100);
        toClose.add(p);
        return p;
    }

    /** Fills the port's block with {@code n} samples continuing {@code firstSample} and emits it. */
    private static void emitSamples(RunnerEmitter em, long firstSample, int n) throws InterruptedException {
        Block b = em.block(0);
        b.setSampleCount(n);
        b.setFirstSample(firstSample);
        for (int s = 0; s < n; s++) {
            b.i16()[s] = (short) ((firstSample + s) % 1000);
        }
        em.emit(0);
    }

    private static List<Block> receive(InputPort port, int n) throws InterruptedException {
        List<Block> got = new ArrayList<>();
        for (int tries = 0; got.size() < n && tries < 300; tries++) { // 100 ms polls: 30 s at most
            Block b = port.poll();
            if (b != null) {
                Block copy = Block.forSpec(port.inputs().get(0));
                copy.copyFrom(b);
                got.add(copy);
            }
        }
        return got;
    }

    @Test
    void durationLimitPublishesExactlyTheDurationAndCutsTheBlockThatCrossesIt() throws Exception {
        InputPort down = consumer(AP);
        StreamPublisher pub = publisher(AP);
        RunnerEmitter em = new RunnerEmitter(List.of(AP), 1.0);
        em.attach(0, pub);

        for (int i = 0; i < 4; i++) {
            emitSamples(em, i * 7000L, 7000);
            assertThat(em.limitsReached()).isFalse();
        }
        emitSamples(em, 28_000, 7000); // crosses 30,000: cut to 2,000
        assertThat(em.limitsReached()).isTrue();
        emitSamples(em, 35_000, 7000); // past the limit: dropped
        assertThat(em.block(0).sampleCount()).isZero(); // and the block is cleared for reuse

        assertThat(pub.samples()).isEqualTo(30_000);
        assertThat(pub.published()).isEqualTo(5);
        assertThat(em.blocksOut()).isEqualTo(5);
        List<Block> got = receive(down, 5);
        assertThat(got).extracting(Block::sampleCount).containsExactly(7000, 7000, 7000, 7000, 2000);
        assertThat(got).extracting(Block::firstSample).containsExactly(0L, 7000L, 14_000L, 21_000L, 28_000L);
        assertThat(got.get(4).i16()[1999]).isEqualTo((short) (29_999 % 1000));
        assertThat(down.poll()).isNull(); // nothing after the cut block
        assertThat(down.tracker(0).samples()).isEqualTo(30_000);
        assertThat(down.tracker(0).sampleGaps()).isZero();
    }

    @Test
    void withoutDurationOrForIrregularPortsThereIsNoLimit() throws Exception {
        StreamSpec events = StreamSpec.builder("probe.ttl", Kind.EVENTS)
                .channelCount(8)
                .sampleRate(0)
                .blockSamples(16)
                .source("probe")
                .build();
        RunnerEmitter unlimited = new RunnerEmitter(List.of(AP), 0);
        unlimited.attach(0, new StreamPublisher(zmq, AP, List.of(), null, 100));
        for (int i = 0; i < 6; i++) {
            emitSamples(unlimited, i * 7000L, 7000);
        }
        assertThat(unlimited.publisher(0).samples()).isEqualTo(42_000);
        assertThat(unlimited.limitsReached()).isFalse(); // no limited port: never "reached"
        unlimited.close();

        RunnerEmitter eventsOnly = new RunnerEmitter(List.of(events), 1.0);
        eventsOnly.attach(0, new StreamPublisher(zmq, events, List.of(), null, 100));
        eventsOnly.block(0).addEvent(5, 1, 1, null);
        eventsOnly.emit(0);
        assertThat(eventsOnly.publisher(0).samples()).isEqualTo(1);
        assertThat(eventsOnly.limitsReached()).isFalse();
        eventsOnly.close();
    }

    @Test
    void afterAFailureTheHalfFilledBlockIsDroppedAndOnlyTheNextBlockIsFlagged() throws Exception {
        InputPort down = consumer(AP);
        RunnerEmitter em = new RunnerEmitter(List.of(AP), 0);
        em.attach(0, publisher(AP));

        emitSamples(em, 0, 100);
        em.block(0).setSampleCount(50); // a call fills half a block, then throws
        em.resetAfterFailure();
        assertThat(em.block(0).sampleCount()).isZero();
        emitSamples(em, 500, 100);
        emitSamples(em, 600, 100);

        List<Block> got = receive(down, 3);
        assertThat(got).extracting(Block::seq).containsExactly(0L, 1L, 2L);
        assertThat(got).extracting(Block::flags).containsExactly(0, Block.FLAG_DISCONTINUITY, 0);
        assertThat(down.tracker(0).sampleGaps()).isZero(); // the jump 100 → 500 is flagged, not a gap
        assertThat(down.tracker(0).discontinuities()).isEqualTo(1);
    }
}
