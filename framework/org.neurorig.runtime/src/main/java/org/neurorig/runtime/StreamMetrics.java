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
 * @param recentHopP50Micros median hop latency over the last 5–10 s only (0 when nothing arrived);
 *                     what a live display shows, since the figures above keep the start-up
 * @param recentHopP99Micros 99th percentile of the same
 * @param hopP999Micros 99.9th percentile of the hop latency since the start, over its consumers
 */
public record StreamMetrics(
        String name,
        Kind kind,
        double sampleRate,
        long blocks,
        long samples,
        long gaps,
        long drops,
        double hopP50Micros,
        double hopP99Micros,
        double ageP50Micros,
        double ageP99Micros,
        double recentHopP50Micros,
        double recentHopP99Micros,
        double hopP999Micros) {

    /** Without recent figures (they are taken as the figures since the start) nor p99.9 (0). */
    public StreamMetrics(
            String name,
            Kind kind,
            double sampleRate,
            long blocks,
            long samples,
            long gaps,
            long drops,
            double hopP50Micros,
            double hopP99Micros,
            double ageP50Micros,
            double ageP99Micros) {
        this(
                name,
                kind,
                sampleRate,
                blocks,
                samples,
                gaps,
                drops,
                hopP50Micros,
                hopP99Micros,
                ageP50Micros,
                ageP99Micros,
                hopP50Micros,
                hopP99Micros,
                0);
    }
}
