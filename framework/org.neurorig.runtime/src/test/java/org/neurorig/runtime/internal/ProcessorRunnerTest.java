package org.neurorig.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.Edge;
import org.neurorig.bus.InputPort;
import org.neurorig.bus.SeqTracker;
import org.neurorig.bus.StreamPublisher;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.Role;
import org.neurorig.runtime.NodeMetrics;
import org.neurorig.runtime.RunOptions;
import org.neurorig.runtime.RunSnapshot;
import org.zeromq.ZContext;

/**
 * A real {@link ProcessorRunner} on its own thread between a publisher and a consumer over inproc
 * sockets, wired by hand the way {@link Run#start()} wires it: fault isolation, restarts,
 * discontinuity flags, overruns and shedding.
 */
class ProcessorRunnerTest {
    private static final StreamSpec SRC = StreamSpec.builder("src.out", Kind.CONTINUOUS_I16)
            .channelCount(2)
            .sampleRate(1000)
            .blockSamples(10)
            .source("src")
            .build();
    /** Generous: the machine is shared; no assertion is about time. */
    private static final long RECEIVE_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private ZContext zmq;
    private InprocRunContext run;
    private ProcessorRunner runner;
    private Edge inbound;
    private StreamPublisher upstream;
    private InputPort downstream;

    /** What a processor saw of its runner at the start of one call. */
    record Seen(NodeStatus status, String message, long errors, long restarts, long overruns, boolean shedding) {}

    /** Passes blocks through; throws on every {@code failEvery}-th call; records the runner's view. */
    final class FlakyProcessor implements Processor {
        final int failEvery;
        final List<Seen> seen = new ArrayList<>();
        int prepares;

        FlakyProcessor(int failEvery) {
            this.failEvery = failEvery;
        }

        @Override
        public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) throws Exception {
            prepares++;
            return Processor.super.prepare(inputs, context);
        }

        @Override
        public void process(Block in, Emitter out) throws Exception {
            observe(seen);
            if (seen.size() % failEvery == 0) {
                throw new IllegalStateException("boom at block " + in.seq());
            }
            out.block(0).copyFrom(in);
            out.emit(0);
        }
    }

    /** Passes blocks through, sleeping {@code sleepMillis} in each of the first {@code slowCalls} calls. */
    final class SlowProcessor implements Processor {
        final int slowCalls;
        final long sleepMillis;
        final List<Seen> seen = new ArrayList<>();

        SlowProcessor(int slowCalls, long sleepMillis) {
            this.slowCalls = slowCalls;
            this.sleepMillis = sleepMillis;
        }

        @Override
        public void process(Block in, Emitter out) throws Exception {
            observe(seen);
            if (seen.size() <= slowCalls) {
                Thread.sleep(sleepMillis);
            }
            out.block(0).copyFrom(in);
            out.emit(0);
        }
    }

    /** A newer instance that cannot serve the node, like one whose outputs changed shape. */
    static final class RefusingProcessor implements Processor {
        @Override
        public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
            throw new IllegalStateException("outputs changed; restart the pipeline to apply that");
        }

        @Override
        public void process(Block in, Emitter out) {
            throw new AssertionError("a refused instance must never be called");
        }
    }

    private void observe(List<Seen> seen) {
        NodeMetrics m = runner.metrics();
        seen.add(new Seen(m.status(), m.message(), m.errors(), m.restarts(), m.overruns(), inbound.shedding()));
    }

    @BeforeEach
    void openContext() {
        zmq = new ZContext();
    }

    @AfterEach
    void closeAll() throws InterruptedException {
        if (runner != null) {
            runner.requestStop();
            if (!runner.join(10_000)) {
                runner.interrupt();
                runner.join(10_000);
            }
        }
        if (upstream != null) {
            upstream.close();
        }
        if (downstream != null) {
            downstream.close();
        }
        zmq.close();
    }

    /** Wires src.out → proc → down and starts the runner, as Run.start does for one processor. */
    private FakeServiceReference firstRef;

    private void start(Processor processor, RunOptions options) throws Exception {
        start(processor, options, "lossless");
    }

    private void start(Processor processor, RunOptions options, String delivery) throws Exception {
        run = new InprocRunContext(zmq, options);
        inbound = run.connect("src.out", "proc");
        run.connect("proc.out", "down");
        NodeType type = new NodeType("test.processor", Role.PROCESSOR, List.of(), List.of(), Set.of(), false, delivery);
        NodeSpec spec = new NodeSpec(
                "proc",
                type,
                List.of("src.out"),
                Map.of(),
                List.of("proc.out"),
                List.of(Kind.CONTINUOUS_I16),
                List.of(1000.0),
                1,
                1);
        runner = new ProcessorRunner(spec, run);
        firstRef = new FakeServiceReference(1);
        runner.offer(firstRef, processor, 1000);
        List<StreamSpec> outputs = runner.prepare(List.of(SRC), System.nanoTime() + RECEIVE_DEADLINE_NANOS);
        assertThat(outputs).extracting(StreamSpec::name).containsExactly("proc.out");
        runner.addInbound(inbound);
        downstream = new InputPort("down", outputs, 100);
        for (Edge e : run.edgesInto("down", "proc.out")) {
            downstream.attach(e, 0);
        }

        CountDownLatch allBound = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        runner.start(allBound, go);
        assertThat(runner.awaitReady()).isNull();
        upstream = new StreamPublisher(zmq, SRC, run.edgesOf("src.out"), null, 100);
        go.countDown();
    }

    /** Publishes {@code n} contiguous blocks of 10 samples; sample s of block i holds i*10+s on every channel. */
    private void publish(int n) throws InterruptedException {
        publishFrom(0, n);
    }

    /** Publishes {@code n} blocks continuing at block index {@code from}. */
    private void publishFrom(int from, int n) throws InterruptedException {
        Block b = Block.forSpec(SRC);
        for (int i = from; i < from + n; i++) {
            b.clear();
            b.setSampleCount(10);
            b.setFirstSample(i * 10L);
            b.setAcqTimeNanos(HostClock.nowNanos());
            for (int s = 0; s < 10; s++) {
                b.i16()[2 * s] = (short) (i * 10 + s);
                b.i16()[2 * s + 1] = (short) (i * 10 + s);
            }
            upstream.publish(b);
        }
    }

    record Got(long seq, long firstSample, int sampleCount, int flags, short firstValue) {}

    private List<Got> receive(int n) throws InterruptedException {
        List<Got> got = new ArrayList<>();
        long deadline = System.nanoTime() + RECEIVE_DEADLINE_NANOS;
        while (got.size() < n && System.nanoTime() < deadline) {
            Block b = downstream.poll();
            if (b != null) {
                got.add(new Got(b.seq(), b.firstSample(), b.sampleCount(), b.flags(), b.i16()[0]));
            }
        }
        return got;
    }

    private void stopRunner() throws InterruptedException {
        runner.requestStop();
        assertThat(runner.join(10_000)).as("runner thread ended").isTrue();
    }

    @Test
    void failingCallsAreContainedRestartedAndFlaggedWhileTheOtherBlocksFlowWithoutGaps() throws Exception {
        FlakyProcessor p = new FlakyProcessor(3);
        start(p, new RunOptions(0, 100, 10_000, 60_000, 1000));

        publish(10); // calls 3, 6 and 9 throw (input seq 2, 5, 8)
        List<Got> got = receive(7);
        stopRunner();

        assertThat(got).extracting(Got::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(got).extracting(Got::firstSample).containsExactly(0L, 10L, 30L, 40L, 60L, 70L, 90L);
        assertThat(got)
                .extracting(Got::firstValue)
                .containsExactly((short) 0, (short) 10, (short) 30, (short) 40, (short) 60, (short) 70, (short) 90);
        assertThat(got).extracting(Got::sampleCount).containsOnly(10);
        // exactly the first block after each failure is flagged
        assertThat(got)
                .extracting(g -> (g.flags() & Block.FLAG_DISCONTINUITY) != 0)
                .containsExactly(false, false, true, false, true, false, true);
        SeqTracker t = downstream.tracker(0);
        assertThat(t.missingBlocks()).isZero();
        assertThat(t.sampleGaps()).isZero();
        assertThat(t.discontinuities()).isEqualTo(3);

        assertThat(p.seen).hasSize(10);
        assertThat(p.seen.get(0).status()).isEqualTo(NodeStatus.OK);
        assertThat(p.seen.get(2).status()).isEqualTo(NodeStatus.OK);
        Seen afterFirstFailure = p.seen.get(3);
        assertThat(afterFirstFailure.status()).isEqualTo(NodeStatus.FAILED);
        assertThat(afterFirstFailure.message()).isEqualTo("IllegalStateException: boom at block 2");
        assertThat(afterFirstFailure.errors()).isEqualTo(1);
        assertThat(afterFirstFailure.restarts()).isEqualTo(1);
        Seen afterGoodBlock = p.seen.get(4);
        assertThat(afterGoodBlock.status()).isEqualTo(NodeStatus.OK);
        assertThat(afterGoodBlock.message())
                .isEqualTo("recovered; last problem: IllegalStateException: boom at block 2");
        Seen afterSecondFailure = p.seen.get(6);
        assertThat(afterSecondFailure.status()).isEqualTo(NodeStatus.FAILED);
        assertThat(afterSecondFailure.message()).isEqualTo("IllegalStateException: boom at block 5");
        assertThat(afterSecondFailure.errors()).isEqualTo(2);
        assertThat(p.seen.get(9).status()).isEqualTo(NodeStatus.FAILED);
        assertThat(p.seen.get(9).message()).isEqualTo("IllegalStateException: boom at block 8");

        assertThat(p.prepares).isEqualTo(4); // the first prepare and one per restart
        NodeMetrics m = runner.metrics();
        assertThat(m.errors()).isEqualTo(3);
        assertThat(m.restarts()).isEqualTo(3);
        assertThat(m.blocksIn()).isEqualTo(10);
        assertThat(m.overruns()).isZero();
        assertThat(m.status()).isEqualTo(NodeStatus.STOPPED); // it ended OK, so the stop says STOPPED
        assertThat(inbound.sent()).isEqualTo(10);
        assertThat(inbound.dropped()).isZero();
    }

    @Test
    void aNodeThatFailsOnEveryBlockLeavesTheLosslessSetSoItsProducerNeverWaitsForIt() throws Exception {
        FlakyProcessor p = new FlakyProcessor(1);
        start(p, new RunOptions(0, 100, 10_000, 60_000, 1000));

        // 20 times what its queue holds: without shedding the producer would wait about a second per block.
        java.util.concurrent.CompletableFuture<Void> published = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                publish(4000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        published.get(60, TimeUnit.SECONDS);

        assertThat(inbound.shedding()).isTrue();
        assertThat(inbound.dropped()).isPositive();
        assertThat(inbound.sent() + inbound.dropped()).isEqualTo(4000);
        NodeMetrics m = runner.metrics();
        assertThat(m.status()).isEqualTo(NodeStatus.FAILED);
        assertThat(m.message())
                .startsWith("IllegalStateException: boom at block ")
                .contains(" failures in a row: its input is dropped (counted) until a call succeeds");
        assertThat(m.errors()).isGreaterThanOrEqualTo(NodeHealth.FAILURES_BEFORE_SHEDDING);
        stopRunner();
        // Until its restarts were exhausted it was lossless: those calls saw no shedding.
        assertThat(p.seen.subList(0, NodeHealth.FAILURES_BEFORE_SHEDDING))
                .extracting(Seen::shedding)
                .containsOnly(false);
    }

    @Test
    void threeSlowCallsInARowStallALiveNodeAndShedItsInputUntilAFastCall() throws Exception {
        SlowProcessor p = new SlowProcessor(3, 150);
        start(p, new RunOptions(0, 100, 40, 60_000, 1000), "live");

        publish(5);
        List<Got> got = receive(5);
        stopRunner();

        assertThat(got).extracting(Got::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(got).extracting(Got::firstSample).containsExactly(0L, 10L, 20L, 30L, 40L);
        assertThat(got).extracting(Got::flags).containsOnly(0);
        assertThat(downstream.tracker(0).missingBlocks()).isZero();

        assertThat(p.seen).hasSize(5);
        // two overruns are not yet a stall
        assertThat(p.seen.get(2).status()).isEqualTo(NodeStatus.OK);
        assertThat(p.seen.get(2).overruns()).isEqualTo(2);
        assertThat(p.seen.get(2).shedding()).isFalse();
        Seen stalled = p.seen.get(3);
        assertThat(stalled.status()).isEqualTo(NodeStatus.STALLED);
        assertThat(stalled.message()).startsWith("3 calls in a row over the 40 ms budget (last ");
        assertThat(stalled.overruns()).isEqualTo(3);
        assertThat(stalled.shedding()).isTrue();
        Seen recovered = p.seen.get(4);
        assertThat(recovered.status()).isEqualTo(NodeStatus.OK);
        assertThat(recovered.message()).startsWith("recovered; last problem: 3 calls in a row over the 40 ms budget");
        assertThat(recovered.shedding()).isFalse();

        NodeMetrics m = runner.metrics();
        assertThat(m.overruns()).isEqualTo(3);
        assertThat(m.errors()).isZero();
        assertThat(m.restarts()).isZero();
        assertThat(inbound.shedding()).isFalse();
        assertThat(inbound.sent()).isEqualTo(5);
        assertThat(inbound.dropped()).isZero();
    }

    @Test
    void aSlowLosslessNodeIsStalledButKeepsItsBackPressure() throws Exception {
        SlowProcessor p = new SlowProcessor(3, 150);
        start(p, new RunOptions(0, 100, 40, 60_000, 1000), "lossless");

        publish(5);
        List<Got> got = receive(5);
        stopRunner();

        assertThat(got).extracting(Got::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
        Seen stalled = p.seen.get(3);
        assertThat(stalled.status()).isEqualTo(NodeStatus.STALLED);
        assertThat(stalled.message()).endsWith("producers wait for it (lossless)");
        assertThat(stalled.shedding())
                .as("a lossless consumer is never shed for being slow")
                .isFalse();
        assertThat(p.seen.get(4).status()).isEqualTo(NodeStatus.OK);
        assertThat(inbound.dropped()).isZero();
    }

    @Test
    void aRefusedCandidateBesideTheOldOneIsIgnoredAndDataFlowsWithoutGap() throws Exception {
        FlakyProcessor p = new FlakyProcessor(Integer.MAX_VALUE);
        start(p, new RunOptions(0, 100, 10_000, 60_000, 1000));
        publish(2);
        assertThat(receive(2)).extracting(Got::seq).containsExactly(0L, 1L);

        FakeServiceReference refused = new FakeServiceReference(2);
        runner.offer(refused, new RefusingProcessor(), 5000);
        assertThat(runner.metrics().message())
                .isEqualTo(
                        "new instance of proc could not be prepared: outputs changed; restart the pipeline to apply that");
        publishFrom(2, 3); // the old version still serves
        runner.withdraw(refused, 5000);

        List<Got> got = receive(3);
        stopRunner();
        assertThat(got).extracting(Got::seq).containsExactly(2L, 3L, 4L);
        assertThat(got).extracting(Got::firstSample).containsExactly(20L, 30L, 40L);
        assertThat(got).extracting(Got::flags).containsOnly(0);
        assertThat(downstream.tracker(0).missingBlocks()).isZero();
        assertThat(downstream.tracker(0).sampleGaps()).isZero();
        assertThat(p.seen).hasSize(5);
        assertThat(p.prepares).isEqualTo(1); // never closed, never re-prepared
        NodeMetrics m = runner.metrics();
        assertThat(m.swaps()).isZero();
        assertThat(m.errors()).isZero();
        assertThat(m.message()).doesNotContain("could not be prepared");
    }

    @Test
    void aRefusedSwapBesideTheOldVersionKeepsServingWithTheOldOne() throws Exception {
        start(new FlakyProcessor(Integer.MAX_VALUE), new RunOptions(0, 100, 10_000, 60_000, 1000));

        runner.offer(new FakeServiceReference(2), new RefusingProcessor(), 5000);

        NodeMetrics m = runner.metrics();
        assertThat(m.status()).isNotEqualTo(NodeStatus.FAILED);
        assertThat(m.swaps()).isZero();
        assertThat(m.message()).contains("new instance of proc could not be prepared");
    }

    @Test
    void aNodeLeftWithoutInstanceByARefusedSwapIsReportedFailed() throws Exception {
        start(new FlakyProcessor(Integer.MAX_VALUE), new RunOptions(0, 100, 10_000, 60_000, 1000));

        runner.withdraw(firstRef, 5000); // in-place update: the old one is gone
        runner.offer(new FakeServiceReference(2), new RefusingProcessor(), 5000);

        NodeMetrics m = runner.metrics();
        assertThat(m.status()).isEqualTo(NodeStatus.FAILED);
        String line = new StatusLine().format(new RunSnapshot(1_000_000_000L, List.of(m), List.of(), 0, Map.of()));
        assertThat(line).contains("new instance of proc could not be prepared").contains("queueing");
    }
}
