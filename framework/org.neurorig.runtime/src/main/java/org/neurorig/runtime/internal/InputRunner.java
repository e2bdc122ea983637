package org.neurorig.runtime.internal;

import org.neurorig.api.Block;
import org.neurorig.config.NodeSpec;

/** A runner fed by an input queue: one call to the node per received block. */
abstract class InputRunner extends NodeRunner {
    InputRunner(NodeSpec spec, RunContext run) {
        super(spec, run);
    }

    /** Hands one block to the instance (process or accept). */
    abstract void call(Object instance, Block in) throws Exception;

    @Override
    final boolean step() throws InterruptedException {
        Block in = port.poll();
        if (in == null) {
            return true;
        }
        blocksIn++;
        slot.lock.lock();
        try {
            slot.applyIfDirty();
            Object instance = slot.awaitCurrent(System.nanoTime() + FOREVER_NANOS);
            callStarted();
            try {
                call(instance, in);
                callSucceeded();
            } catch (InterruptedException e) {
                throw e;
            } catch (Throwable t) {
                callFailed(t);
            }
        } finally {
            slot.lock.unlock();
        }
        return true;
    }
}
