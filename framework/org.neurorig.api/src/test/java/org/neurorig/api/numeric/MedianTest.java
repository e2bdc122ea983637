package org.neurorig.api.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MedianTest {
    @Test
    void medianEqualsTheSortedMiddleForOddAndEvenLengths() {
        Random r = new Random(3);
        for (int n = 1; n < 200; n++) {
            float[] a = new float[n + 5]; // only a[0..n) counts
            for (int i = 0; i < a.length; i++) {
                a[i] = i < n ? r.nextInt(20) - 10 : 1e9f; // many ties; junk after n
            }
            float[] sorted = Arrays.copyOf(a, n);
            Arrays.sort(sorted);
            float expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            assertThat(Median.of(a, n)).as("n=" + n).isEqualTo(expected);
        }
    }

    @Test
    void selectFindsEveryOrderStatistic() {
        Random r = new Random(7);
        float[] values = new float[101];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < values.length; k++) {
            assertThat(Median.select(values.clone(), values.length, k))
                    .as("k=" + k)
                    .isEqualTo(sorted[k]);
        }
    }
}
