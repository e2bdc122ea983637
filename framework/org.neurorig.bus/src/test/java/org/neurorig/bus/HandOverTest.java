package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.zeromq.ZContext;

/**
 * The in-JVM hand-over: a published block is shared by every consumer and reused only after the
 * last one released it; full queues wait (lossless) or drop (live, shedding) and both are counted
 * exactly; and handing a block over allocates nothing.
 */
class HandOverTest {
    private static final StreamSpec AP = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
            .channelCount(384)
            .sampleRate(30_000)
            .blockSamples(30)
            .source("probe")
            .build();
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ZContext zmq = new ZContext();

    @AfterEach
    void close() {
        zmq.close();
    }

    /** Every value of block {@code seq} is {@code seq} (mod 2^15), so a reused block shows at once. */
    private static void fill(Block b, long seq) {
        b.setSampleCount(AP.blockSamples());
        b.setFirstSample(seq * AP.blockSamples());
        java.util.Arrays.fill(b.i16(), 0, AP.blockSamples() * AP.channelCount(), (short) (seq & 0x7fff));
    }

    /** Counts blocks whose values are not all their seq's, looking twice, the second time after a while. */
    private static final class Checker extends Thread {
        final InputPort port;
        final long total;
        final long lingerNanos;
        final AtomicLong received = new AtomicLong();
        final AtomicLong corrupted = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Checker(String name, Edge edge, long total, long lingerNanos) {
            super("consumer-" + name);
            this.port = new InputPort(name, List.of(AP), 100);
            port.attach(edge, 0);
            this.total = total;
            this.lingerNanos = lingerNanos;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                long deadline = System.nanoTime() + DEADLINE_NANOS;
                while (received.get() < total && System.nanoTime() < deadline) {
                    Block b = port.poll();
                    if (b == null) {
                        continue;
                    }
                    short want = (short) (b.seq() & 0x7fff);
                    boolean bad = !allEqual(b, want);
                    if (lingerNanos > 0) { // a slow consumer: the producer runs on meanwhile
                        long until = System.nanoTime() + lingerNanos;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        bad |= !allEqual(b, want);
                    }
                    if (bad) {
                        corrupted.incrementAndGet();
                    }
                    received.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                port.close();
            }
        }

        private static boolean allEqual(Block b, short v) {
            short[] d = b.i16();
            int n = b.sampleCount() * b.channelCount();
            for (int i = 0; i < n; i++) {
                if (d[i] != v) {
                    return false;
                }
            }
            return true;
        }
    }

    @Test
    void aBlockIsReusedOnlyAfterItsSlowestConsumerReleasedIt() throws Exception {
        Edge fast = new Edge("fast", Delivery.LOSSLESS, 4);
        Edge slow = new Edge("slow", Delivery.LOSSLESS, 4);
        int total = 3000;
        Checker f = new Checker("fast", fast, total, 0);
        Checker s = new Checker("slow", slow, total, 50_000); // holds each block 50 µs longer
        f.start();
        s.start();
        try (StreamPublisher pub = new StreamPublisher(zmq, AP, List.of(fast, slow), null, 4)) {
            for (long i = 0; i < total; i++) {
                Block b = pub.block();
                assertThat(b.sampleCount()).isZero(); // a fresh block each time, cleared
                fill(b, i);
                pub.publish();
            }
        }
        f.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
        s.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
        assertThat(f.failure.get()).isNull();
        assertThat(s.failure.get()).isNull();
        assertThat(f.received.get()).isEqualTo(total);
        assertThat(s.received.get()).isEqualTo(total);
        assertThat(f.corrupted.get())
                .as("blocks the fast consumer saw overwritten")
                .isZero();
        assertThat(s.corrupted.get())
                .as("blocks the slow consumer saw overwritten")
                .isZero();
        assertThat(f.port.tracker(0).missingBlocks()).isZero();
        assertThat(s.port.tracker(0).missingBlocks()).isZero();
        assertThat(s.port.tracker(0).sampleGaps()).isZero();
        assertThat(fast.dropped() + slow.dropped()).isZero();
        assertThat(fast.sent()).isEqualTo(total);
        assertThat(slow.sent()).isEqualTo(total);
    }

    @Test
    void aLiveQueueDropsExactlyWhatDoesNotFit() throws Exception {
        Edge live = new Edge("view", Delivery.LIVE, 3);
        InputPort port = new InputPort("view", List.of(AP), 100);
        port.attach(live, 0);
        try (StreamPublisher pub = new StreamPublisher(zmq, AP, List.of(live), null, 3)) {
            for (long i = 0; i < 10; i++) {
                fill(pub.block(), i);
                pub.publish();
            }
            assertThat(live.sent()).isEqualTo(3);
            assertThat(live.dropped()).isEqualTo(7);
            assertThat(live.waits()).isZero();
            for (long i = 0; i < 3; i++) { // the first three, intact
                Block b = port.poll();
                assertThat(b.seq()).isEqualTo(i);
                assertThat(b.i16()[AP.channelCount() * AP.blockSamples() - 1]).isEqualTo((short) i);
            }
            assertThat(port.poll()).isNull();
            assertThat(port.tracker(0).missingBlocks()).isZero(); // nothing after seq 2 arrived yet
            fill(pub.block(), 10);
            pub.publish();
            assertThat(port.poll().seq()).isEqualTo(10);
            assertThat(port.tracker(0).missingBlocks()).isEqualTo(7);
        } finally {
            port.close();
        }
    }

    @Test
    void aFullLosslessQueueMakesThePublisherWaitOnceABlockAndWakesItWithoutPolling() throws Exception {
        Edge lossless = new Edge("rec", Delivery.LOSSLESS, 3);
        InputPort port = new InputPort("rec", List.of(AP), 100);
        port.attach(lossless, 0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        StreamPublisher pub = new StreamPublisher(zmq, AP, List.of(lossless), null, 3);
        Thread producer = new Thread(() -> {
            try {
                for (long i = 0; i < 6; i++) {
                    fill(pub.block(), i);
                    pub.publish();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        producer.start();
        try {
            // Blocks 0–2 fill the queue; 3 waits. Each take lets exactly one more in.
            for (int waits = 1; waits <= 3; waits++) {
                long w = waits;
                await(() -> lossless.waits() == w && isParked(producer), "the publisher waiting, wait #" + w);
                assertThat(pub.published()).isEqualTo(2 + waits);
                assertThat(port.poll().seq()).isEqualTo(waits - 1);
            }
            producer.join(10_000);
            assertThat(failure.get()).isNull();
            assertThat(pub.published()).isEqualTo(6);
            assertThat(lossless.waits()).isEqualTo(3); // blocks 3, 4 and 5
            assertThat(lossless.sent()).isEqualTo(6);
            assertThat(lossless.dropped()).isZero();
            for (long i = 3; i < 6; i++) {
                assertThat(port.poll().seq()).isEqualTo(i);
            }

            // A consumer marked shedding while the publisher waits for it: that block is dropped.
            Thread more = new Thread(() -> {
                try {
                    for (long i = 6; i < 10; i++) {
                        fill(pub.block(), i);
                        pub.publish();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            more.start();
            await(() -> lossless.waits() == 4 && isParked(more), "the publisher waiting for block 9");
            lossless.setShedding(true);
            more.join(10_000);
            assertThat(more.isAlive()).isFalse();
            assertThat(lossless.sent()).isEqualTo(9);
            assertThat(lossless.dropped()).isEqualTo(1);
        } finally {
            producer.interrupt();
            port.close();
            pub.close();
        }
    }

    @Test
    void handingBlocksOverAllocatesNothingOnEitherThread() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Edge a = new Edge("a", Delivery.LOSSLESS, 64);
        Edge b = new Edge("b", Delivery.LOSSLESS, 64);
        int warm = 10_000;
        int measured = 30_000;
        Checker ca = new Checker("a", a, warm + measured, 0);
        Checker cb = new Checker("b", b, warm + measured, 0);
        ca.start();
        cb.start();
        long[] ids = {Thread.currentThread().getId(), ca.getId(), cb.getId()};
        long before = 0;
        long blocksBefore = 0;
        try (StreamPublisher pub = new StreamPublisher(zmq, AP, List.of(a, b), null, 64)) {
            for (long i = 0; i < warm + measured; i++) {
                if (i == warm) { // pool, views and JIT warm by now
                    await(() -> ca.received.get() >= warm - 64 && cb.received.get() >= warm - 64, "warm-up");
                    blocksBefore = ca.received.get() + cb.received.get();
                    before = sum(threads.getThreadAllocatedBytes(ids));
                }
                fill(pub.block(), i);
                pub.publish();
            }
            await(
                    () -> ca.received.get() == warm + measured && cb.received.get() == warm + measured,
                    "every block at both consumers");
            long after = sum(threads.getThreadAllocatedBytes(ids));
            long handed = ca.received.get() + cb.received.get() - blocksBefore;
            double perBlock = (after - before) / (double) handed;
            // Generous: a block of this stream is 23 KB, so one copy or decode per hop would be
            // ~23,000 B; the checkers' own loop and the JIT's deoptimisations stay far below 64 B.
            assertThat(perBlock).as("bytes allocated per block handed over").isLessThan(64);
        }
        ca.join(10_000);
        cb.join(10_000);
        assertThat(ca.corrupted.get() + cb.corrupted.get()).isZero();
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += Math.max(0, x);
        }
        return s;
    }

    private static boolean isParked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.TIMED_WAITING || s == Thread.State.WAITING;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    @Test
    void cancelPollEndsAWaitAtOnceAndOnlyWhenNothingIsQueued() throws Exception {
        Edge e = new Edge("c", Delivery.LOSSLESS, 4);
        InputPort port = new InputPort("c", List.of(AP), 60_000); // a wait that would last a minute
        port.attach(e, 0);
        AtomicReference<Object> got = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                got.set(port.poll() == null ? "null" : "block");
            } catch (InterruptedException ex) {
                got.set(ex);
            }
        });
        consumer.start();
        await(() -> isParked(consumer), "the consumer waiting");
        port.cancelPoll();
        consumer.join(10_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(got.get()).isEqualTo("null");

        try (StreamPublisher pub = new StreamPublisher(zmq, AP, List.of(e), null, 4)) {
            fill(pub.block(), 0);
            pub.publish();
            port.cancelPoll();
            assertThat(port.poll().seq()).isZero(); // a queued block comes first
            assertThat(port.poll()).isNull(); // then the cancel, at once
        } finally {
            port.close();
        }
    }

    @Test
    void aPoolGrownByABacklogShrinksOnceTheConsumerKeepsUp() throws Exception {
        Edge e = new Edge("late", Delivery.LOSSLESS, 500);
        InputPort port = new InputPort("late", List.of(AP), 100);
        port.attach(e, 0);
        try (StreamPublisher pub = new StreamPublisher(zmq, AP, List.of(e), null, 500)) {
            for (long i = 0; i < 300; i++) { // the consumer is late: 300 blocks wait for it
                fill(pub.block(), i);
                pub.publish();
            }
            assertThat(pub.pooledBlocks()).isGreaterThanOrEqualTo(300);
            long seq = 0;
            for (; seq < 300; seq++) {
                assertThat(port.poll().seq()).isEqualTo(seq);
            }
            for (long i = 300; i < 300 + 3 * BlockPool.TRIM_TAKES; i++) { // now it keeps up
                fill(pub.block(), i);
                pub.publish();
                Block b = port.poll();
                assertThat(b.seq()).isEqualTo(seq++);
                assertThat(b.i16()[0]).isEqualTo((short) (b.seq() & 0x7fff));
            }
            // three in use at most when one is taken (the one queued, the one read, the new one)
            assertThat(pub.pooledBlocks()).isLessThanOrEqualTo(3 + BlockPool.SLACK);
            assertThat(port.tracker(0).missingBlocks()).isZero();
        } finally {
            port.close();
        }
    }
}
