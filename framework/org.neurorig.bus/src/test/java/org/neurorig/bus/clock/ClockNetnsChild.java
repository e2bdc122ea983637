package org.neurorig.bus.clock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.neurorig.api.HostClock;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The host side of {@link ClockNetnsIT}, run in its own JVM inside a network namespace: binds a
 * ROUTER on the given address, prints {@code PORT <n>}, estimates its offset to whoever says hello
 * on {@link HostClock#nowNanos()} and prints {@code ESTIMATE ...}.
 *
 * <p>Arguments: bind address, number of exchanges, interval in ns.
 */
public final class ClockNetnsChild {
    private ClockNetnsChild() {}

    public static void main(String[] args) throws IOException {
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            int port = router.bindToRandomPort("tcp://" + args[0]);
            System.out.println("PORT " + port);
            System.out.flush();
            ClockSync sync;
            try {
                sync = ClockLoops.estimate(
                        router, HostClock::nowNanos, Integer.parseInt(args[1]), Long.parseLong(args[2]), 30_000);
            } catch (IllegalStateException e) {
                // Its sockets, for the test's failure message: a connection without a hello is a stalled handshake.
                Process ss = new ProcessBuilder("ss", "-tan")
                        .redirectErrorStream(true)
                        .start();
                System.out.println(
                        "sockets: " + new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                throw e;
            }
            ClockEstimate e = sync.estimate();
            System.out.println(String.format(
                    Locale.ROOT,
                    "ESTIMATE offsetNanos=%d uncertaintyNanos=%d driftPpm=%.3f minDelayNanos=%d samples=%d"
                            + " accepted=%d ignored=%d",
                    e.offsetNanos(),
                    e.uncertaintyNanos(),
                    e.driftPpm(),
                    e.minDelayNanos(),
                    e.samples(),
                    sync.acceptedReplies(),
                    sync.ignoredReplies()));
        }
    }
}
