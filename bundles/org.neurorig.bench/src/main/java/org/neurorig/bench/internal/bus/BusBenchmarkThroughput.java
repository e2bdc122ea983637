package org.neurorig.bench.internal.bus;

/**
 * Saturated throughput of one lossless path: blocks the receiver took in during the measured window,
 * and whether every block published over the whole run (warm-up included) arrived.
 *
 * @param path           what was measured, e.g. {@code NeuroRig StreamPublisher->InputPort}
 * @param transport      {@code inproc} or {@code tcp}
 * @param payloadBytes   payload bytes per block
 * @param seconds        length of the measured window
 * @param windowBlocks   blocks received within the window
 * @param published      blocks sent over the whole run
 * @param received       blocks received over the whole run
 * @param missingBlocks  sequence numbers the receiver never saw (its SeqTracker's count for NeuroRig)
 */
public record BusBenchmarkThroughput(
        String path,
        String transport,
        int payloadBytes,
        double seconds,
        long windowBlocks,
        long published,
        long received,
        long missingBlocks) {

    public double blocksPerSecond() {
        return windowBlocks / seconds;
    }

    /** Payload megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        return blocksPerSecond() * payloadBytes / 1e6;
    }

    /** One probe-equivalent is 1,000 blocks per second of this size (a probe's 1 ms blocks). */
    public double probeEquivalents() {
        return blocksPerSecond() / 1000.0;
    }

    /** True when nothing was lost: every published block arrived and no sequence number was skipped. */
    public boolean lossless() {
        return missingBlocks == 0 && received == published;
    }
}
