package org.neurorig.runtime.internal;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeSpec;

/**
 * Runs a {@link Source}: calls read in a loop and backs off while it has nothing (from 20 µs up to
 * 1 ms, so a 1 ms-block device is picked up promptly without spinning a core).
 */
final class SourceRunner extends NodeRunner {
    private static final long MIN_IDLE_NANOS = 20_000;
    private static final long MAX_IDLE_NANOS = 1_000_000;
    private long idleNanos = MIN_IDLE_NANOS;

    SourceRunner(NodeSpec spec, RunContext run) {
        super(spec, run);
    }

    @Override
    List<StreamSpec> prepareInstance(Object instance) throws Exception {
        return ((Source) instance).open(this);
    }

    @Override
    void closeInstance(Object instance) {
        try {
            ((Source) instance).close();
        } catch (Exception e) {
            setStatus(currentStatus(), "close failed: " + e.getMessage());
        }
    }

    @Override
    boolean step() throws InterruptedException {
        int n;
        slot.lock.lock();
        try {
            slot.applyIfDirty();
            Source s = (Source) slot.awaitCurrent(System.nanoTime() + 100_000_000L);
            if (s == null) {
                return true;
            }
            callStarted();
            try {
                n = s.read(emitter);
                callSucceeded();
            } catch (InterruptedException e) {
                throw e;
            } catch (Throwable t) {
                callFailed(t);
                n = 0;
            }
        } finally {
            slot.lock.unlock();
        }
        if (emitter.limitsReached() || emitter.allEnded()) {
            return false; // the run's duration is reached, or the source has nothing more
        }
        if (n > 0) {
            blocksIn++;
            idleNanos = MIN_IDLE_NANOS;
        } else {
            LockSupport.parkNanos(idleNanos);
            idleNanos = Math.min(MAX_IDLE_NANOS, idleNanos * 2);
        }
        return true;
    }
}
