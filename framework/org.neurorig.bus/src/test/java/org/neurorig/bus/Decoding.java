package org.neurorig.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How one decoding ended, for the property tests: the reason of a {@link MalformedFrameException},
 * or null when it decoded. Any other exception propagates, so jqwik reports it with its seed and the
 * shrunk input. A decoding slower than {@link #SLOW_MILLIS} fails the try; one that hangs is
 * reported by a watchdog with its input and stack, and after {@link #HANG_SECONDS} the test JVM is
 * stopped, so a hang fails the build with its cause instead of holding CI until its time limit.
 */
final class Decoding {
    /** A try slower than this fails (a decoding of these small inputs takes microseconds). */
    static final long SLOW_MILLIS = 2_000;

    static final long HANG_SECONDS = 60;
    private static final Set<String> REASONS = Set.of(
            "frame-count",
            "bad-topic",
            "bad-magic",
            "short-header",
            "bad-version",
            "unknown-kind",
            "too-large",
            "payload-length",
            "bad-descriptor",
            "shape-mismatch");

    /** A decoding, as the entry points declare it. */
    interface Body {
        void run() throws MalformedFrameException;
    }

    private static volatile long startedNanos;
    private static volatile Object input;
    private static volatile Thread runner;

    static {
        Thread watchdog = new Thread(Decoding::watch, "wire-decoder-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private Decoding() {}

    /** Runs {@code body} on {@code what} (printed if it hangs); returns null or the reason. */
    static String outcome(Object what, Body body) {
        input = what;
        runner = Thread.currentThread();
        long start = System.nanoTime();
        startedNanos = start;
        String reason = null;
        try {
            body.run();
        } catch (MalformedFrameException e) {
            assertThat(e.reason()).as("reason key of: %s", e.getMessage()).isIn(REASONS);
            assertThat(e.getMessage()).as("a sentence for people").isNotBlank();
            reason = e.reason();
        } finally {
            startedNanos = 0;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(millis).as("milliseconds to decode %s", what).isLessThan(SLOW_MILLIS);
        return reason;
    }

    private static void watch() {
        boolean reported = false;
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long started = startedNanos;
            long stuck = started == 0 ? 0 : TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            if (stuck < 10) {
                reported = false;
                continue;
            }
            if (!reported) {
                reported = true;
                StringBuilder b = new StringBuilder("wire decoder stuck for " + stuck + " s on " + input + "\n");
                Thread t = runner;
                if (t != null) {
                    for (StackTraceElement e : t.getStackTrace()) {
                        b.append("\tat ").append(e).append('\n');
                    }
                }
                System.err.print(b);
                System.err.flush();
            }
            if (stuck >= HANG_SECONDS) {
                System.err.println("wire decoder hung for " + stuck + " s: stopping the test JVM");
                System.err.flush();
                Runtime.getRuntime().halt(3);
            }
        }
    }
}
