package org.neurorig.testkit;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.neurorig.api.Processor;
import org.neurorig.api.Sink;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;

/**
 * Drives one node headless, synchronously on the calling thread, the way the runtime would:
 * {@code open}/{@code prepare} first, then blocks one at a time. Exceptions thrown by the node
 * propagate unchanged when unchecked and as {@link AssertionError} (with the cause) when checked.
 */
public final class Harness {
    /** Consecutive {@code read()} calls returning 0 after which {@link #runSource(Source, long)} gives up. */
    public static final int DEFAULT_MAX_IDLE_CALLS = 5000;
    /** Pause after a {@code read()} that returned 0, so real-time sources have time to become due. */
    private static final long IDLE_PARK_NANOS = 1_000_000L;

    private Harness() {}

    /** What a source run produced: the declared streams, the emitted blocks and the status reports. */
    public record SourceRun(List<StreamSpec> specs, CollectingEmitter out, TestContext context) {}

    /**
     * open() the source, then read() until at least {@code samples} samples were emitted on port 0,
     * then close() it. A read() that returns 0 is followed by a 1 ms pause (like the runtime's
     * back-off); {@link #DEFAULT_MAX_IDLE_CALLS} such calls in a row fail with an
     * {@link AssertionError} naming the source.
     */
    public static SourceRun runSource(Source s, long samples) {
        return runSource(s, samples, DEFAULT_MAX_IDLE_CALLS);
    }

    /** As {@link #runSource(Source, long)}, giving up after {@code maxIdleCalls} zero reads in a row. */
    public static SourceRun runSource(Source s, long samples, int maxIdleCalls) {
        TestContext context = new TestContext(nameOf(s));
        List<StreamSpec> specs = open(s, context);
        CollectingEmitter out = new CollectingEmitter(specs);
        int idle = 0;
        long calls = 0;
        while (out.emittedSamples(0) < samples) {
            int n = read(s, out);
            calls++;
            if (n > 0) {
                idle = 0;
                continue;
            }
            if (++idle >= maxIdleCalls) {
                throw new AssertionError("source " + nameOf(s) + " returned 0 from read() " + idle
                        + " times in a row after emitting " + out.emittedSamples(0) + " of " + samples
                        + " samples on port 0 (" + calls + " calls in all)");
            }
            LockSupport.parkNanos(IDLE_PARK_NANOS);
        }
        close(s);
        return new SourceRun(specs, out, context);
    }

    /**
     * open() the source, then read() without pausing until it returned 0 {@code idleCalls} times
     * in a row, then close() it. For sources that end (a sample limit, a file played to its end).
     */
    public static SourceRun drainSource(Source s, int idleCalls) {
        TestContext context = new TestContext(nameOf(s));
        List<StreamSpec> specs = open(s, context);
        CollectingEmitter out = new CollectingEmitter(specs);
        int idle = 0;
        while (idle < idleCalls) {
            idle = read(s, out) > 0 ? 0 : idle + 1;
        }
        close(s);
        return new SourceRun(specs, out, context);
    }

    /**
     * Checks the inputs against the class's {@code @NodeType} as the runtime does (an
     * {@link IllegalArgumentException} naming what was expected), then prepare(inputs) and a handle
     * to feed blocks.
     */
    public static ProcessorRun processor(Processor p, StreamSpec... inputs) {
        TestContext context = new TestContext(nameOf(p));
        DeclaredNodeType.checkInputs(p, List.of(inputs));
        List<StreamSpec> outputs;
        try {
            outputs = p.prepare(List.of(inputs), context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("processor " + nameOf(p) + " failed in prepare(" + List.of(inputs) + ")", e);
        }
        if (outputs == null) {
            throw new AssertionError("processor " + nameOf(p) + " returned null from prepare()");
        }
        return new ProcessorRun(p, outputs, context);
    }

    /** Checks the inputs against the class's {@code @NodeType}, then prepare(inputs) and a handle to feed blocks. */
    public static SinkRun sink(Sink s, StreamSpec... inputs) {
        TestContext context = new TestContext(nameOf(s));
        DeclaredNodeType.checkInputs(s, List.of(inputs));
        try {
            s.prepare(List.of(inputs), context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("sink " + nameOf(s) + " failed in prepare(" + List.of(inputs) + ")", e);
        }
        return new SinkRun(s, context);
    }

    static String nameOf(Object node) {
        return node.getClass().getSimpleName();
    }

    private static List<StreamSpec> open(Source s, TestContext context) {
        List<StreamSpec> specs;
        try {
            specs = s.open(context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("source " + nameOf(s) + " failed in open()", e);
        }
        if (specs == null || specs.isEmpty()) {
            throw new AssertionError("source " + nameOf(s) + " declared no output streams in open()");
        }
        return specs;
    }

    private static int read(Source s, CollectingEmitter out) {
        int n;
        try {
            n = s.read(out);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("source " + nameOf(s) + " failed in read()", e);
        }
        if (n < 0) {
            throw new AssertionError("source " + nameOf(s) + " returned " + n + " from read()");
        }
        return n;
    }

    private static void close(Source s) {
        try {
            s.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("source " + nameOf(s) + " failed in close()", e);
        }
    }
}
