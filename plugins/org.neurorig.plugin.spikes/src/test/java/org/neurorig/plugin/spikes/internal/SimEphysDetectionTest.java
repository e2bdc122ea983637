package org.neurorig.plugin.spikes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.adapter.sim.internal.SimEphysSource;
import org.neurorig.adapter.sim.internal.SimEphysSourceConfig;
import org.neurorig.api.Block;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.ButterworthDesign;
import org.neurorig.plugin.filter.SosFilterBank;
import org.neurorig.plugin.filter.internal.BandpassFilter;
import org.neurorig.plugin.filter.internal.BandpassFilterConfig;
import org.neurorig.plugin.filter.internal.CommonReference;
import org.neurorig.plugin.filter.internal.CommonReferenceConfig;
import org.neurorig.testkit.CollectingEmitter;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

/**
 * The rig's spike chain — {@code filter.bandpass} (300–6000 Hz, order 3) → {@code filter.car} →
 * {@code spikes.threshold} (k = 4.5, negative, defaults) — on 6 s of {@code sim.ephys} (one 384-channel
 * probe, 32 units, seed 1) against the simulator's ground truth. A true spike counts as found when
 * the detector reports a spike on the unit's peak channel from 10 samples before to 5 after its
 * trough. Scored after the detector's first noise estimate (1 s). A detection is a false positive
 * when no unit whose template reaches that channel had its template running there (16 samples
 * before to 48 after a trough); on pure noise ({@code -DsimUnits=0}) the rate is 0.10 per channel
 * and second, Rice's formula for 4.5 σ on this band gives 0.14. Units whose
 * trough is ≥ 5× the noise of their peak channel (the robust σ the detector estimated on the
 * filtered signal; the trough measured on the template after the same band-pass) must be
 * found with recall ≥ 0.9; the numbers for every unit are printed.
 */
class SimEphysDetectionTest {
    static final int SECONDS = 6;
    static final long SKIP = 66_000; // the first noise estimate: the 1 s window, then a 1 s sweep; a margin
    /** Template samples before and after the trough (ground truth templatePre, templateLength − templatePre). */
    static final int PRE = 16;

    static final int POST = 48;

    @Test
    void recallOnSimEphysGroundTruth(@TempDir Path tmp) throws Exception {
        Path gt = tmp.resolve("truth.json");
        SimEphysSource src = new SimEphysSource();
        Method activate = SimEphysSource.class.getDeclaredMethod("activate", SimEphysSourceConfig.class);
        activate.setAccessible(true); // DS calls it; the test stands in for DS
        activate.invoke(
                src,
                TestConfig.of(
                        SimEphysSourceConfig.class,
                        "probes",
                        1,
                        "units",
                        Integer.getInteger("simUnits", 32),
                        "seed",
                        1L,
                        "pace",
                        "fast",
                        "blockSamples",
                        1024,
                        "samples",
                        (long) SECONDS * 30000,
                        "groundTruth",
                        gt.toString()));
        List<StreamSpec> ports = src.open(new TestContext("probe"));
        CollectingEmitter se = new CollectingEmitter(ports);
        ProcessorRun bp = Harness.processor(
                new BandpassFilter(
                        TestConfig.of(BandpassFilterConfig.class, "lowHz", 300.0, "highHz", 6000.0, "order", 3)),
                ports.get(0));
        ProcessorRun car = Harness.processor(
                new CommonReference(TestConfig.of(CommonReferenceConfig.class)),
                bp.outputs().get(0));
        ThresholdDetector detector = new ThresholdDetector(TestConfig.of(ThresholdDetectorConfig.class, "k", 4.5));
        ProcessorRun det = Harness.processor(detector, car.outputs().get(0));
        List<long[]> found = new ArrayList<>(); // sample, channel
        long samples = 0;
        while (samples < SECONDS * 30000L) { // streamed, so that 6 s × 384 channels are never held at once
            src.read(se);
            for (Block b : se.emitted(0)) {
                samples += b.sampleCount();
                bp.feed(b);
            }
            for (Block b : bp.out().emitted(0)) {
                car.feed(b);
            }
            for (Block b : car.out().emitted(0)) {
                det.feed(b);
            }
            for (Block b : det.out().emitted(0)) {
                for (int i = 0; i < b.sampleCount(); i++) {
                    found.add(new long[] {b.itemSample()[i], b.itemChannel()[i]});
                }
            }
            se.clearEmitted();
            bp.out().clearEmitted();
            car.out().clearEmitted();
            det.out().clearEmitted();
        }
        src.close();
        JsonNode truth = new ObjectMapper().readTree(gt.toFile());
        assertThat(truth.get("complete").asBoolean()).isTrue();
        double bitVolts = truth.get("bitVolts").asDouble();
        long end = SECONDS * 30000L - 64;

        // spikes found per channel, sorted, for window look-ups
        int channels = ports.get(0).channelCount();
        long[][] byChannel = new long[channels][];
        int[] n = new int[channels];
        for (long[] f : found) {
            n[(int) f[1]]++;
        }
        for (int c = 0; c < channels; c++) {
            byChannel[c] = new long[n[c]];
            n[c] = 0;
        }
        for (long[] f : found) {
            byChannel[(int) f[1]][n[(int) f[1]]++] = f[0];
        }
        for (long[] a : byChannel) {
            Arrays.sort(a);
        }
        boolean[][] explained = new boolean[channels][];
        for (int c = 0; c < channels; c++) {
            explained[c] = new boolean[byChannel[c].length];
        }

        StringBuilder report = new StringBuilder(String.format(
                Locale.ROOT,
                "spikes.threshold on sim.ephys (seed 1, 32 units, %d s): unit peakCh troughUv sigmaUv snr found/true%n",
                SECONDS));
        int bigTrue = 0;
        int bigFound = 0;
        int allTrue = 0;
        int allFound = 0;
        for (JsonNode u : truth.get("units")) {
            int peak = u.get("peakChannel").asInt();
            double sigma = detector.threshold(peak) / 4.5; // robust noise of the filtered peak channel
            double troughUv = u.get("amplitudeUv").asDouble();
            double filteredTrough = filteredTroughUv(u.get("template"), bitVolts);
            double snr = filteredTrough / sigma;
            int t = 0;
            int f = 0;
            for (JsonNode s : u.get("spikeSamples")) {
                long at = s.asLong();
                if (at < SKIP || at > end) {
                    continue;
                }
                t++;
                f += mark(byChannel[peak], explained[peak], at - 10, at + 5) ? 1 : 0;
            }
            for (JsonNode ch : u.get("channels")) { // detections near any spike of the unit are explained
                int c = ch.asInt();
                for (JsonNode s : u.get("spikeSamples")) {
                    mark(byChannel[c], explained[c], s.asLong() - PRE, s.asLong() + POST);
                }
            }
            allTrue += t;
            allFound += f;
            if (snr >= 5) {
                bigTrue += t;
                bigFound += f;
            }
            report.append(String.format(
                    Locale.ROOT,
                    "  %3d %4d %6.1f %5.2f %5.1f %4d/%d%n",
                    u.get("id").asInt(),
                    peak,
                    troughUv,
                    sigma,
                    snr,
                    f,
                    t));
        }
        int detections = 0;
        int falsePositives = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < byChannel[c].length; i++) {
                if (byChannel[c][i] >= SKIP && byChannel[c][i] <= end) {
                    detections++;
                    falsePositives += explained[c][i] ? 0 : 1;
                }
            }
        }
        double seconds = (end - SKIP) / 30000.0;
        report.append(String.format(
                Locale.ROOT,
                "  recall (snr >= 5) %d/%d = %.3f; all units %d/%d = %.3f%n",
                bigFound,
                bigTrue,
                bigFound / (double) bigTrue,
                allFound,
                allTrue,
                allFound / (double) allTrue));
        report.append(String.format(
                Locale.ROOT,
                "  detections %d, false positives %d (%.3f per channel per second)",
                detections,
                falsePositives,
                falsePositives / seconds / channels));
        System.out.println(report);
        assertThat(bigTrue).isGreaterThan(100);
        assertThat(bigFound / (double) bigTrue)
                .as("recall for units with trough >= 5x noise")
                .isGreaterThanOrEqualTo(0.9);
        assertThat(falsePositives / seconds / channels)
                .as("false positives per channel per second")
                .isLessThan(0.3);
    }

    /** Marks every detection in [from, to] as explained; true when there is one. */
    private static boolean mark(long[] sorted, boolean[] explained, long from, long to) {
        int i = Arrays.binarySearch(sorted, from);
        i = i < 0 ? -i - 1 : i;
        while (i > 0 && sorted[i - 1] >= from) {
            i--;
        }
        boolean any = false;
        for (; i < sorted.length && sorted[i] <= to; i++) {
            explained[i] = true;
            any = true;
        }
        return any;
    }

    /** The trough of the peak-channel template after the same band-pass (a clean, noise-free pass). */
    private static double filteredTroughUv(JsonNode template, double bitVolts) {
        // template[t] is a row over the unit's channels; column 0 is the peak channel
        int len = template.size();
        float[] x = new float[len + 400];
        for (int t = 0; t < len; t++) {
            x[100 + t] = (float) (template.get(t).get(0).asDouble() * bitVolts);
        }
        float[] y = new float[x.length];
        new SosFilterBank(ButterworthDesign.bandpass(3, 300, 6000, 30000), 1).filter(x, 0, y, 0, x.length);
        float min = 0;
        for (float v : y) {
            min = Math.min(min, v);
        }
        return -min;
    }
}
