package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.accel.LocalAccelerator;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.models.FeatureSetComparison;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * model.encoding.compare on handwriting-shaped data with known tuning: half the neurons follow
 * pen velocity, half the character identity. The comparison must put ≥ 90 % of them in their
 * true set, and each set's R² must equal a ridge model fitted on that set alone.
 */
class EncodingComparisonTest {

    static FeatureSetComparison compare(LocalAccelerator accel, SyntheticHandwriting d, ProcessorRun[] runOut) {
        EncodingComparisonModel model = new EncodingComparisonModel();
        model.accel = accel;
        model.activate(TestConfig.of(
                EncodingComparisonConfig.class,
                "sets",
                "kinematics, characters",
                "minLag",
                0,
                "maxLag",
                2,
                "folds",
                5,
                "foldRows",
                d.bins / 5,
                "lambdas",
                "1,10,100,1000",
                "fitEvery",
                0));
        StreamSpec bins = StreamSpec.builder("bins", Kind.MATRIX_F32)
                .channelCount(d.neurons)
                .sampleRate(50)
                .blockSamples(50)
                .build();
        StreamSpec kin = StreamSpec.builder("kin", Kind.MATRIX_F32)
                .channelCount(4)
                .sampleRate(50)
                .blockSamples(50)
                .build();
        StreamSpec chars = StreamSpec.builder("chars", Kind.MATRIX_F32)
                .channelCount(d.alphabet)
                .sampleRate(50)
                .blockSamples(50)
                .build();
        ProcessorRun pr = Harness.processor(model, bins, kin, chars);
        float[][] data = {d.counts, d.kinematics, d.characters};
        int[] width = {d.neurons, 4, d.alphabet};
        // the feature inputs run ahead of the counts by different amounts
        int[] step = {50, 37, 23};
        int[] next = new int[3];
        while (next[0] < d.bins || next[1] < d.bins || next[2] < d.bins) {
            for (int i = 0; i < 3; i++) {
                int k = Math.min(step[i], d.bins - next[i]);
                if (k == 0) {
                    continue;
                }
                Block b = Block.allocate(Kind.MATRIX_F32, width[i], 50);
                System.arraycopy(data[i], next[i] * width[i], b.f32(), 0, k * width[i]);
                b.setSampleCount(k);
                b.setFirstSample(next[i]);
                next[i] += k;
                b.setFlags(next[i] == d.bins ? Block.FLAG_END_OF_STREAM : 0);
                pr.feed(i, b);
            }
        }
        assertThat(pr.out().emittedSamples(0)).as("one R² row at the end").isEqualTo(1);
        assertThat(pr.out().emittedSamples(1)).isEqualTo(1);
        assertThat(pr.out().emittedSamples(2)).isEqualTo(1);
        runOut[0] = pr;
        pr.close();
        return model.comparison();
    }

    @Test
    void assignsNeuronsToTheirTrueTuningType() {
        SyntheticHandwriting d = new SyntheticHandwriting(300, 50, 60, 12, 7);
        try (LocalAccelerator accel = LocalAccelerator.open("auto", 2)) {
            ProcessorRun[] pr = new ProcessorRun[1];
            FeatureSetComparison c = compare(accel, d, pr);
            assertThat(c.sets()).containsExactly("kinematics", "characters");
            int right = 0;
            for (int j = 0; j < d.neurons; j++) {
                right += c.best()[j] == d.type[j] ? 1 : 0;
            }
            double fraction = right / (double) d.neurons;
            System.out.printf(
                    "compare on %s: %d/%d neurons in their true set (%.3f); fraction per set %.3f %.3f;"
                            + " median R² kin-tuned under kin %.3f, char-tuned under chars %.3f%n",
                    accel.device(),
                    right,
                    d.neurons,
                    fraction,
                    c.fraction()[0],
                    c.fraction()[1],
                    median(c, d, 0),
                    median(c, d, 1));
            assertThat(fraction).isGreaterThanOrEqualTo(0.9);
            assertThat(c.fraction()[0] + c.fraction()[1]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(c.fits().get(0).rows()).isEqualTo(d.bins - 2);
            // the emitted rows carry the same numbers
            Block r2 = pr[0].out().emitted(0).get(0);
            assertThat(r2.channelCount()).isEqualTo(2 * d.neurons);
            for (int j = 0; j < d.neurons; j++) {
                assertThat(r2.f32()[j]).isEqualTo((float) c.r2(0, j));
                assertThat(r2.f32()[d.neurons + j]).isEqualTo((float) c.r2(1, j));
                assertThat(pr[0].out().emitted(1).get(0).f32()[j]).isEqualTo(c.best()[j]);
            }
        }
    }

    static double median(FeatureSetComparison c, SyntheticHandwriting d, int type) {
        double[] v = java.util.stream.IntStream.range(0, d.neurons)
                .filter(j -> d.type[j] == type)
                .mapToDouble(j -> c.r2(type, j))
                .sorted()
                .toArray();
        return v[v.length / 2];
    }

    @Test
    void eachSetMatchesItsOwnRidgeModel() {
        SyntheticHandwriting d = new SyntheticHandwriting(60, 50, 10, 6, 3);
        try (LocalAccelerator accel = LocalAccelerator.open("threadpool", 2)) {
            FeatureSetComparison c = compare(accel, d, new ProcessorRun[1]);
            float[][] features = {d.kinematics, d.characters};
            int[] width = {4, d.alphabet};
            for (int s = 0; s < 2; s++) {
                RidgeEncodingModel m = new RidgeEncodingModel();
                m.accel = accel;
                m.activate(TestConfig.of(
                        RidgeEncodingModelConfig.class,
                        "minLag",
                        0,
                        "maxLag",
                        2,
                        "folds",
                        5,
                        "foldRows",
                        d.bins / 5,
                        "lambdas",
                        "1,10,100,1000",
                        "fitEvery",
                        0));
                StreamSpec fs = StreamSpec.builder("f", Kind.MATRIX_F32)
                        .channelCount(width[s])
                        .sampleRate(50)
                        .blockSamples(d.bins)
                        .build();
                StreamSpec ys = StreamSpec.builder("y", Kind.MATRIX_F32)
                        .channelCount(d.neurons)
                        .sampleRate(50)
                        .blockSamples(d.bins)
                        .build();
                ProcessorRun pr = Harness.processor(m, fs, ys);
                Block f = Block.allocate(Kind.MATRIX_F32, width[s], d.bins);
                System.arraycopy(features[s], 0, f.f32(), 0, d.bins * width[s]);
                f.setSampleCount(d.bins);
                f.setFlags(Block.FLAG_END_OF_STREAM);
                Block y = Block.allocate(Kind.MATRIX_F32, d.neurons, d.bins);
                System.arraycopy(d.counts, 0, y.f32(), 0, d.bins * d.neurons);
                y.setSampleCount(d.bins);
                y.setFlags(Block.FLAG_END_OF_STREAM);
                pr.feed(0, f).feed(1, y).close();
                for (int j = 0; j < d.neurons; j++) {
                    assertThat(c.r2(s, j))
                            .as("set %d neuron %d", s, j)
                            .isCloseTo(m.fit().r2()[j], org.assertj.core.api.Assertions.within(1e-9));
                }
            }
            assertThat(List.of(c.best().length)).containsExactly(d.neurons);
        }
    }
}
