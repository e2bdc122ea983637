package org.neurorig.adapter.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Blocks;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

/**
 * The planted structure of {@code sim.twophoton} (issue 17): a sequence of place fields tiling
 * the corridor and assemblies that fire together, each neuron's part stated in the ground truth
 * and seen in the frames. Expected values come from the stated model (200 cm corridor, centres
 * evenly spaced, the defaults 10 % place neurons and 5 assemblies of 50), not from the code.
 */
class SimTwoPhotonPlantedTest {
    /** Five minutes at 30 Hz: about 29 trials and 10–25 events per assembly. */
    private static final int FRAMES = 9000;

    private static final int N = 1000;

    @TempDir
    Path tmp;

    private static SimTwoPhotonSource source(Object... keyValues) {
        SimTwoPhotonSource s = new SimTwoPhotonSource();
        s.activate(TestConfig.of(SimTwoPhotonSourceConfig.class, keyValues));
        return s;
    }

    /** One frame as the test sees it: ΔF/F of every neuron and the behaviour row. */
    private interface FrameCheck {
        void frame(long f, float[] dff, float[] behaviour);
    }

    /** Opens {@code s}, then reads the ground truth written at open, then runs every frame through {@code check}. */
    private static JsonNode run(SimTwoPhotonSource s, Path truthFile, FrameCheck check) throws Exception {
        List<StreamSpec> specs = s.open(new TestContext("2p"));
        Block[] blocks = specs.stream().map(Block::forSpec).toArray(Block[]::new);
        float[] dff = new float[specs.get(0).channelCount()];
        float[] beh = new float[SimTwoPhotonSource.BEHAVIOUR.length];
        Emitter e = new Emitter() {
            @Override
            public Block block(int port) {
                return blocks[port];
            }

            @Override
            public void emit(int port) {
                if (port == 0) {
                    System.arraycopy(blocks[0].f32(), 0, dff, 0, dff.length);
                } else if (port == 1) {
                    System.arraycopy(blocks[1].f32(), 0, beh, 0, beh.length);
                    check.frame(blocks[1].firstSample(), dff, beh);
                }
                blocks[port].clear();
            }
        };
        while (s.read(e) > 0) {
            // fast pace: one frame per read until the limit
        }
        s.close();
        return new ObjectMapper().readTree(truthFile.toFile());
    }

    @Test
    void groundTruthPlantsPlaceFieldsTilingTheCorridorAndDisjointAssemblies() throws Exception {
        checkPlanted(N, new Object[] {}, 100, 5, 50);
        checkPlanted(2000, new Object[] {"sequenceFraction", 0.25, "assemblies", 3, "assemblySize", 20}, 500, 3, 20);
        checkPlanted(1000, new Object[] {"sequenceFraction", 0.0, "assemblies", 0}, 0, 0, 50);
    }

    private void checkPlanted(int n, Object[] keys, int places, int assemblies, int size) throws Exception {
        Path gt = tmp.resolve("planted-" + n + "-" + places + ".json");
        List<Object> kv =
                new ArrayList<>(List.of("pace", "fast", "frames", 30, "neurons", n, "groundTruth", gt.toString()));
        kv.addAll(List.of(keys));
        JsonNode neuron = run(source(kv.toArray()), gt, (f, d, b) -> {}).get("neuron");
        List<Double> centres = new ArrayList<>();
        int[] members = new int[assemblies];
        for (int i = 0; i < n; i++) {
            JsonNode c = neuron.get("placeCentreCm").get(i);
            int a = neuron.get("assembly").get(i).asInt();
            boolean selective = neuron.get("texture").get(i).asInt() >= 0;
            boolean ramping = neuron.get("ramping").get(i).asBoolean();
            if (!c.isNull()) {
                centres.add(c.asDouble());
                assertThat(a).as("neuron %d: place neuron in an assembly", i).isEqualTo(-1);
                assertThat(selective || ramping)
                        .as("neuron %d: place neuron with another role", i)
                        .isFalse();
                assertThat(neuron.get("placeWidthCm").get(i).asDouble()).isBetween(8.0, 15.0);
                assertThat(neuron.get("placePeakHz").get(i).asDouble()).isBetween(10.0, 25.0);
            } else {
                assertThat(neuron.get("placeWidthCm").get(i).isNull()).isTrue();
            }
            if (a >= 0) {
                members[a]++;
                assertThat(selective || ramping)
                        .as("neuron %d: assembly member with another role", i)
                        .isFalse();
                assertThat(neuron.get("assemblyHz").get(i).asDouble()).isBetween(10.0, 30.0);
            } else {
                assertThat(a).isEqualTo(-1);
                assertThat(neuron.get("assemblyHz").get(i).asDouble()).isZero();
            }
        }
        // the centres tile the 200 cm corridor: (k + 0.5) · 200 / count
        assertThat(centres).hasSize(places);
        double[] sorted =
                centres.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (int k = 0; k < places; k++) {
            assertThat(sorted[k]).isCloseTo((k + 0.5) * 200.0 / places, within(1e-3));
        }
        // in a random order of channels, not in channel order (sorting has something to find)
        if (places > 10) {
            assertThat(centres).isNotEqualTo(Arrays.stream(sorted).boxed().toList());
        }
        int[] expected = new int[assemblies];
        Arrays.fill(expected, size);
        assertThat(members).containsExactly(expected);
    }

    @Test
    void placeNeuronsFireAtTheirCentreAndAssembliesFireTogether() throws Exception {
        Path gt = tmp.resolve("truth.json");
        // the ground truth written at open already holds every neuron's part
        SimTwoPhotonSource s =
                source("pace", "fast", "frames", FRAMES, "neurons", N, "seed", 7, "groundTruth", gt.toString());
        int[] place = new int[100];
        double[][] field = new double[100][];
        int[][] assembly = new int[5][50];
        int[] others = new int[50];
        double[][] near = new double[100][2];
        double[][] far = new double[100][2];
        float[][] traces = new float[5 * 50 + 50][FRAMES];
        JsonNode truth = run(s, gt, (f, dff, beh) -> {
            if (f == 0) {
                pick(openTruthUnchecked(gt).get("neuron"), place, field, assembly, others);
            }
            boolean inCorridor = beh[4] >= 0;
            for (int k = 0; k < place.length && inCorridor; k++) {
                double d = Math.abs(beh[0] - field[k][0]);
                if (d <= field[k][1]) {
                    near[k][0] += dff[place[k]];
                    near[k][1]++;
                } else if (d >= 80) {
                    far[k][0] += dff[place[k]];
                    far[k][1]++;
                }
            }
            int t = 0;
            for (int[] a : assembly) {
                for (int i : a) {
                    traces[t++][(int) f] = dff[i];
                }
            }
            for (int i : others) {
                traces[t++][(int) f] = dff[i];
            }
        });
        assertThat(truth.get("frames").asLong()).isEqualTo(FRAMES);

        // place neurons: mean ΔF/F within one width of the centre against that 80 cm or more away; calcium
        // lags the field (τ up to 1.2 s at ~25 cm/s), so a neuron of high base rate reaches less than 3×
        int threeFold = 0;
        double nearSum = 0;
        double farSum = 0;
        for (int k = 0; k < place.length; k++) {
            double nm = near[k][0] / near[k][1];
            double fm = far[k][0] / far[k][1];
            nearSum += nm;
            farSum += fm;
            threeFold += nm >= 3 * Math.abs(fm) ? 1 : 0;
            // a field at the corridor's start is entered from the gray stretch, where fields are silent:
            // its calcium is still rising within the width
            if (field[k][0] >= 2 * field[k][1]) {
                assertThat(nm)
                        .as("place neuron %d near its centre %.1f cm", place[k], field[k][0])
                        .isGreaterThanOrEqualTo(2 * Math.abs(fm) + 0.1);
            }
        }
        System.out.printf(
                "planted sequence: %d/100 place neurons at least 3× as active near their centre as far from it;"
                        + " mean ΔF/F near %.3f, far %.3f%n",
                threeFold, nearSum / 100, farSum / 100);
        assertThat(threeFold).isGreaterThanOrEqualTo(90);
        assertThat(nearSum).isGreaterThanOrEqualTo(5 * farSum);

        // assemblies: members correlate, non-members do not; the members' activity rises in the stated events
        double plain = meanPairwiseCorrelation(traces, 250, 300);
        System.out.printf("neurons with no planted part: mean pairwise correlation %.3f%n", plain);
        assertThat(plain).isBetween(-0.05, 0.05);
        JsonNode events = truth.get("assemblies");
        assertThat(events).hasSize(5);
        for (int a = 0; a < 5; a++) {
            double r = meanPairwiseCorrelation(traces, a * 50, a * 50 + 50);
            JsonNode ev = events.get(a);
            JsonNode start = ev.get("startFrame");
            JsonNode end = ev.get("endFrame");
            double perMin = ev.get("eventsPerMin").asDouble();
            assertThat(perMin).isBetween(2.0, 5.0);
            assertThat(ev.get("size").asInt()).isEqualTo(50);
            // 5 minutes of a Poisson train of 2–5 a minute
            assertThat(start.size()).isEqualTo(end.size()).isBetween(3, 40);
            boolean[] during = new boolean[FRAMES];
            long previousEnd = -1;
            for (int e = 0; e < start.size(); e++) {
                long s0 = start.get(e).asLong();
                long e0 = end.get(e).asLong();
                assertThat(s0).isGreaterThan(previousEnd).isLessThan(FRAMES);
                // 0.2–0.5 s at 30 Hz
                assertThat(e0 - s0).isBetween(6L, 15L);
                previousEnd = e0;
                // an event and the second after it, while calcium decays
                for (long f = s0; f < Math.min(FRAMES, e0 + 30); f++) {
                    during[(int) f] = true;
                }
            }
            double in = 0;
            double out = 0;
            int nIn = 0;
            for (int f = 0; f < FRAMES; f++) {
                double mean = 0;
                for (int m = a * 50; m < a * 50 + 50; m++) {
                    mean += traces[m][f] / 50.0;
                }
                if (during[f]) {
                    in += mean;
                    nIn++;
                } else {
                    out += mean;
                }
            }
            in /= nIn;
            out /= FRAMES - nIn;
            System.out.printf(
                    "assembly %d: %d events, members' mean pairwise correlation %.3f, mean ΔF/F in events %.3f,"
                            + " outside %.3f%n",
                    a, start.size(), r, in, out);
            assertThat(r).as("assembly %d", a).isGreaterThanOrEqualTo(0.3);
            assertThat(in).as("assembly %d", a).isGreaterThan(out + 0.5);
        }
    }

    /** Place neurons (first 100 with a field), the 5 assemblies, and 50 neurons with no planted part. */
    private static void pick(JsonNode neuron, int[] place, double[][] field, int[][] assembly, int[] others) {
        int p = 0;
        int o = 0;
        int[] filled = new int[assembly.length];
        SplittableRandom rng = new SplittableRandom(99);
        List<Integer> plain = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            JsonNode c = neuron.get("placeCentreCm").get(i);
            int a = neuron.get("assembly").get(i).asInt();
            if (!c.isNull()) {
                place[p] = i;
                field[p++] = new double[] {
                    c.asDouble(), neuron.get("placeWidthCm").get(i).asDouble()
                };
            } else if (a >= 0) {
                assembly[a][filled[a]++] = i;
            } else {
                plain.add(i);
            }
        }
        assertThat(p).isEqualTo(place.length);
        for (; o < others.length; o++) {
            others[o] = plain.remove(rng.nextInt(plain.size()));
        }
    }

    private static JsonNode openTruthUnchecked(Path gt) {
        try {
            return new ObjectMapper().readTree(gt.toFile());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Mean Pearson correlation over the pairs of traces {@code from..to}. */
    private static double meanPairwiseCorrelation(float[][] traces, int from, int to) {
        int len = traces[from].length;
        double[][] z = new double[to - from][len];
        for (int t = from; t < to; t++) {
            double mean = 0;
            for (float v : traces[t]) {
                mean += v;
            }
            mean /= len;
            double ss = 0;
            for (int f = 0; f < len; f++) {
                z[t - from][f] = traces[t][f] - mean;
                ss += z[t - from][f] * z[t - from][f];
            }
            double sd = Math.sqrt(ss);
            for (int f = 0; f < len; f++) {
                z[t - from][f] /= sd;
            }
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < z.length; i++) {
            for (int j = i + 1; j < z.length; j++) {
                double r = 0;
                for (int f = 0; f < len; f++) {
                    r += z[i][f] * z[j][f];
                }
                sum += r;
                pairs++;
            }
        }
        return sum / pairs;
    }

    @Test
    void sameSeedGivesTheSameGroundTruthAndFrames() throws Exception {
        List<Path> files = new ArrayList<>();
        List<float[]> frames = new ArrayList<>();
        for (int seed : new int[] {4, 4, 5}) {
            Path gt = tmp.resolve("same-" + files.size() + ".json");
            SimTwoPhotonSource s =
                    source("pace", "fast", "frames", 1800, "neurons", N, "seed", seed, "groundTruth", gt.toString());
            frames.add(Blocks.concatF32(Harness.drainSource(s, 3).out().emitted(0)));
            files.add(gt);
        }
        byte[] first = Files.readAllBytes(files.get(0));
        JsonNode truth = new ObjectMapper().readTree(first);
        int events = 0;
        for (JsonNode ev : truth.get("assemblies")) {
            events += ev.get("startFrame").size();
        }
        assertThat(events).as("assembly events in the first minute").isPositive();
        assertThat(Files.readAllBytes(files.get(1))).isEqualTo(first);
        assertThat(frames.get(1)).isEqualTo(frames.get(0));
        JsonNode other = new ObjectMapper().readTree(files.get(2).toFile());
        assertThat(other.get("neuron").get("placeCentreCm"))
                .isNotEqualTo(truth.get("neuron").get("placeCentreCm"));
        assertThat(frames.get(2)).isNotEqualTo(frames.get(0));
    }

    @Test
    void plantedKeysOutOfRangeAreNamed() {
        assertThatThrownBy(() -> source("sequenceFraction", 1.5))
                .hasMessageContaining("value 1.5 for 'sequenceFraction' is out of range: expected 0..1");
        assertThatThrownBy(() -> source("sequenceFraction", -0.1))
                .hasMessageContaining("'sequenceFraction' is out of range");
        assertThatThrownBy(() -> source("assemblySize", 1))
                .hasMessageContaining("value 1 for 'assemblySize' is out of range");
        assertThatThrownBy(() -> source("assemblies", -1)).hasMessageContaining("'assemblies' is out of range");
        // 100 selective + 50 ramping + 500 place + 10 × 50 > 1000
        assertThatThrownBy(() -> source("neurons", 1000, "sequenceFraction", 0.5, "assemblies", 10))
                .hasMessageContaining("planted neurons do not fit")
                .hasMessageContaining("150 selective and ramping + 500 place (sequenceFraction 0.5)"
                        + " + 10 assemblies × assemblySize 50 = 1150, more than neurons 1000");
        // exactly full is fine
        source("neurons", 1000, "sequenceFraction", 0.35, "assemblies", 10);
    }
}
