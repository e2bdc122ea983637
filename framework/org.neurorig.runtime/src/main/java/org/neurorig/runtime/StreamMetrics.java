package org.neurorig.runtime;

import org.neurorig.api.Kind;

/**
 * Traffic of one stream.
 *
 * @param blocks     blocks published
 * @param samples    samples (rows, items) published
 * @param gaps       missing blocks and unflagged sample jumps seen by its consumers, summed
 * @param drops      blocks not delivered to a live or stalled consumer, summed over consumers
 * @param hopP50Micros median publish-to-receive latency over its consumers (0 without consumers)
 * @param hopP99Micros 99th percentile of the same
 * @param ageP50Micros median time from a block's acquisition ({@code acqTimeNanos}) to its arrival at
 *                     the stream's consumers: the end-to-end latency of the pipeline up to here
 * @param ageP99Micros 99th percentile of the same
 */
public record StreamMetrics(String name, Kind kind, double sampleRate, long blocks, long samples, long gaps,
        long drops, double hopP50Micros, double hopP99Micros, double ageP50Micros, double ageP99Micros) {
}
