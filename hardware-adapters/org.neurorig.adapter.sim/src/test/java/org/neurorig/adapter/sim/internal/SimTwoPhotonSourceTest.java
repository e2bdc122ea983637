package org.neurorig.adapter.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.BlockAssert;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

class SimTwoPhotonSourceTest {
    @TempDir
    Path tmp;

    private static SimTwoPhotonSource source(Object... keyValues) {
        SimTwoPhotonSource s = new SimTwoPhotonSource();
        s.activate(TestConfig.of(SimTwoPhotonSourceConfig.class, keyValues));
        return s;
    }

    /**
     * The f port is the fluorescence ΔF/F came from: per neuron its f0 of the ground truth, dimmed by
     * exp(−t / 1800 s), times 1 + ΔF/F, frame by frame; every f0 in 200..800.
     */
    @Test
    void rawFluorescenceIsF0TimesBleachTimesOnePlusDff() throws Exception {
        Path gt = tmp.resolve("f.json");
        Harness.SourceRun run = Harness.drainSource(
                source("pace", "fast", "frames", 600, "neurons", 1000, "groundTruth", gt.toString()), 3);
        StreamSpec f = run.specs().get(3);
        assertThat(f.kind()).isEqualTo(Kind.CONTINUOUS_F32);
        assertThat(f.channelCount()).isEqualTo(1000);
        assertThat(f.channels().get(7).units()).isEqualTo("a.u.");
        List<Block> raw = run.out().emitted(3);
        assertThat(raw).hasSize(600);
        BlockAssert.assertContinuous(raw);
        assertThat(raw.get(599).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        float[] dff = Blocks.concatF32(run.out().emitted(0));
        float[] fl = Blocks.concatF32(raw);
        JsonNode truth = new ObjectMapper().readTree(gt.toFile());
        assertThat(truth.get("bleachS").asDouble()).isEqualTo(1800.0);
        JsonNode f0 = truth.get("neuron").get("f0");
        assertThat(f0.size()).isEqualTo(1000);
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int t = 0; t < 600; t += 37) {
            double bleach = Math.exp(-t / (30.0 * 1800));
            for (int i = 0; i < 1000; i++) {
                double expected = f0.get(i).asDouble() * bleach * (1 + dff[t * 1000 + i]);
                assertThat((double) fl[t * 1000 + i]).isCloseTo(expected, within(1e-4 * Math.abs(expected) + 1e-3));
            }
        }
        for (int i = 0; i < 1000; i++) {
            lo = Math.min(lo, f0.get(i).asDouble());
            hi = Math.max(hi, f0.get(i).asDouble());
        }
        assertThat(lo).isGreaterThanOrEqualTo(200).isLessThan(260);
        assertThat(hi).isLessThanOrEqualTo(800).isGreaterThan(740);
    }

    @Test
    void portsHaveExactCountsAndTrialsMatchBehaviourAndGroundTruth() throws Exception {
        Path gt = tmp.resolve("2p.json");
        Harness.SourceRun run = Harness.drainSource(
                source("pace", "fast", "frames", 3000, "neurons", 1000, "groundTruth", gt.toString()), 3);
        List<StreamSpec> specs = run.specs();
        assertThat(specs).extracting(StreamSpec::name).containsExactly("dff", "behaviour", "trials", "f");
        assertThat(specs.get(0).kind()).isEqualTo(Kind.CONTINUOUS_F32);
        assertThat(specs.get(0).channelCount()).isEqualTo(1000);
        assertThat(specs.get(0).sampleRate()).isEqualTo(30.0);
        assertThat(specs.get(1).channels())
                .extracting(c -> c.name())
                .containsExactly("position", "speed", "lick", "reward", "corridor");
        assertThat(specs.get(2).channels()).extracting(c -> c.name()).containsExactly("leaf1", "circle1");

        List<Block> dff = run.out().emitted(0);
        List<Block> beh = run.out().emitted(1);
        assertThat(dff).hasSize(3000);
        BlockAssert.assertContinuous(dff);
        BlockAssert.assertSampleCount(beh, 3000);
        assertThat(dff.get(2999).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        assertThat(beh.get(2999).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        List<Block> tr = run.out().emitted(2);
        assertThat(tr.get(tr.size() - 1).flags() & Block.FLAG_END_OF_STREAM).isNotZero();
        // a trials block for every frame, empty or not, numbered by its frame: it tells consumers the frame is complete
        assertThat(tr).hasSize(3000);
        for (int f = 0; f < 3000; f++) {
            assertThat(tr.get(f).firstSample()).isEqualTo(f);
        }
        assertThat(dff.get(30).acqTimeNanos() - dff.get(0).acqTimeNanos()).isEqualTo(1_000_000_000L);

        float[] b = Blocks.concatF32(beh);
        JsonNode truth = new ObjectMapper().readTree(gt.toFile());
        assertThat(truth.get("complete").asBoolean()).isTrue();
        assertThat(truth.get("frames").asLong()).isEqualTo(3000);
        JsonNode trials = truth.get("trials");
        assertThat(trials.size()).isGreaterThanOrEqualTo(7); // 100 s of ~10.4 s trials
        List<long[]> events = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Block blk : tr) {
            for (int i = 0; i < blk.sampleCount(); i++) {
                events.add(new long[] {blk.itemSample()[i], blk.itemChannel()[i], blk.itemValue()[i]});
                texts.add(blk.itemText()[i]);
            }
        }
        int e = 0;
        int rewards = 0;
        for (int t = 0; t < trials.size(); t++) {
            JsonNode trial = trials.get(t);
            String tex = trial.get("texture").asText();
            int line = tex.equals("leaf1") ? 0 : 1;
            long entry = trial.get("entryFrame").asLong();
            assertThat(events.get(e)).containsExactly(entry, line, 1);
            assertThat(texts.get(e++)).isEqualTo(tex);
            long exit = trial.get("exitFrame").asLong();
            if (exit >= 0) {
                assertThat(events.get(e)).containsExactly(exit, line, 0);
                assertThat(texts.get(e++)).isEqualTo(tex);
            }
            long end = exit >= 0 ? exit : 3000;
            for (long f = entry; f < end; f++) {
                assertThat(b[(int) f * 5 + 4]).as("corridor at frame %d", f).isEqualTo(line);
            }
            long reward = trial.get("rewardFrame").asLong();
            if (tex.equals("leaf1") && exit >= 0) {
                assertThat(reward).isBetween(entry, exit);
                assertThat(b[(int) reward * 5]).isGreaterThanOrEqualTo(150f);
                assertThat(b[(int) reward * 5 - 5]).isLessThan(150f);
            } else if (!tex.equals("leaf1")) {
                assertThat(reward).isEqualTo(-1);
            }
        }
        assertThat(e).isEqualTo(events.size());
        for (int f = 0; f < 3000; f++) {
            rewards += (int) b[f * 5 + 3];
            assertThat(b[f * 5 + 1]).isBetween(0f, 60f);
        }
        assertThat(rewards)
                .isEqualTo((int) java.util.stream.StreamSupport.stream(trials.spliterator(), false)
                        .filter(t -> t.get("rewardFrame").asLong() >= 0)
                        .count())
                .isGreaterThan(0);

        JsonNode neuron = truth.get("neuron");
        assertThat(neuron.get("dPrime")).hasSize(1000);
        int selective = 0;
        int ramping = 0;
        for (int i = 0; i < 1000; i++) {
            if (neuron.get("texture").get(i).asInt() >= 0) {
                selective++;
                assertThat(neuron.get("dPrime").get(i).asDouble()).isBetween(0.5, 1.5);
            }
            ramping += neuron.get("ramping").get(i).asBoolean() ? 1 : 0;
        }
        assertThat(selective).isEqualTo(100);
        assertThat(ramping).isEqualTo(50);
    }

    @Test
    void outputDependsOnlyOnTheSeed() {
        Object[] base = {"pace", "fast", "frames", 200, "neurons", 1000, "seed", 4};
        float[] a = Blocks.concatF32(Harness.drainSource(source(base), 3).out().emitted(0));
        float[] b = Blocks.concatF32(Harness.drainSource(source(base), 3).out().emitted(0));
        float[] c = Blocks.concatF32(
                Harness.drainSource(source("pace", "fast", "frames", 200, "neurons", 1000, "seed", 5), 3)
                        .out()
                        .emitted(0));
        assertThat(a).hasSize(200_000).isEqualTo(b).isNotEqualTo(c);
        float[] rt = Blocks.concatF32(Harness.runSource(source("frames", 6, "neurons", 1000, "seed", 4), 6)
                .out()
                .emitted(0));
        assertThat(rt).isEqualTo(java.util.Arrays.copyOf(a, 6000));
    }

    @Test
    void selectiveNeuronsHaveTheirStatedDPrime() throws Exception {
        int n = 1000;
        SimTwoPhotonSource s = source(
                "pace", "fast", "frames", 30 * 3600, "neurons", n, "selectiveFraction", 0.3, "dPrime", 1.5, "seed", 2);
        List<StreamSpec> specs = s.open(new TestContext("2p"));
        Block[] blocks = specs.stream().map(Block::forSpec).toArray(Block[]::new);
        // per neuron and texture: frames, sum, sum of squares, counting frames 2 s or more after entry
        double[][] cnt = new double[2][n];
        double[][] sum = new double[2][n];
        double[][] sq = new double[2][n];
        // ramping: mean ΔF/F in the rewarded corridor early (0-50 cm) vs late (100-150 cm, before the reward)
        double[] early = new double[n];
        double[] late = new double[n];
        double[] nEarly = new double[1];
        double[] nLate = new double[1];
        long[] entry = {0};
        Emitter stats = new Emitter() {
            @Override
            public Block block(int port) {
                return blocks[port];
            }

            @Override
            public void emit(int port) {
                if (port == 1) {
                    float[] beh = blocks[1].f32();
                    float[] x = blocks[0].f32();
                    int tex = (int) beh[4];
                    long f = blocks[1].firstSample();
                    if (tex >= 0 && f - entry[0] >= 60) {
                        for (int i = 0; i < n; i++) {
                            cnt[tex][i]++;
                            sum[tex][i] += x[i];
                            sq[tex][i] += x[i] * (double) x[i];
                        }
                    }
                    if (tex == 0 && beh[0] < 50) {
                        nEarly[0]++;
                        for (int i = 0; i < n; i++) {
                            early[i] += x[i];
                        }
                    } else if (tex == 0 && beh[0] >= 100 && beh[0] < 150) {
                        nLate[0]++;
                        for (int i = 0; i < n; i++) {
                            late[i] += x[i];
                        }
                    }
                } else if (port == 2) {
                    Block t = blocks[2];
                    for (int i = 0; i < t.sampleCount(); i++) {
                        if (t.itemValue()[i] == 1) {
                            entry[0] = t.itemSample()[i];
                        }
                    }
                }
                blocks[port].clear();
            }
        };
        while (s.read(stats) > 0) {
            // fast pace: one frame per read until the limit
        }
        s.close();
        CalciumPopulation pop = s.population();
        List<double[]> pairs = new ArrayList<>();
        double nonSelectiveAbs = 0;
        int nonSelective = 0;
        for (int i = 0; i < n; i++) {
            double m0 = sum[0][i] / cnt[0][i];
            double m1 = sum[1][i] / cnt[1][i];
            double v0 = sq[0][i] / cnt[0][i] - m0 * m0;
            double v1 = sq[1][i] / cnt[1][i] - m1 * m1;
            double d = (m0 - m1) / Math.sqrt((v0 + v1) / 2);
            if (pop.texture[i] >= 0) {
                pairs.add(new double[] {pop.dPrime[i], pop.texture[i] == 0 ? d : -d});
                // the stated mean rate in each corridor gives the stationary mean ΔF/F, drift aside
                double pref = pop.texture[i] == 0 ? m0 : m1;
                double expected = pop.stationaryMean(i, pop.baseHz[i] + pop.deltaHz[i]);
                assertThat(pref)
                        .as("neuron %d mean in its corridor", i)
                        .isCloseTo(expected, within(0.25 * expected + 0.05));
            } else if (!pop.ramping[i]) {
                nonSelectiveAbs += Math.abs(d);
                nonSelective++;
            }
        }
        assertThat(pairs).hasSize(300);
        double bias = pairs.stream().mapToDouble(p -> p[1] - p[0]).average().orElseThrow();
        double[] truth = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] est = pairs.stream().mapToDouble(p -> p[1]).toArray();
        System.out.printf(
                "sim.twophoton d' recovery (1 h, 300 selective): correlation %.3f, mean bias %+.3f,"
                        + " non-selective mean |d'| %.3f%n",
                correlation(truth, est), bias, nonSelectiveAbs / nonSelective);
        assertThat(correlation(truth, est)).isGreaterThan(0.95);
        assertThat(bias).isCloseTo(0.0, within(0.1));
        assertThat(nonSelectiveAbs / nonSelective).isLessThan(0.08);

        int rampUp = 0;
        int ramps = 0;
        for (int i = 0; i < n; i++) {
            if (pop.ramping[i]) {
                ramps++;
                double rise = late[i] / nLate[0] - early[i] / nEarly[0];
                // rate rises by rampHz · (0.83 - 0.17) on average between the two stretches
                double expected = pop.stationaryMean(i, pop.rampHz[i] * (125.0 - 25.0) / 150.0);
                if (rise > 0.5 * expected) {
                    rampUp++;
                }
            }
        }
        assertThat(ramps).isEqualTo(50);
        assertThat(rampUp).isGreaterThanOrEqualTo(48);
    }

    @Test
    void deltaRateSolvesForTheStatedDPrime() {
        double dt = 1 / 30.0;
        double g = Math.exp(-dt / 0.8);
        double base = 0.7;
        double delta = CalciumPopulation.deltaFor(1.3, base, 0.2, g, 0.1, dt);
        double a = 0.2 * dt / (1 - g);
        double b = 0.04 * dt / (1 - g * g);
        double dPrime = a * delta / Math.sqrt(0.01 + b * (2 * base + delta) / 2);
        assertThat(dPrime).isCloseTo(1.3, within(1e-9));
    }

    @Test
    void badConfigurationIsNamed() {
        assertThatThrownBy(() -> source("neurons", 10))
                .hasMessageContaining("value 10 for 'neurons' is out of range: expected 1000..100000");
        assertThatThrownBy(() -> source("textures", "leaf1")).hasMessageContaining("at least two distinct textures");
        assertThatThrownBy(() -> source("rewardTexture", "grass")).hasMessageContaining("rewardTexture 'grass'");
        assertThatThrownBy(() -> source("rateHz", 60))
                .hasMessageContaining("value 60 for 'rateHz' is out of range: expected 3..30");
    }

    private static double correlation(double[] a, double[] b) {
        double ma = java.util.Arrays.stream(a).average().orElse(0);
        double mb = java.util.Arrays.stream(b).average().orElse(0);
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
}
