package org.neurorig.net.internal;

/**
 * Flat-out throughput of one path between hosts, lossless (the sender waits for room, never drops):
 * blocks that arrived within the receiver's measured window, and the whole row's counts (paced
 * latency blocks, warm-up and window together) that must agree for nothing to be lost.
 *
 * @param payloadBytes payload bytes per block (the 64-byte header not counted)
 * @param seconds      length of the receiver's measured window
 * @param windowBlocks blocks that arrived within it
 * @param sent         blocks the sender handed over in the whole row
 * @param received     blocks that arrived in the whole row
 * @param missing      block numbers the receiver never saw
 * @param duplicates   blocks that arrived more than once or out of order
 */
record HostsBenchThroughput(
        int payloadBytes, double seconds, long windowBlocks, long sent, long received, long missing, long duplicates) {

    double blocksPerSecond() {
        return seconds <= 0 ? 0 : windowBlocks / seconds;
    }

    /** Payload megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return blocksPerSecond() * payloadBytes / 1e6;
    }

    /** Blocks sent that never arrived. */
    long lost() {
        return sent - received;
    }

    /** Every block sent arrived, once and in order. */
    boolean lossless() {
        return sent == received && missing == 0 && duplicates == 0;
    }
}
