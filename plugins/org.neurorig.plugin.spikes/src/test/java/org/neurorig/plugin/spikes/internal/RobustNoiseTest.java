package org.neurorig.plugin.spikes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustNoiseTest {
    @Test
    void sigmaOfGaussianNoiseIsFoundDespiteLargeSpikes() {
        RobustNoise noise = new RobustNoise(2, 2048, 3);
        Random r = new Random(5);
        float[] row = new float[2];
        for (int s = 0; s < 3 * 2048; s++) {
            row[0] = (float) (10 * r.nextGaussian());
            row[1] = (float) (3 * r.nextGaussian() + 100) + (s % 97 == 0 ? -500 : 0); // offset and spikes
            noise.offer(row, 0);
        }
        assertThat(noise.ready()).isTrue();
        noise.update(0);
        noise.update(1);
        assertThat(noise.sigma(0)).isCloseTo(10, within(0.6));
        assertThat(noise.sigma(1)).isCloseTo(3, within(0.2));
    }

    /**
     * Channels across several tiles (the last one partial), rows offered from an offset, a window
     * wrapped more than once: every channel's estimate is the MAD of exactly its last
     * {@code capacity} kept values (computed here by sorting), and a snapshot, written channel by
     * channel, restores the same window into a fresh instance.
     */
    @Test
    void everyChannelOfEveryTileSeesItsOwnWindow() {
        int channels = 2 * RobustNoise.TILE + 5;
        int capacity = 64;
        int stride = 3;
        RobustNoise noise = new RobustNoise(channels, capacity, stride);
        Random r = new Random(9);
        float[] row = new float[channels + 4];
        float[][] kept = new float[channels][capacity];
        int rows = 5 * capacity * stride + 7;
        int keptCount = 0;
        for (int s = 0; s < rows; s++) {
            for (int c = 0; c < channels; c++) {
                row[4 + c] = (float) ((1 + c) * r.nextGaussian() + c);
            }
            noise.offer(row, 4);
            if (s % stride == 0) {
                for (int c = 0; c < channels; c++) {
                    kept[c][keptCount % capacity] = row[4 + c];
                }
                keptCount++;
            }
        }
        for (int c = 0; c < channels; c++) {
            noise.update(c);
            assertThat(noise.sigma(c)).as("channel %d", c).isEqualTo(mad(kept[c]) / RobustNoise.MAD_TO_SIGMA);
        }
        ByteBuffer b = ByteBuffer.allocate(noise.snapshotBytes());
        noise.write(b);
        assertThat(b.position()).isEqualTo(b.capacity());
        // channel-major after the five ints: channel 1's values start capacity floats after channel 0's
        float[] window1 = new float[capacity];
        for (int i = 0; i < capacity; i++) {
            window1[i] = b.getFloat(20 + 4 * (capacity + i));
        }
        float[] sortedKept = kept[1].clone();
        Arrays.sort(sortedKept);
        Arrays.sort(window1);
        assertThat(window1).containsExactly(sortedKept);
        RobustNoise copy = new RobustNoise(channels, capacity, stride);
        b.flip();
        copy.read(b);
        for (int c = 0; c < channels; c++) {
            copy.update(c);
            assertThat(copy.sigma(c)).isEqualTo(noise.sigma(c));
        }
    }

    /** median(|x − median(x)|) for an even count, as {@code Median.of} defines it (mean of the middle two). */
    private static double mad(float[] x) {
        float[] v = x.clone();
        Arrays.sort(v);
        float med = middle(v);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(x[i] - med);
        }
        Arrays.sort(v);
        return middle(v);
    }

    private static float middle(float[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
