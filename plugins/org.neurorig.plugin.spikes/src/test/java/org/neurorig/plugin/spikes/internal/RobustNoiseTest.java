package org.neurorig.plugin.spikes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
}
