package org.neurorig.bus.clock;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.zeromq.ZMQ;

/**
 * The two sides of the clock exchange over ZeroMQ as the control channel runs them (docs/WIRE.md
 * §11): the reference (coordinator) answers on a DEALER connected to the host's ROUTER; the host
 * sends requests over its ROUTER to the DEALER's identity. The clocks are passed in, so a test can
 * plant an offset.
 */
final class ClockLoops {
    /** The DEALER's first message: it tells the ROUTER the identity to send requests to. */
    static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private ClockLoops() {}

    /** The reference side: answers each request at once until {@code running} turns false. */
    static long answer(ZMQ.Socket dealer, LongSupplier clock, BooleanSupplier running) {
        dealer.setReceiveTimeOut(50);
        long answered = 0;
        while (running.getAsBoolean()) {
            byte[] request = dealer.recv(0);
            if (request == null) {
                continue;
            }
            long t2 = clock.getAsLong();
            dealer.send(ClockSync.answer(request, t2, clock.getAsLong()), 0);
            answered++;
        }
        return answered;
    }

    /**
     * The estimating side: waits up to {@code helloMillis} for the reference's hello, then sends
     * {@code exchanges} requests in bursts of {@link ClockSync#BURST} (each next one when the previous
     * reply arrives), a burst every {@code intervalNanos}, and takes every reply.
     */
    static ClockSync estimate(
            ZMQ.Socket router, LongSupplier clock, int exchanges, long intervalNanos, int helloMillis) {
        router.setRouterMandatory(true);
        router.setReceiveTimeOut(helloMillis);
        byte[] peer = router.recv(0);
        if (peer == null) {
            throw new IllegalStateException("no hello from the reference side within " + helloMillis + " ms");
        }
        router.recv(0); // the hello itself
        ClockSync sync = new ClockSync();
        long due = System.nanoTime();
        int sent = 0;
        while (sent < exchanges) {
            due += intervalNanos;
            send(router, peer, sync, clock);
            sent++;
            int burst = 1;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                router.setReceiveTimeOut((int) Math.max(1, wait / 1_000_000));
                if (router.recv(0) == null) {
                    continue;
                }
                byte[] reply = router.recv(0);
                if (sync.onReply(reply, clock.getAsLong()) && burst < ClockSync.BURST && sent < exchanges) {
                    send(router, peer, sync, clock);
                    sent++;
                    burst++;
                }
            }
        }
        return sync;
    }

    private static void send(ZMQ.Socket router, byte[] peer, ClockSync sync, LongSupplier clock) {
        router.send(peer, ZMQ.SNDMORE);
        router.send(sync.request(clock.getAsLong()), 0);
    }
}
