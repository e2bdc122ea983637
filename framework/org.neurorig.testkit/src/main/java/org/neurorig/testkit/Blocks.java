package org.neurorig.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;

/**
 * Builds input blocks from whole interleaved arrays and joins output blocks back into arrays.
 * Split blocks get {@code seq} 0, 1, …, contiguous {@code firstSample} from 0, and
 * {@code acqTimeNanos = firstSample·1e9/rate} (0 for irregular streams).
 */
public final class Blocks {
    private Blocks() {}

    /** Cuts sample-major interleaved float data of a CONTINUOUS_F32 or MATRIX_F32 stream into blocks. */
    public static List<Block> split(StreamSpec spec, float[] interleaved, int[] blockSizes) {
        if (spec.kind() != Kind.CONTINUOUS_F32 && spec.kind() != Kind.MATRIX_F32) {
            throw new IllegalArgumentException("float data for a " + spec.kind() + " stream " + spec.name());
        }
        checkTotal(spec, interleaved.length, blockSizes);
        List<Block> blocks = new ArrayList<>(blockSizes.length);
        int ch = spec.channelCount();
        long first = 0;
        for (int i = 0; i < blockSizes.length; i++) {
            Block b = start(spec, i, first, blockSizes[i]);
            System.arraycopy(interleaved, Math.toIntExact(first * ch), b.f32(), 0, blockSizes[i] * ch);
            blocks.add(b);
            first += blockSizes[i];
        }
        return blocks;
    }

    /** Cuts sample-major interleaved int16 data of a CONTINUOUS_I16 stream into blocks. */
    public static List<Block> split(StreamSpec spec, short[] interleaved, int[] blockSizes) {
        if (spec.kind() != Kind.CONTINUOUS_I16) {
            throw new IllegalArgumentException("int16 data for a " + spec.kind() + " stream " + spec.name());
        }
        checkTotal(spec, interleaved.length, blockSizes);
        List<Block> blocks = new ArrayList<>(blockSizes.length);
        int ch = spec.channelCount();
        long first = 0;
        for (int i = 0; i < blockSizes.length; i++) {
            Block b = start(spec, i, first, blockSizes[i]);
            System.arraycopy(interleaved, Math.toIntExact(first * ch), b.i16(), 0, blockSizes[i] * ch);
            blocks.add(b);
            first += blockSizes[i];
        }
        return blocks;
    }

    /** Joins the used data of CONTINUOUS_F32 or MATRIX_F32 blocks, in list order. */
    public static float[] concatF32(List<Block> blocks) {
        int total = 0;
        for (Block b : blocks) {
            if (b.kind() != Kind.CONTINUOUS_F32 && b.kind() != Kind.MATRIX_F32) {
                throw new IllegalArgumentException("concatF32 of a " + b.kind() + " block: " + b);
            }
            total = Math.addExact(total, b.sampleCount() * b.channelCount());
        }
        float[] all = new float[total];
        int at = 0;
        for (Block b : blocks) {
            int n = b.sampleCount() * b.channelCount();
            System.arraycopy(b.f32(), 0, all, at, n);
            at += n;
        }
        return all;
    }

    /** Joins the used data of CONTINUOUS_I16 blocks, in list order. */
    public static short[] concatI16(List<Block> blocks) {
        int total = 0;
        for (Block b : blocks) {
            if (b.kind() != Kind.CONTINUOUS_I16) {
                throw new IllegalArgumentException("concatI16 of a " + b.kind() + " block: " + b);
            }
            total = Math.addExact(total, b.sampleCount() * b.channelCount());
        }
        short[] all = new short[total];
        int at = 0;
        for (Block b : blocks) {
            int n = b.sampleCount() * b.channelCount();
            System.arraycopy(b.i16(), 0, all, at, n);
            at += n;
        }
        return all;
    }

    /**
     * Block sizes in {@code min…max} (uniform, from a {@link Random} seeded with {@code seed}) adding
     * up to exactly {@code totalSamples}; the last one is the remainder and may be smaller than min.
     */
    public static int[] randomSizes(long totalSamples, int min, int max, long seed) {
        if (totalSamples < 0 || min < 0 || max < 1 || min > max) {
            throw new IllegalArgumentException("randomSizes(" + totalSamples + ", " + min + ", " + max
                    + "): need totalSamples >= 0 and 0 <= min <= max, max >= 1");
        }
        Random random = new Random(seed);
        int[] sizes = new int[16];
        int count = 0;
        long left = totalSamples;
        while (left > 0) {
            int s = (int) Math.min(left, min + random.nextInt(max - min + 1));
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            sizes[count++] = s;
            left -= s;
        }
        return Arrays.copyOf(sizes, count);
    }

    /** Equal block sizes of {@code blockSize} adding up to {@code totalSamples} (last one the remainder). */
    public static int[] fixedSizes(long totalSamples, int blockSize) {
        return randomSizes(totalSamples, blockSize, blockSize, 0);
    }

    private static void checkTotal(StreamSpec spec, int length, int[] blockSizes) {
        long samples = 0;
        for (int s : blockSizes) {
            if (s < 0) {
                throw new IllegalArgumentException("negative block size " + s + " in " + Arrays.toString(blockSizes));
            }
            samples += s;
        }
        long values = samples * spec.channelCount();
        if (values != length) {
            throw new IllegalArgumentException("block sizes add up to " + samples + " samples × " + spec.channelCount()
                    + " channels = " + values + " values, but the data has " + length);
        }
    }

    private static Block start(StreamSpec spec, int seq, long first, int size) {
        Block b = Block.allocate(spec.kind(), spec.channelCount(), Math.max(1, size));
        BlockStamp.seq(b, seq);
        b.setFirstSample(first);
        b.setSampleCount(size);
        b.setAcqTimeNanos(spec.sampleRate() > 0 ? Math.round(first * 1e9 / spec.sampleRate()) : 0);
        return b;
    }

    /**
     * A 64-bit fingerprint of a block's header fields and used data, computed without allocating
     * (tests that measure allocation feed blocks too).
     */
    public static long fingerprint(Block b) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, b.seq());
        h = mix(h, b.firstSample());
        h = mix(h, b.sampleCount());
        h = mix(h, b.acqTimeNanos());
        h = mix(h, b.flags());
        int n = b.sampleCount();
        switch (b.kind()) {
            case CONTINUOUS_I16 -> {
                short[] d = b.i16();
                for (int i = 0, end = n * b.channelCount(); i < end; i++) {
                    h = mix(h, d[i]);
                }
            }
            case CONTINUOUS_F32, MATRIX_F32 -> {
                float[] d = b.f32();
                for (int i = 0, end = n * b.channelCount(); i < end; i++) {
                    h = mix(h, Float.floatToRawIntBits(d[i]));
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    h = mix(h, b.itemSample()[i]);
                    h = mix(h, b.itemChannel()[i]);
                    h = mix(h, b.itemValue()[i]);
                    if (b.kind() == Kind.EVENTS) {
                        String t = b.itemText()[i];
                        h = mix(h, t == null ? -1 : t.hashCode());
                    }
                }
                float[] w = b.f32();
                for (int i = 0, end = n * b.waveformLength(); i < end; i++) {
                    h = mix(h, Float.floatToRawIntBits(w[i]));
                }
            }
        }
        return h;
    }

    private static long mix(long h, long v) {
        return (h ^ v) * 0x100000001b3L;
    }

    /**
     * Fails when a node changed the block it was handed: in a rig that block is shared with the
     * stream's other consumers (docs/RUNTIME.md), so a node may read it, never write to it.
     */
    static void checkUnchanged(long before, Block after, String role, Object node) {
        if (before != fingerprint(after)) { // the message only then: feeding allocates nothing
            throw new AssertionError(role + " " + Harness.nameOf(node) + " wrote to its input block " + after
                    + ": input blocks are shared with the stream's other consumers; read them, never write"
                    + " (copy what you need to change)");
        }
    }
}
