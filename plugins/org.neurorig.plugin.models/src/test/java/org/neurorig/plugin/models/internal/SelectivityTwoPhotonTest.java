package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.adapter.sim.internal.SimSources;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * model.selectivity on sim.twophoton (10 minutes at 30 Hz, 2,000 neurons, 10 % selective for one
 * of two textures, mean d' 1): ranked by |d'| between the two textures' corridors, the truly
 * selective neurons come first — area under the ROC curve ≥ 0.95.
 */
class SelectivityTwoPhotonTest {
    @TempDir
    Path tmp;

    @Test
    void topDPrimeNeuronsAreTheSelectiveOnes() throws Exception {
        Path truthFile = tmp.resolve("truth.json");
        var scope = SimSources.twoPhoton(
                "neurons",
                2000,
                "rateHz",
                30,
                "frames",
                18_000,
                "pace",
                "fast",
                "seed",
                3,
                "selectiveFraction",
                0.1,
                "dPrime",
                1.0,
                "groundTruth",
                truthFile.toString());
        SelectivityModel m = new SelectivityModel();
        m.activate(TestConfig.of(
                SelectivityConfig.class, "conditionA", "leaf1", "conditionB", "circle1", "emitEvery", 300));
        ProcessorRun[] pr = new ProcessorRun[1];
        SourceFeed feed = new SourceFeed(scope, (port, b) -> {
            if (port == 0) {
                pr[0].feed(0, b);
            } else if (port == 2) {
                pr[0].feed(1, b);
            }
        });
        pr[0] = Harness.processor(m, feed.specs.get(0), feed.specs.get(2));
        feed.run(3);
        assertThat(pr[0].out().emittedSamples(0)).isEqualTo(18_000);
        JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());
        JsonNode texture = truth.get("neuron").get("texture");
        int n = texture.size();
        double[] score = new double[n];
        boolean[] selective = new boolean[n];
        for (int i = 0; i < n; i++) {
            score[i] = Math.abs(m.dprime(i));
            selective[i] = texture.get(i).asInt() >= 0;
        }
        double auc = auc(score, selective);
        System.out.printf(
                "selectivity on sim.twophoton: %d/%d frames in leaf1/circle1, AUC of |d'| for the %d selective"
                        + " neurons %.4f%n",
                m.frames(0), m.frames(1), count(selective), auc);
        assertThat(count(selective)).isEqualTo(200);
        assertThat(auc).isGreaterThanOrEqualTo(0.95);
        // the sign says which texture: positive d' = prefers condition A (texture 0)
        int agree = 0;
        for (int i = 0; i < n; i++) {
            if (selective[i]) {
                agree += (m.dprime(i) > 0) == (texture.get(i).asInt() == 0) ? 1 : 0;
            }
        }
        assertThat(agree).isGreaterThanOrEqualTo(190);
    }

    static int count(boolean[] b) {
        int c = 0;
        for (boolean v : b) {
            c += v ? 1 : 0;
        }
        return c;
    }

    /** Probability that a random positive scores above a random negative (ties count half). */
    static double auc(double[] score, boolean[] positive) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < score.length; i++) {
            if (!positive[i]) {
                continue;
            }
            for (int j = 0; j < score.length; j++) {
                if (positive[j]) {
                    continue;
                }
                pairs++;
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }
}
