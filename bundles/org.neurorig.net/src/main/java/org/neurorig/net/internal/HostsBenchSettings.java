package org.neurorig.net.internal;

import java.util.List;

/**
 * What {@code neurorig bench hosts} measures and for how long. Blocks are int16, 30 samples (1 ms
 * at 30 kHz), of one Neuropixels probe (384 channels: 23,040 payload bytes) and of a small
 * 16-channel stream (960 bytes).
 *
 * @param warmupBlocks            paced blocks sent before the latency is measured (connection, JIT)
 * @param measuredBlocks          paced blocks whose latency is measured
 * @param blocksPerSecond         the paced rate
 * @param throughputWarmupSeconds flat out before the throughput window opens
 * @param throughputSeconds       the throughput window
 */
record HostsBenchSettings(
        int warmupBlocks,
        int measuredBlocks,
        int blocksPerSecond,
        double throughputWarmupSeconds,
        double throughputSeconds) {
    static final int SAMPLES_PER_BLOCK = 30;
    static final List<Integer> CHANNELS = List.of(384, 16);

    HostsBenchSettings {
        if (warmupBlocks < 0 || measuredBlocks < 1 || blocksPerSecond < 1) {
            throw new IllegalArgumentException("warm-up " + warmupBlocks + ", measured " + measuredBlocks + ", rate "
                    + blocksPerSecond + ": expected ≥ 0, ≥ 1, ≥ 1");
        }
        if (!(throughputWarmupSeconds >= 0) || !(throughputSeconds > 0)) {
            throw new IllegalArgumentException("throughput warm-up " + throughputWarmupSeconds + " s, window "
                    + throughputSeconds + " s: expected ≥ 0 and > 0");
        }
    }

    /** A run for a quiet machine: 2 s of paced warm-up, 10 s measured, 5 s windows (about 3 minutes). */
    static HostsBenchSettings full() {
        return new HostsBenchSettings(2_000, 10_000, 1_000, 1.0, 5.0);
    }

    /** A check that everything works, in a few seconds per row; its numbers are not for quoting. */
    static HostsBenchSettings quick() {
        return new HostsBenchSettings(200, 500, 1_000, 0.25, 0.5);
    }

    HostsBenchSettings withThroughputSeconds(double seconds) {
        return new HostsBenchSettings(warmupBlocks, measuredBlocks, blocksPerSecond, throughputWarmupSeconds, seconds);
    }

    /** Payload bytes of one block of {@code channels} int16 channels. */
    static int payloadBytes(int channels) {
        return channels * SAMPLES_PER_BLOCK * Short.BYTES;
    }
}
