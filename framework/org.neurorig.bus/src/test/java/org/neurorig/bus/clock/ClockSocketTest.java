package org.neurorig.bus.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The clock exchange over real ZeroMQ tcp on loopback, in two threads of one JVM. */
class ClockSocketTest {
    @Test
    void estimatesAPlantedOffsetOverLoopbackTcp() throws Exception {
        // The estimating side's clock runs 3.2 s behind: the offset to the reference is +3.2 s.
        // 600 exchanges in bursts of 3, a burst every 10 ms.
        long planted = -3_217_654_321L;
        LongSupplier reference = System::nanoTime;
        LongSupplier local = () -> System.nanoTime() + planted;
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            int port = router.bindToRandomPort("tcp://127.0.0.1");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong answered = new AtomicLong();
            Thread coordinator = new Thread(
                    () -> {
                        ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
                        dealer.setLinger(0);
                        // JeroMQ 0.6.0 leaves a few % of fresh connections without a handshake until
                        // the handshake timer (30 s) resets them (zeromq/jeromq#1022): retry in 1 s.
                        dealer.setHandshakeIvl(1_000);
                        dealer.setIdentity("coordinator".getBytes(StandardCharsets.US_ASCII));
                        dealer.connect("tcp://127.0.0.1:" + port);
                        dealer.send(ClockLoops.HELLO, 0);
                        answered.set(ClockLoops.answer(dealer, reference, running::get));
                    },
                    "clock-reference");
            coordinator.start();
            ClockSync sync;
            try {
                sync = ClockLoops.estimate(router, local, 600, 10_000_000, 10_000);
            } finally {
                running.set(false);
                coordinator.join(5_000);
            }
            ClockEstimate e = sync.estimate();
            long error = e.offsetNanos() - (-planted);
            System.out.println("ClockSocketTest: error " + error + " ns, " + e);
            assertThat(sync.acceptedReplies()).as("replies used").isGreaterThanOrEqualTo(590);
            assertThat(answered.get()).isEqualTo(600);
            assertThat(e.samples()).isEqualTo(ClockSync.DEFAULT_WINDOW);
            assertThat(Math.abs(error)).as("error %d ns, %s", error, e).isLessThanOrEqualTo(50_000);
            assertThat(Math.abs(error))
                    .as("error within the stated uncertainty, %s", e)
                    .isLessThanOrEqualTo(e.uncertaintyNanos());
        }
    }
}
