package org.neurorig.bench.internal.bus;

/**
 * What {@code neurorig bench bus} measures and for how long.
 *
 * @param channels          int16 channels per block (384 = one Neuropixels probe)
 * @param samplesPerBlock   samples per block (30 = 1 ms at 30 kHz)
 * @param blocksPerSecond   pace of the latency runs (1,000 = one block per ms, as a probe delivers them)
 * @param warmupBlocks      latency blocks sent first and discarded, so that the JIT has compiled the path
 * @param measuredBlocks    latency blocks measured after the warm-up
 * @param throughputWarmupSeconds saturated publishing before the throughput window opens
 * @param throughputSeconds length of the saturated throughput window
 * @param queueBlocks       high-water mark of every queue, in blocks (the runtime's default queue)
 */
public record BusBenchmarkSettings(
        int channels,
        int samplesPerBlock,
        int blocksPerSecond,
        int warmupBlocks,
        int measuredBlocks,
        double throughputWarmupSeconds,
        double throughputSeconds,
        int queueBlocks) {
    /** Bytes at the start of every raw payload that carry the send time and the sequence number. */
    static final int STAMP_BYTES = 16;

    public BusBenchmarkSettings {
        if (channels < 1
                || samplesPerBlock < 1
                || 2L * channels * samplesPerBlock < STAMP_BYTES
                || 2L * channels * samplesPerBlock > 64L << 20) {
            throw new IllegalArgumentException("bad block shape " + channels + " channels x " + samplesPerBlock
                    + " samples: a payload of 16 bytes to 64 MiB is required");
        }
        if (blocksPerSecond < 1 || warmupBlocks < 0 || measuredBlocks < 1 || queueBlocks < 1) {
            throw new IllegalArgumentException("bad latency run: " + blocksPerSecond + " blocks/s, " + warmupBlocks
                    + " warm-up + " + measuredBlocks + " measured blocks, queue " + queueBlocks);
        }
        if (!(throughputWarmupSeconds >= 0) || !(throughputSeconds > 0)) {
            throw new IllegalArgumentException("bad throughput run: " + throughputWarmupSeconds + " s warm-up, "
                    + throughputSeconds + " s measured");
        }
    }

    /** The full run: one probe (384 ch x 30 samples), 2,000 + 5,000 paced blocks, 1 s + 5 s saturated. */
    public static BusBenchmarkSettings full() {
        return new BusBenchmarkSettings(384, 30, 1000, 2000, 5000, 1.0, 5.0, 4000);
    }

    /** {@code --quick}: 1,000 + 2,000 paced blocks, 0.5 s + 2 s saturated. */
    public static BusBenchmarkSettings quick() {
        return new BusBenchmarkSettings(384, 30, 1000, 1000, 2000, 0.5, 2.0, 4000);
    }

    public BusBenchmarkSettings withChannels(int n) {
        return new BusBenchmarkSettings(
                n,
                samplesPerBlock,
                blocksPerSecond,
                warmupBlocks,
                measuredBlocks,
                throughputWarmupSeconds,
                throughputSeconds,
                queueBlocks);
    }

    public BusBenchmarkSettings withThroughputSeconds(double seconds) {
        return new BusBenchmarkSettings(
                channels,
                samplesPerBlock,
                blocksPerSecond,
                warmupBlocks,
                measuredBlocks,
                throughputWarmupSeconds,
                seconds,
                queueBlocks);
    }

    /** Payload bytes of one block (int16). */
    public int payloadBytes() {
        return 2 * channels * samplesPerBlock;
    }
}
