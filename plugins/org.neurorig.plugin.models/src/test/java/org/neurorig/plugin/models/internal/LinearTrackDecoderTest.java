package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.accel.LocalAccelerator;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.SharedData;
import org.neurorig.testkit.TestConfig;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Real data: rat hippocampus on a linear track (../shared/data/hc-linear-track, 31 units). As its
 * README prescribes: 4420–5385 s, 250 ms bins, speed > 15 px/s (1456 bins), position projected on
 * the track segment. model.decode.ridge decodes a one-hot of 20 place bins from the counts (a
 * linear classifier: the Poisson naive-Bayes log-likelihood is also linear in the counts); the
 * decoded place is the centre of the highest output. 5 contiguous folds, each decoded by a decoder
 * calibrated on the other four: the median error must be ≤ 1/3 of chance (a guess drawn from the
 * training positions).
 */
class LinearTrackDecoderTest {
    static final int PLACES = 20;

    @Test
    void placeDecoderBeatsChanceThreeTimes() throws Exception {
        Path dir = SharedData.dir("hc-linear-track");
        List<double[]> units = spikeTimes(dir.resolve("spikes.mat"));
        assertThat(units).hasSize(31);
        double[][] track = linearPosition(dir.resolve("trajectory.videoPositionTracking"));
        double bin = 0.25;
        int all = (int) Math.round((5385 - 4420) / bin);
        double[] pos = new double[all];
        for (int b = 0; b < all; b++) {
            pos[b] = interpolate(track, 4420 + (b + 0.5) * bin);
        }
        List<Integer> kept = new ArrayList<>();
        for (int b = 0; b < all; b++) {
            // numpy.gradient: central differences, one-sided at the ends
            double v = b == 0 ? pos[1] - pos[0] : b == all - 1 ? pos[b] - pos[b - 1] : (pos[b + 1] - pos[b - 1]) / 2;
            if (Math.abs(v / bin) > 15) {
                kept.add(b);
            }
        }
        int t = kept.size();
        int m = units.size();
        assertThat(t).isEqualTo(1456);
        float[] counts = new float[t * m];
        double[] y = new double[t];
        for (int r = 0; r < t; r++) {
            int b = kept.get(r);
            double from = 4420 + b * bin;
            for (int u = 0; u < m; u++) {
                double[] s = units.get(u);
                counts[r * m + u] = lowerBound(s, from + bin) - lowerBound(s, from);
            }
            y[r] = pos[b];
        }
        double lo = Arrays.stream(y).min().getAsDouble();
        double hi = Arrays.stream(y).max().getAsDouble();
        float[] onehot = new float[t * PLACES];
        for (int r = 0; r < t; r++) {
            onehot[r * PLACES + Math.min(PLACES - 1, (int) ((y[r] - lo) / (hi - lo) * PLACES))] = 1;
        }
        List<Double> errors = new ArrayList<>();
        List<Double> chance = new ArrayList<>();
        double[] foldMedian = new double[5];
        try (LocalAccelerator accel = LocalAccelerator.open("threadpool", 2)) {
            for (int k = 0; k < 5; k++) {
                int from = k * t / 5;
                int to = (k + 1) * t / 5;
                float[] decoded = decodeFold(accel, counts, m, onehot, t, from, to);
                List<Double> fold = new ArrayList<>();
                for (int r = from; r < to; r++) {
                    int best = 0;
                    for (int p = 1; p < PLACES; p++) {
                        best = decoded[(r - from) * PLACES + p] > decoded[(r - from) * PLACES + best] ? p : best;
                    }
                    double guess = lo + (best + 0.5) * (hi - lo) / PLACES;
                    fold.add(Math.abs(guess - y[r]));
                    for (int q = 0; q < t; q++) {
                        if (q < from || q >= to) {
                            chance.add(Math.abs(y[q] - y[r]));
                        }
                    }
                }
                foldMedian[k] = median(fold);
                errors.addAll(fold);
            }
        }
        double err = median(errors);
        double ch = median(chance);
        System.out.printf(
                "hc-linear-track, model.decode.ridge on 20 place bins: median error %.1f px (folds %s),"
                        + " chance %.1f px, ratio %.2f%n",
                err,
                Arrays.toString(Arrays.stream(foldMedian)
                        .map(v -> Math.round(v * 10) / 10.0)
                        .toArray()),
                ch,
                ch / err);
        assertThat(ch / err).isGreaterThanOrEqualTo(3.0);
    }

    /** Calibrates a decoder on every row outside [from, to), then decodes those rows. */
    static float[] decodeFold(LocalAccelerator accel, float[] counts, int m, float[] onehot, int t, int from, int to) {
        RidgeDecoder d = new RidgeDecoder();
        d.accel = accel;
        d.activate(TestConfig.of(
                RidgeDecoderConfig.class,
                "minLag",
                0,
                "maxLag",
                0,
                "lambdas",
                "1,10,100",
                "folds",
                4,
                "foldRows",
                300,
                "fitEvery",
                0));
        StreamSpec cs = StreamSpec.builder("counts", Kind.MATRIX_F32)
                .channelCount(m)
                .sampleRate(4)
                .blockSamples(t)
                .build();
        StreamSpec ps = StreamSpec.builder("place", Kind.MATRIX_F32)
                .channelCount(PLACES)
                .sampleRate(4)
                .blockSamples(t)
                .build();
        ProcessorRun pr = Harness.processor(d, cs, ps);
        int[][] spans = {{0, from}, {to, t}};
        int fed = 0;
        for (int[] s : spans) {
            int n = s[1] - s[0];
            if (n == 0) {
                continue;
            }
            Block c = Block.allocate(Kind.MATRIX_F32, m, t);
            System.arraycopy(counts, s[0] * m, c.f32(), 0, n * m);
            c.setSampleCount(n);
            c.setFirstSample(s[0]);
            // the gap is flagged once, on the block that comes first: a discontinuity restarts the pairing
            Block p = Block.allocate(Kind.MATRIX_F32, PLACES, t);
            System.arraycopy(onehot, s[0] * PLACES, p.f32(), 0, n * PLACES);
            p.setSampleCount(n);
            p.setFirstSample(s[0]);
            fed += n;
            p.setFlags(Block.FLAG_DISCONTINUITY | (fed == t - (to - from) ? Block.FLAG_END_OF_STREAM : 0));
            pr.feed(1, p).feed(0, c);
        }
        assertThat(d.fit()).as("calibrated").isNotNull();
        pr.out().clearEmitted();
        Block c = Block.allocate(Kind.MATRIX_F32, m, t);
        System.arraycopy(counts, from * m, c.f32(), 0, (to - from) * m);
        c.setSampleCount(to - from);
        c.setFirstSample(from);
        c.setFlags(Block.FLAG_DISCONTINUITY);
        pr.feed(0, c);
        Block out = pr.out().emitted(0).get(0);
        assertThat(out.sampleCount()).isEqualTo(to - from);
        return Arrays.copyOf(out.f32(), (to - from) * PLACES);
    }

    /** Spike times of every unit: spikes{1}{1}{tetrode}{unit}.time (MatClust nesting). */
    static List<double[]> spikeTimes(Path file) throws Exception {
        List<double[]> units = new ArrayList<>();
        try (MatFile mat = Mat5.readFromFile(file.toString())) {
            Cell tets = ((Cell) ((Cell) mat.getCell("spikes").get(0)).get(0));
            for (int tet = 0; tet < tets.getNumElements(); tet++) {
                Array a = tets.get(tet);
                if (!(a instanceof Cell unitsOfTet)) {
                    continue;
                }
                for (int u = 0; u < unitsOfTet.getNumElements(); u++) {
                    Array x = unitsOfTet.get(u);
                    if (!(x instanceof Struct s)
                            || s.getNumElements() == 0
                            || !s.getFieldNames().contains("time")) {
                        continue;
                    }
                    Matrix time = s.getMatrix("time");
                    if (time.getNumElements() == 0) {
                        continue;
                    }
                    double[] v = new double[time.getNumElements()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = time.getDouble(i);
                    }
                    Arrays.sort(v);
                    units.add(v);
                }
            }
        }
        return units;
    }

    /** (time s, position px along the track from (139, 142) towards (472, 398)) per video sample. */
    static double[][] linearPosition(Path file) throws Exception {
        byte[] raw = Files.readAllBytes(file);
        byte[] end = "<End settings>\n".getBytes(StandardCharsets.US_ASCII);
        int start = indexOf(raw, end) + end.length;
        int n = (raw.length - start) / 12;
        ByteBuffer b = ByteBuffer.wrap(raw, start, n * 12).order(ByteOrder.LITTLE_ENDIAN);
        double ax = 139;
        double ay = 142;
        double dx = 472 - ax;
        double dy = 398 - ay;
        double len = Math.hypot(dx, dy);
        double[][] r = new double[n][2];
        for (int i = 0; i < n; i++) {
            long ticks = b.getInt() & 0xffffffffL;
            int x = b.getShort() & 0xffff;
            int yy = b.getShort() & 0xffff;
            b.getShort();
            b.getShort();
            r[i][0] = ticks / 30000.0;
            r[i][1] = ((x - ax) * dx + (yy - ay) * dy) / len;
        }
        return r;
    }

    static int indexOf(byte[] data, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= data.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no <End settings> header end");
    }

    /** numpy.interp over samples sorted by time. */
    static double interpolate(double[][] s, double t) {
        int lo = 0;
        int hi = s.length - 1;
        if (t <= s[0][0]) {
            return s[0][1];
        }
        if (t >= s[hi][0]) {
            return s[hi][1];
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (s[mid][0] <= t) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double f = (t - s[lo][0]) / (s[hi][0] - s[lo][0]);
        return s[lo][1] + f * (s[hi][1] - s[lo][1]);
    }

    /** Number of values below {@code x} in a sorted array. */
    static int lowerBound(double[] v, double x) {
        int i = Arrays.binarySearch(v, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && v[i - 1] == x) {
            i--;
        }
        return i;
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
