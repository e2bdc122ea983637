package org.neurorig.adapter.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.TestConfig;

class SimHandwritingSourceTest {
    @TempDir
    Path tmp;

    private static SimHandwritingSource source(Object... keyValues) {
        SimHandwritingSource s = new SimHandwritingSource();
        s.activate(TestConfig.of(SimHandwritingSourceConfig.class, keyValues));
        return s;
    }

    private record Marker(long bin, int state, String text) {}

    private static List<Marker> markers(List<Block> blocks) {
        List<Marker> m = new ArrayList<>();
        for (Block b : blocks) {
            for (int i = 0; i < b.sampleCount(); i++) {
                m.add(new Marker(b.itemSample()[i], b.itemValue()[i], b.itemText()[i]));
            }
        }
        return m;
    }

    @Test
    void portsHaveExactCountsAndTrialsMatchTheGroundTruth() throws Exception {
        Path gt = tmp.resolve("hw.json");
        SimHandwritingSource s = source("pace", "fast", "bins", 1000, "channels", 128, "groundTruth", gt.toString());
        Harness.SourceRun run = Harness.drainSource(s, 3);
        List<StreamSpec> specs = run.specs();
        assertThat(specs).extracting(StreamSpec::name).containsExactly("counts", "kinematics", "markers");
        assertThat(specs.get(0).kind()).isEqualTo(Kind.MATRIX_F32);
        assertThat(specs.get(0).channelCount()).isEqualTo(128);
        assertThat(specs.get(0).sampleRate()).isEqualTo(50.0);
        assertThat(specs.get(1).channels()).extracting(c -> c.name()).containsExactly("x", "y", "vx", "vy", "penDown");
        assertThat(specs.get(2).kind()).isEqualTo(Kind.EVENTS);

        List<Block> counts = run.out().emitted(0);
        List<Block> kin = run.out().emitted(1);
        assertThat(counts).hasSize(1000);
        assertThat(kin).hasSize(1000);
        BlockAssert.assertContinuous(counts);
        BlockAssert.assertSampleCount(kin, 1000);
        assertThat(counts.get(999).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        assertThat(kin.get(999).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        List<Block> mk = run.out().emitted(2);
        assertThat(mk.get(mk.size() - 1).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        // a markers block for every bin, empty or not, numbered by its bin: it tells consumers the bin is complete
        assertThat(mk).hasSize(1000);
        for (int b = 0; b < 1000; b++) {
            assertThat(mk.get(b).firstSample()).isEqualTo(b);
        }
        assertThat(counts.get(10).acqTimeNanos() - counts.get(0).acqTimeNanos()).isEqualTo(200_000_000L);

        List<Marker> m = markers(mk);
        JsonNode truth = new ObjectMapper().readTree(gt.toFile());
        assertThat(truth.get("complete").asBoolean()).isTrue();
        assertThat(truth.get("bins").asLong()).isEqualTo(1000);
        JsonNode trials = truth.get("trials");
        // 20 s of 0.5 s rest + 0.3 s hold + ~1-2 s writing: at least 6 finished trials
        assertThat(trials.size()).isGreaterThanOrEqualTo(6);
        // markers alternate: character name at trial start (state 1), "end" at its end bin (state 0)
        for (int t = 0; t < trials.size(); t++) {
            JsonNode tr = trials.get(t);
            assertThat(m.get(2 * t))
                    .isEqualTo(new Marker(
                            tr.get("startBin").asLong(), 1, tr.get("character").asText()));
            assertThat(m.get(2 * t + 1)).isEqualTo(new Marker(tr.get("endBin").asLong(), 0, "end"));
            assertThat(tr.get("startBin").asLong())
                    .isEqualTo(t == 0 ? 25 : trials.get(t - 1).get("endBin").asLong() + 25);
            assertThat(tr.get("writeBin").asLong()).isEqualTo(tr.get("startBin").asLong() + 15);
        }
        assertThat(m).hasSizeBetween(2 * trials.size(), 2 * trials.size() + 1);
        // pen is down only while writing, and moves while it is down
        float[] k = Blocks.concatF32(kin);
        for (int t = 0; t < trials.size(); t++) {
            JsonNode tr = trials.get(t);
            for (long b = tr.get("startBin").asLong() - 25;
                    b < tr.get("writeBin").asLong();
                    b++) {
                assertThat(k[(int) b * 5 + 4]).as("pen at bin %d", b).isEqualTo(0f);
            }
        }
        long down = 0;
        for (int b = 0; b < 1000; b++) {
            if (k[b * 5 + 4] == 1f) {
                down++;
                assertThat(Math.hypot(k[b * 5 + 2], k[b * 5 + 3])).isGreaterThan(0.0);
            }
        }
        assertThat(down).isGreaterThan(300);

        JsonNode units = truth.get("units");
        assertThat(units).hasSize(128);
        long feature = 0;
        for (JsonNode u : units) {
            if (u.get("tuning").asText().equals("feature")) {
                feature++;
                assertThat(u.get("characterWeights").size()).isEqualTo(15);
                assertThat(u.get("strokeWeights").size()).isEqualTo(3);
            } else {
                assertThat(u.get("tuning").asText()).isEqualTo("kinematic");
                assertThat(u.has("preferredDirectionDeg")).isTrue();
            }
        }
        assertThat(feature).isEqualTo(64);
        assertThat(truth.get("characters")).hasSize(15);
    }

    @Test
    void outputDependsOnlyOnTheSeed() {
        float[] a = Blocks.concatF32(Harness.drainSource(source("pace", "fast", "bins", 300, "seed", 5), 3)
                .out()
                .emitted(0));
        float[] b = Blocks.concatF32(Harness.drainSource(source("pace", "fast", "bins", 300, "seed", 5), 3)
                .out()
                .emitted(0));
        float[] c = Blocks.concatF32(Harness.drainSource(source("pace", "fast", "bins", 300, "seed", 6), 3)
                .out()
                .emitted(0));
        assertThat(a).hasSize(300 * 96).isEqualTo(b).isNotEqualTo(c);
        Harness.SourceRun rt = Harness.runSource(source("bins", 20, "seed", 5, "binMs", 5), 20);
        Harness.SourceRun fast = Harness.drainSource(source("pace", "fast", "bins", 20, "seed", 5, "binMs", 5), 3);
        assertThat(Blocks.concatF32(rt.out().emitted(0)))
                .isEqualTo(Blocks.concatF32(fast.out().emitted(0)));
        assertThat(Blocks.concatF32(rt.out().emitted(1)))
                .isEqualTo(Blocks.concatF32(fast.out().emitted(1)));
    }

    @Test
    void kinematicUnitsAreCosineTunedToPenVelocity() {
        int bins = 30_000; // 10 minutes
        SimHandwritingSource s = source("pace", "fast", "bins", bins, "seed", 3);
        Harness.SourceRun run = Harness.drainSource(s, 3);
        float[] counts = Blocks.concatF32(run.out().emitted(0));
        float[] k = Blocks.concatF32(run.out().emitted(1));
        int checked = 0;
        for (HandwritingUnit u : s.units()) {
            if (!u.kinematic) {
                continue;
            }
            double[] cosine = new double[bins];
            double[] y = new double[bins];
            for (int b = 0; b < bins; b++) {
                double vx = k[b * 5 + 2];
                double vy = k[b * 5 + 3];
                cosine[b] =
                        vx * Math.cos(u.preferredDirection) + vy * Math.sin(u.preferredDirection); // |v| cos(θ − pd)
                y[b] = counts[b * 96 + u.id];
            }
            // Poisson noise at 20 ms caps the correlation (about 0.1-0.4 here); 30,000 bins put its standard error at
            // 0.006
            assertThat(correlation(cosine, y)).as("unit %d", u.id).isGreaterThan(0.08);
            // least squares of counts on (1, vx, vy, x, y) recovers the preferred direction
            double[] beta = leastSquares(k, y, bins);
            double pd = Math.atan2(beta[2], beta[1]);
            double err = Math.abs(Math.IEEEremainder(pd - u.preferredDirection, 2 * Math.PI));
            assertThat(Math.toDegrees(err))
                    .as("unit %d preferred direction error", u.id)
                    .isLessThan(10);
            double binS = 0.02;
            assertThat(Math.hypot(beta[1], beta[2]) / binS)
                    .as("unit %d velocity gain", u.id)
                    .isCloseTo(u.velocityGain, within(0.25 * u.velocityGain + 0.2));
            checked++;
        }
        assertThat(checked).isEqualTo(48);
    }

    @Test
    void countsArePoissonWithTheStatedRates() {
        int bins = 15_000;
        SimHandwritingSource s = source("pace", "fast", "bins", bins, "seed", 9);
        Harness.SourceRun run = Harness.drainSource(s, 3);
        float[] counts = Blocks.concatF32(run.out().emitted(0));
        float[] k = Blocks.concatF32(run.out().emitted(1));
        List<Marker> m = markers(run.out().emitted(2));
        // rebuild each bin's trial state from the markers alone, as a user of the ports would
        int[] character = new int[bins];
        long[] writeBin = new long[bins];
        boolean[] inTrial = new boolean[bins];
        List<Glyph> glyphs = Glyph.builtIn();
        List<String> names = glyphs.stream().map(Glyph::name).toList();
        for (int i = 0; i < m.size(); i++) {
            Marker start = m.get(i);
            if (start.state() != 1) {
                continue;
            }
            long end = i + 1 < m.size() ? m.get(i + 1).bin() : bins;
            for (long b = start.bin(); b < end; b++) {
                inTrial[(int) b] = true;
                character[(int) b] = names.indexOf(start.text());
                writeBin[(int) b] = start.bin() + 15;
            }
        }
        PenTrajectory[] paths = glyphs.stream().map(PenTrajectory::new).toArray(PenTrajectory[]::new);
        double[] kin = new double[6];
        double[] state = new double[6];
        double sumMean = 0;
        double sumSq = 0;
        double[] perUnitMean = new double[96];
        double[] perUnitCount = new double[96];
        for (int b = 0; b < bins; b++) {
            for (int i = 0; i < 5; i++) {
                kin[i] = k[b * 5 + i];
            }
            kin[5] = -1;
            if (inTrial[b]) {
                paths[character[b]].sample((b - writeBin[b] + 0.5) * 0.02, state);
                kin[5] = state[5];
            }
            for (HandwritingUnit u : s.units()) {
                double mean = u.rate(kin, character[b], inTrial[b]) * 0.02;
                double c = counts[b * 96 + u.id];
                sumMean += mean;
                sumSq += (c - mean) * (c - mean);
                perUnitMean[u.id] += mean;
                perUnitCount[u.id] += c;
            }
        }
        // Poisson: E[(c − μ)²] = μ, so the pooled ratio is 1 (about 1,400,000 bins · units)
        assertThat(sumSq / sumMean).isCloseTo(1.0, within(0.02));
        for (int u = 0; u < 96; u++) {
            // each unit's total count within 4.5 σ of the sum of its stated means
            assertThat(Math.abs(perUnitCount[u] - perUnitMean[u]))
                    .as("unit %d", u)
                    .isLessThan(4.5 * Math.sqrt(perUnitMean[u]));
        }
    }

    @Test
    void badConfigurationIsNamed() {
        assertThatThrownBy(() -> source("channels", 64))
                .hasMessageContaining("value 64 for 'channels' is out of range: expected 96..192");
        assertThatThrownBy(() -> source("characters", "a,q")).hasMessageContaining("unknown character 'q'");
        assertThatThrownBy(() -> source("pace", "slow"))
                .hasMessageContaining("value 'slow' for 'pace' is not one of: realtime, fast");
    }

    @Test
    void aRestrictedCharacterSetIsHonoured() {
        Harness.SourceRun run = Harness.drainSource(source("pace", "fast", "bins", 2000, "characters", "l, o"), 3);
        List<String> texts = markers(run.out().emitted(2)).stream()
                .map(Marker::text)
                .filter(t -> !t.equals("end"))
                .toList();
        assertThat(texts)
                .isNotEmpty()
                .allMatch(t -> t.equals("l") || t.equals("o"))
                .contains("l", "o");
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Ordinary least squares of y on (1, vx, vy, x, y) by the normal equations. */
    private static double[] leastSquares(float[] k, double[] y, int bins) {
        int p = 5;
        double[][] a = new double[p][p + 1];
        double[] row = new double[p];
        for (int b = 0; b < bins; b++) {
            row[0] = 1;
            row[1] = k[b * 5 + 2];
            row[2] = k[b * 5 + 3];
            row[3] = k[b * 5];
            row[4] = k[b * 5 + 1];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    a[i][j] += row[i] * row[j];
                }
                a[i][p] += row[i] * y[b];
            }
        }
        for (int c = 0; c < p; c++) {
            for (int r = c + 1; r < p; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j <= p; j++) {
                    a[r][j] -= f * a[c][j];
                }
            }
        }
        double[] beta = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double s = a[r][p];
            for (int j = r + 1; j < p; j++) {
                s -= a[r][j] * beta[j];
            }
            beta[r] = s / a[r][r];
        }
        return beta;
    }
}
