package org.neurorig.runtime.internal;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeSpec;

/**
 * Runs a {@link Source}: calls read in a loop and backs off while it has nothing (from 20 µs up to
 * 1 ms, so a 1 ms-block device is picked up promptly without spinning a core).
 */
final class SourceRunner extends NodeRunner<Source> {
    private static final long MIN_IDLE_NANOS = 20_000;
    private static final long MAX_IDLE_NANOS = 1_000_000;
    private final NodeSlot.Use<Source> read = this::read;
    private long idleNanos = MIN_IDLE_NANOS;
    /** Blocks the last read emitted; only the runner's thread touches it. */
    private int emitted;

    SourceRunner(NodeSpec spec, RunContext run) {
        super(spec, run, Source.class);
    }

    @Override
    List<StreamSpec> prepareInstance(Source instance) throws Exception {
        return instance.open(this);
    }

    @Override
    void closeInstance(Source instance) {
        try {
            instance.close();
        } catch (Exception e) {
            NodeStatus s = health().status();
            health().set(s, "close failed: " + e.getMessage());
        }
    }

    @Override
    boolean step() throws InterruptedException {
        emitted = 0;
        try {
            if (!serve(System.nanoTime() + 100_000_000L, read)) {
                return true; // no instance yet (an in-place update): wait for it
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable t) {
            callFailed(t);
        }
        RunnerEmitter em = emitter();
        if (em.limitsReached() || em.allEnded()) {
            return false; // the run's duration is reached, or the source has nothing more
        }
        if (emitted > 0) {
            countIn();
            idleNanos = MIN_IDLE_NANOS;
        } else {
            LockSupport.parkNanos(idleNanos);
            idleNanos = Math.min(MAX_IDLE_NANOS, idleNanos * 2);
        }
        return true;
    }

    private void read(Source s) throws Exception {
        health().callStarted();
        emitted = s.read(emitter());
        health().callSucceeded();
    }
}
