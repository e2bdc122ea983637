package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.accel.LocalAccelerator;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.models.RidgeFit;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * model.decode.kalman and model.decode.ridge on handwriting-shaped data with cosine-tuned
 * neurons: calibrated on the first 70 % of the characters, the decoded velocity on the held-out
 * characters must correlate ≥ 0.8 with the true velocity; one estimate per neural bin; the time
 * per bin for 192 channels is measured and printed (no timed assertion).
 */
class DecoderTest {
    static final List<ChannelInfo> KIN = List.of(
            ChannelInfo.of("x", "a.u.", 1),
            ChannelInfo.of("y", "a.u.", 1),
            ChannelInfo.of("vx", "a.u./bin", 1),
            ChannelInfo.of("vy", "a.u./bin", 1));

    /** Feeds neural rows and behaviour rows (behaviour only for the first {@code calibration} bins). */
    static ProcessorRun feed(Processor node, SyntheticHandwriting d, int calibration) {
        StreamSpec bins = StreamSpec.builder("bins", Kind.MATRIX_F32)
                .channelCount(d.neurons)
                .sampleRate(50)
                .blockSamples(25)
                .build();
        StreamSpec kin = StreamSpec.builder("kin", Kind.MATRIX_F32)
                .channels(KIN)
                .sampleRate(50)
                .blockSamples(25)
                .build();
        ProcessorRun pr = Harness.processor(node, bins, kin);
        for (int s = 0; s < d.bins; s += 25) {
            int k = Math.min(25, d.bins - s);
            if (s < calibration) {
                int kb = Math.min(k, calibration - s);
                Block b = Block.allocate(Kind.MATRIX_F32, 4, 25);
                System.arraycopy(d.kinematics, s * 4, b.f32(), 0, kb * 4);
                b.setSampleCount(kb);
                b.setFirstSample(s);
                b.setFlags(s + kb >= calibration ? Block.FLAG_END_OF_STREAM : 0);
                pr.feed(1, b);
            }
            Block n = Block.allocate(Kind.MATRIX_F32, d.neurons, 25);
            System.arraycopy(d.counts, s * d.neurons, n.f32(), 0, k * d.neurons);
            n.setSampleCount(k);
            n.setFirstSample(s);
            pr.feed(0, n);
        }
        return pr;
    }

    /** The decoded rows, in order, as one array (rows × width). */
    static float[] decoded(ProcessorRun pr, int rows, int width) {
        float[] all = new float[rows * width];
        int r = 0;
        for (Block b : pr.out().emitted(0)) {
            assertThat(b.firstSample())
                    .as("out rows are numbered like the neural rows")
                    .isEqualTo(r);
            System.arraycopy(b.f32(), 0, all, r * width, b.sampleCount() * width);
            r += b.sampleCount();
        }
        assertThat(r).as("one estimate per neural bin").isEqualTo(rows);
        return all;
    }

    static double correlation(
            float[] est, int estCol, int estWidth, float[] truth, int col, int width, int from, int to) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        int n = to - from;
        for (int t = from; t < to; t++) {
            double a = est[t * estWidth + estCol];
            double b = truth[t * width + col];
            sa += a;
            sb += b;
            saa += a * a;
            sbb += b * b;
            sab += a * b;
        }
        double cov = sab / n - sa / n * sb / n;
        return cov / Math.sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
    }

    @Test
    void kalmanDecodesHeldOutVelocity() {
        SyntheticHandwriting d = new SyntheticHandwriting(200, 50, 96, 10, 21);
        int calibration = d.bins * 7 / 10;
        KalmanDecoder k = new KalmanDecoder();
        k.activate(TestConfig.of(KalmanDecoderConfig.class, "state", "x,y,vx,vy"));
        ProcessorRun pr = feed(k, d, calibration);
        float[] est = decoded(pr, d.bins, 4);
        // NaN exactly while calibrating: the model is fitted when the behaviour input ends
        assertThat(est[(calibration - 1) * 4 + 2]).isNaN();
        assertThat(est[calibration * 4 + 2]).isNotNaN();
        double rx = correlation(est, 2, 4, d.kinematics, 2, 4, calibration, d.bins);
        double ry = correlation(est, 3, 4, d.kinematics, 3, 4, calibration, d.bins);
        System.out.printf("kalman on held-out characters: r(vx) %.3f r(vy) %.3f, %s%n", rx, ry, k.latency());
        assertThat(rx).isGreaterThanOrEqualTo(0.8);
        assertThat(ry).isGreaterThanOrEqualTo(0.8);
        assertThat(k.latency().bins()).isEqualTo(d.bins - calibration);
        assertThat(pr.context().lastMessage()).contains("model.decode.kalman");
    }

    @Test
    void ridgeDecoderDecodesHeldOutVelocityWithItsFittedWeights() {
        SyntheticHandwriting d = new SyntheticHandwriting(200, 50, 96, 10, 21);
        int calibration = d.bins * 7 / 10;
        try (LocalAccelerator accel = LocalAccelerator.open("threadpool", 2)) {
            RidgeDecoder r = new RidgeDecoder();
            r.accel = accel;
            r.activate(TestConfig.of(
                    RidgeDecoderConfig.class, "minLag", 0, "maxLag", 2, "foldRows", calibration / 5, "fitEvery", 0));
            ProcessorRun pr = feed(r, d, calibration);
            float[] est = decoded(pr, d.bins, 4);
            RidgeFit fit = r.fit();
            assertThat(fit.rows()).isEqualTo(calibration - 2);
            assertThat(pr.out().emittedSamples(1))
                    .as("one R² row, when the behaviour ended")
                    .isEqualTo(1);
            assertThat(est[(calibration - 1) * 4 + 2]).isNaN();
            // a held-out row equals the fitted weights applied to the neural rows at lags 0..2
            int t = calibration + 123;
            for (int j = 0; j < 4; j++) {
                double v = fit.intercepts()[j];
                for (int lag = 0; lag <= 2; lag++) {
                    for (int c = 0; c < d.neurons; c++) {
                        v += d.counts[(t - lag) * d.neurons + c] * fit.weight(lag * d.neurons + c, j);
                    }
                }
                assertThat((double) est[t * 4 + j]).isCloseTo(v, within(1e-3 * (1 + Math.abs(v))));
            }
            double rx = correlation(est, 2, 4, d.kinematics, 2, 4, calibration, d.bins);
            double ry = correlation(est, 3, 4, d.kinematics, 3, 4, calibration, d.bins);
            System.out.printf(
                    "ridge decoder on held-out characters: r(vx) %.3f r(vy) %.3f, CV R² vx %.3f vy %.3f, %s%n",
                    rx, ry, fit.r2()[2], fit.r2()[3], r.latency());
            assertThat(rx).isGreaterThanOrEqualTo(0.8);
            assertThat(ry).isGreaterThanOrEqualTo(0.8);
        }
    }

    /**
     * sim.handwriting, 192 channels, 20 ms bins, 10 minutes: calibrated on the first 70 % of the
     * bins (the characters written then), the Kalman decoder's velocity on the characters after
     * correlates ≥ 0.8 with the pen's true velocity.
     */
    @Test
    void kalmanOnSimulatedHandwriting() throws Exception {
        int bins = 30_000;
        int calibration = bins * 7 / 10;
        var array = org.neurorig.adapter.sim.internal.SimSources.handwriting(
                "channels", 192, "binMs", 20, "bins", bins, "pace", "fast", "seed", 4);
        KalmanDecoder k = new KalmanDecoder();
        k.activate(TestConfig.of(KalmanDecoderConfig.class, "state", "x,y,vx,vy", "calibrationRows", calibration));
        float[] truth = new float[bins * 5];
        ProcessorRun[] pr = new ProcessorRun[1];
        SourceFeed feed = new SourceFeed(array, (port, b) -> {
            if (port == 1) {
                System.arraycopy(b.f32(), 0, truth, (int) b.firstSample() * 5, b.sampleCount() * 5);
            }
            if (port < 2) {
                pr[0].feed(port, b);
            }
        });
        pr[0] = Harness.processor(k, feed.specs.get(0), feed.specs.get(1));
        feed.run(3);
        float[] est = decoded(pr[0], bins, 4);
        assertThat(est[(calibration - 1) * 4]).isNaN();
        double rx = correlation(est, 2, 4, truth, 2, 5, calibration, bins);
        double ry = correlation(est, 3, 4, truth, 3, 5, calibration, bins);
        System.out.printf(
                "kalman on sim.handwriting, held-out characters: r(vx) %.3f r(vy) %.3f, %s%n", rx, ry, k.latency());
        assertThat(rx).isGreaterThanOrEqualTo(0.8);
        assertThat(ry).isGreaterThanOrEqualTo(0.8);
    }

    /** 192 channels at 20 ms bins: the time each decoder spends per bin, printed for docs/BENCHMARKS.md. */
    @Test
    void latencyPerBinFor192Channels() {
        SyntheticHandwriting d = new SyntheticHandwriting(120, 50, 192, 10, 5);
        int calibration = d.bins / 2;
        KalmanDecoder k = new KalmanDecoder();
        k.activate(TestConfig.of(KalmanDecoderConfig.class, "state", ""));
        feed(k, d, calibration);
        try (LocalAccelerator accel = LocalAccelerator.open("threadpool", 2)) {
            RidgeDecoder r = new RidgeDecoder();
            r.accel = accel;
            r.activate(TestConfig.of(
                    RidgeDecoderConfig.class, "minLag", 0, "maxLag", 4, "foldRows", calibration / 5, "fitEvery", 0));
            feed(r, d, calibration);
            System.out.printf(
                    "latency per bin, 192 channels: kalman (4 states) %s; ridge (lags 0-4, 960 features) %s%n",
                    k.latency(), r.latency());
            assertThat(k.latency().bins()).isEqualTo(d.bins - calibration);
            assertThat(r.latency().bins()).isEqualTo(d.bins - calibration);
        }
    }
}
