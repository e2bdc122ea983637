package org.neurorig.runtime;

/**
 * How to run a pipeline.
 *
 * @param durationSeconds stop every source after this much data (per its sample rate); 0 = until stopped
 * @param queueBlocks     capacity of each node's input queue, in blocks
 * @param budgetMillis    a call to a node longer than this counts as an overrun; three in a row mark it STALLED
 * @param hangMillis      a call still running after this long marks the node STALLED at once
 * @param startMillis     how long the start waits for each node's component to appear
 * @param strict          all or nothing: the start fails when any node cannot start; otherwise such a
 *                        node is shown OFFLINE or FAILED with the reason, retried, and the rest runs
 */
public record RunOptions(
        double durationSeconds, int queueBlocks, long budgetMillis, long hangMillis, long startMillis, boolean strict) {
    public RunOptions {
        if (!(durationSeconds >= 0) || queueBlocks < 1 || budgetMillis < 1 || hangMillis < 1 || startMillis < 1) {
            throw new IllegalArgumentException("bad run options: " + durationSeconds + "s, queue "
                    + queueBlocks + ", budget " + budgetMillis + " ms, hang " + hangMillis + " ms, start "
                    + startMillis + " ms");
        }
    }

    /** Not strict. */
    public RunOptions(double durationSeconds, int queueBlocks, long budgetMillis, long hangMillis, long startMillis) {
        this(durationSeconds, queueBlocks, budgetMillis, hangMillis, startMillis, false);
    }

    /** Runs until stopped, 4,000-block queues (4 s of 1 ms blocks), 100 ms budget, 2 s hang limit, not strict. */
    public static RunOptions defaults() {
        return new RunOptions(0, 4000, 100, 2000, 15000, false);
    }

    public RunOptions withDuration(double seconds) {
        return new RunOptions(seconds, queueBlocks, budgetMillis, hangMillis, startMillis, strict);
    }

    public RunOptions withStrict(boolean all) {
        return new RunOptions(durationSeconds, queueBlocks, budgetMillis, hangMillis, startMillis, all);
    }
}
