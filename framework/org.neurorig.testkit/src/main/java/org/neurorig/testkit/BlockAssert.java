package org.neurorig.testkit;

import java.util.List;
import org.neurorig.api.Block;

/** Checks on emitted blocks and their values; failures are {@link AssertionError}s naming the first bad item. */
public final class BlockAssert {
    private BlockAssert() {}

    /**
     * Sequence numbers go up by exactly 1 and, for dense kinds, each block starts at the sample
     * after the previous block's last one.
     */
    public static void assertContinuous(List<Block> blocks) {
        for (int i = 1; i < blocks.size(); i++) {
            Block prev = blocks.get(i - 1);
            Block b = blocks.get(i);
            if (b.seq() != prev.seq() + 1) {
                throw new AssertionError("block " + i + ": seq " + b.seq() + " after seq " + prev.seq() + " (expected "
                        + (prev.seq() + 1) + ")");
            }
            long expected = prev.firstSample() + prev.sampleCount();
            if (b.kind().isDense() && b.firstSample() != expected) {
                throw new AssertionError("block " + i + " (seq " + b.seq() + "): firstSample " + b.firstSample()
                        + ", expected " + expected + " = " + prev.firstSample() + " + " + prev.sampleCount());
            }
        }
    }

    /** The blocks hold {@code expected} samples (rows, items) in all. */
    public static void assertSampleCount(List<Block> blocks, long expected) {
        long n = 0;
        for (Block b : blocks) {
            n += b.sampleCount();
        }
        if (n != expected) {
            throw new AssertionError(blocks.size() + " blocks hold " + n + " samples, expected " + expected);
        }
    }

    /**
     * Same length, and every value within {@code absTol + relTol·|expected|}; NaN matches only NaN.
     */
    public static void assertClose(float[] expected, float[] actual, double relTol, double absTol) {
        if (expected.length != actual.length) {
            throw new AssertionError("length " + actual.length + ", expected " + expected.length);
        }
        int bad = -1;
        int badCount = 0;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            boolean ok = Float.isNaN(e) ? Float.isNaN(a) : Math.abs((double) a - e) <= absTol + relTol * Math.abs(e);
            if (!ok) {
                if (bad < 0) {
                    bad = i;
                }
                badCount++;
            }
        }
        if (bad >= 0) {
            throw new AssertionError("index " + bad + ": " + actual[bad] + ", expected " + expected[bad]
                    + " (tolerance " + absTol + " + " + relTol + "·|expected|); " + badCount + " of "
                    + expected.length + " values out of tolerance");
        }
    }

    /** Same length and identical values. */
    public static void assertEquals(short[] expected, short[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                throw new AssertionError("index " + i + ": " + actual[i] + ", expected " + expected[i]);
            }
        }
    }
}
