package org.neurorig.runtime;

import java.util.List;

/**
 * Metrics of a run at one moment.
 *
 * @param elapsedNanos time since acquisition started
 * @param nodes        per node, in topological order
 * @param streams      per stream, in topological order of their producers
 * @param busForwarded messages the host's bus proxy passed between publishers and subscribers
 * @param busMalformed messages the proxy rejected (bad frames from outside), by reason; with a
 *                     CURVE endpoint also {@code curve-refused}, handshakes refused (docs/WIRE.md §1.2)
 */
public record RunSnapshot(
        long elapsedNanos,
        List<NodeMetrics> nodes,
        List<StreamMetrics> streams,
        long busForwarded,
        java.util.Map<String, Long> busMalformed) {}
