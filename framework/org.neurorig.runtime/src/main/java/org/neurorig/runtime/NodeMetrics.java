package org.neurorig.runtime;

import org.neurorig.api.NodeStatus;

/**
 * Health and cost of one node.
 *
 * @param blocksIn          blocks handed to the node (sources: read calls that produced data)
 * @param errors            calls that threw
 * @param restarts          times the runtime re-prepared the node after an error
 * @param overruns          calls longer than the budget
 * @param swaps             hot-swaps to a new component instance
 * @param meanProcessMicros mean duration of a call
 * @param malformed         malformed messages dropped at its input: frames that came from outside the
 *                          JVM; 0 while every input is in-host (blocks are handed over, not encoded)
 */
public record NodeMetrics(
        String name,
        String type,
        NodeStatus status,
        String message,
        long blocksIn,
        long errors,
        long restarts,
        long overruns,
        long swaps,
        double meanProcessMicros,
        long malformed) {}
