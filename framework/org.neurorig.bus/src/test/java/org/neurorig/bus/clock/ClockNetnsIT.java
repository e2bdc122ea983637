package org.neurorig.bus.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.neurorig.api.HostClock;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * Clock sync between two processes in two network namespaces joined by a veth pair (issue 14, part
 * 3): the child host runs {@code planted} ns ahead through the test-only
 * {@code neurorig.clock.testOffsetNanos}; this process is the reference. Both read one physical
 * clock, so the true offset (reference − child) is −planted, and the estimate must be within 50 µs.
 * Needs root for {@code ip netns}: skipped with a message where that is not permitted, but never
 * under {@code CI=true}.
 */
class ClockNetnsIT {
    private static final long PLANTED = 123_456_789;
    private static final Pattern ESTIMATE = Pattern.compile("ESTIMATE offsetNanos=(-?\\d+) uncertaintyNanos=(\\d+).*");

    @Test
    void estimateAcrossNamespacesMatchesThePlantedOffset() throws Exception {
        Random rnd = new Random();
        String tag = String.format("%06x", rnd.nextInt(1 << 24));
        String ns = "nrclock-" + tag;
        String hostSide = "nrck" + tag + "a";
        String childSide = "nrck" + tag + "b";
        String subnet = freeSubnet(rnd);
        String hostAddress = subnet + ".1";
        String childAddress = subnet + ".2";
        Process child = null;
        try {
            Result add = ip("netns", "add", ns);
            if (add.code != 0) {
                String why = "`ip netns add` is not permitted here (" + add.output.strip() + ")";
                if ("true".equals(System.getenv("CI"))) {
                    fail(why + "; under CI=true this test must run (as root)");
                }
                Assumptions.abort("ClockNetnsIT skipped: " + why + "; it needs root and runs under CI=true");
            }
            must(ip("link", "add", hostSide, "type", "veth", "peer", "name", childSide));
            must(ip("link", "set", childSide, "netns", ns));
            must(ip("addr", "add", hostAddress + "/24", "dev", hostSide));
            must(ip("link", "set", hostSide, "up"));
            must(ip("netns", "exec", ns, "ip", "addr", "add", childAddress + "/24", "dev", childSide));
            must(ip("netns", "exec", ns, "ip", "link", "set", childSide, "up"));
            must(ip("netns", "exec", ns, "ip", "link", "set", "lo", "up"));

            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            child = new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            ns,
                            java,
                            "-cp",
                            classpath,
                            "-Dneurorig.clock.testOffsetNanos=" + PLANTED,
                            ClockNetnsChild.class.getName(),
                            childAddress,
                            "600",
                            "10000000")
                    .redirectErrorStream(true)
                    .start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            List<String> seen = new ArrayList<>();
            Process running = child;
            Thread reader = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("read failed: " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();

            String portLine = awaitLine(child, lines, seen, "PORT ", 60);
            int port = Integer.parseInt(portLine.substring(5).strip());
            AtomicBoolean answering = new AtomicBoolean(true);
            Queue<String> events = new ConcurrentLinkedQueue<>();
            try (ZContext ctx = new ZContext()) {
                Thread coordinator = new Thread(
                        () -> {
                            ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
                            dealer.setLinger(0);
                            // JeroMQ 0.6.0 leaves a few % of fresh connections without a handshake until
                            // the handshake timer (30 s) resets them (zeromq/jeromq#1022): retry in 1 s.
                            dealer.setHandshakeIvl(1_000);
                            // The connection's events, for the failure message: they tell a stalled
                            // handshake from a network that does not connect.
                            ZMonitor monitor = new ZMonitor(ctx, dealer);
                            monitor.add(ZMonitor.Event.ALL).start();
                            Thread watcher = new Thread(() -> {
                                while (answering.get()) {
                                    ZMonitor.ZEvent ev = monitor.nextEvent(100);
                                    if (ev != null) {
                                        events.add(System.nanoTime() / 1_000_000 + " ms " + ev.type + " " + ev.value);
                                    }
                                }
                                monitor.close();
                            });
                            watcher.start();
                            dealer.connect("tcp://" + childAddress + ":" + port);
                            dealer.send(ClockLoops.HELLO, 0);
                            ClockLoops.answer(dealer, HostClock::nowNanos, answering::get);
                            try {
                                watcher.join(); // its monitor closes before the context does
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "clock-reference");
                coordinator.start();
                try {
                    String estimateLine;
                    try {
                        estimateLine = awaitLine(child, lines, seen, "ESTIMATE ", 60);
                    } catch (AssertionError e) {
                        // The sockets and the dealer's events tell a network that does not connect from a
                        // stalled handshake or a slow child.
                        throw new AssertionError(e.getMessage() + "\nsockets in the namespace: "
                                + ip("netns", "exec", ns, "ss", "-tan").output + "\nsockets here: "
                                + command("ss", "-tan").output + "\nroutes here: "
                                + ip("-4", "route").output + "\ndealer events: " + events);
                    }
                    Matcher m = ESTIMATE.matcher(estimateLine);
                    assertThat(m.matches()).as(estimateLine).isTrue();
                    System.out.println("ClockNetnsIT: " + estimateLine + " (planted " + PLANTED + " ns)");
                    long offset = Long.parseLong(m.group(1));
                    long error = offset - (-PLANTED);
                    assertThat(Math.abs(error))
                            .as("estimated %d ns against the planted %d ns: %s", offset, -PLANTED, estimateLine)
                            .isLessThanOrEqualTo(50_000);
                } finally {
                    answering.set(false);
                    coordinator.join(5_000);
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exits").isTrue();
            assertThat(child.exitValue()).as("child exit, output %s", seen).isZero();
        } finally {
            if (child != null) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // Deleting the namespace deletes the veth end in it, and with it the pair.
            ip("netns", "del", ns);
            ip("link", "del", hostSide);
        }
    }

    /**
     * A 10.x.y.0/24 no interface or route of this machine is on, so the veth pair's route is the only
     * one. x is 251 to 254: CurveNetnsIT takes 1 to 250, and the two may run at once.
     */
    private static String freeSubnet(Random rnd) throws Exception {
        String addresses = ip("-o", "-4", "addr").output;
        String routes = ip("-4", "route").output;
        for (int i = 0; i < 100; i++) {
            String subnet = "10." + (251 + rnd.nextInt(4)) + "." + rnd.nextInt(256);
            if (!addresses.contains(subnet + ".") && !routes.contains(subnet + ".")) {
                return subnet;
            }
        }
        throw new IllegalStateException("no free 10.x.y.0/24 subnet found in 100 tries");
    }

    private static String awaitLine(
            Process child, BlockingQueue<String> lines, List<String> seen, String prefix, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null && !child.isAlive() && lines.isEmpty()) {
                throw new AssertionError("the child exited (" + child.exitValue() + ") before printing '" + prefix
                        + "'; output: " + seen);
            }
            if (line != null) {
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }
        throw new AssertionError(
                "the child printed no '" + prefix + "' line within " + seconds + " s; output: " + seen);
    }

    private record Result(int code, String output) {}

    private static Result ip(String... args) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        return command(cmd.toArray(String[]::new));
    }

    private static Result command(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, List.of(cmd) + " timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, List.of(cmd) + " could not start: " + e.getMessage());
        }
    }

    private static void must(Result r) {
        if (r.code != 0) {
            throw new IllegalStateException("network setup failed: " + r.output.strip());
        }
    }
}
