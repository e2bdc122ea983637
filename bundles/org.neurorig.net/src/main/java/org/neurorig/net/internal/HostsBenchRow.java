package org.neurorig.net.internal;

/**
 * One measured path of {@code neurorig bench hosts}: latency at the paced rate and flat-out
 * throughput, over one connection, of one block size, plaintext or CURVE.
 *
 * @param path     {@link HostsBench#RAW} or {@link HostsBench#EDGE}
 * @param curve    CURVE (the host keys, as every endpoint off loopback uses) or plaintext
 * @param channels int16 channels per 30-sample block
 */
record HostsBenchRow(
        String path, boolean curve, int channels, HostsBenchLatency latency, HostsBenchThroughput throughput) {

    String security() {
        return curve ? "CURVE" : "plaintext";
    }

    /** Nothing lost: every paced block measured, every block of the row arrived once and in order. */
    boolean lossless() {
        return latency.lost() == 0 && throughput.lossless();
    }
}
