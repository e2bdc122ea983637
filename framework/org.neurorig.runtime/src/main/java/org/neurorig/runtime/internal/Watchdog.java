package org.neurorig.runtime.internal;

import java.util.function.BooleanSupplier;

/**
 * Checks every 20 ms whether a node's call has run past its hang limit (the node is then marked
 * STALLED and its input shed), until the run has ended.
 */
final class Watchdog {
    private static final long PERIOD_MILLIS = 20;

    private Watchdog() {}

    /** Starts the watchdog's daemon thread over the run's nodes. */
    static Thread start(RunWiring wiring, BooleanSupplier ended) {
        Thread t = new Thread(
                () -> {
                    while (!ended.getAsBoolean()) {
                        long now = System.nanoTime();
                        for (NodeRunner<?> r : wiring.runners()) {
                            r.health().checkHang(now);
                        }
                        try {
                            Thread.sleep(PERIOD_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "neurorig-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
