package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.adapter.sim.internal.SimEphysSource;
import org.neurorig.adapter.sim.internal.SimEphysSourceConfig;
import org.neurorig.api.Block;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.internal.BandpassFilter;
import org.neurorig.plugin.filter.internal.BandpassFilterConfig;
import org.neurorig.plugin.filter.internal.CommonReference;
import org.neurorig.plugin.filter.internal.CommonReferenceConfig;
import org.neurorig.plugin.spikes.internal.ThresholdDetector;
import org.neurorig.plugin.spikes.internal.ThresholdDetectorConfig;
import org.neurorig.testkit.CollectingEmitter;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

/**
 * Issue 13's chain in the real host: 8 Neuropixels probes ({@code sim.ephys}, 384 channels at 30 kHz,
 * 1 ms blocks, one node per probe, seeds 1..8), each through {@code filter.bandpass} (300–6000 Hz,
 * order 3) → {@code filter.car} → {@code spikes.threshold} (k 4.5), every probe's {@code ap},
 * {@code car} and {@code spikes} counted by {@code sink.count}, 20 s of data. The sources run at fast
 * pace (the same data as real time, as fast as the host takes it), so they outrun the chain and
 * back-pressure on the lossless edges paces the run: whatever the machine's load, every stream must arrive
 * complete, in order, undropped, and bit-identical to a reference computed here without the host,
 * by driving the same plugin classes headless through the test kit on the same configuration. The
 * reference's hashes are taken as the sink's README states them (FNV-1a in four lanes), not by the sink's code.
 * Wall time is printed, not asserted.
 */
class ChainIT {
    private static final int PROBES = 8;
    private static final int SECONDS = 20;
    private static final int RATE = 30_000;
    private static final long SAMPLES = (long) SECONDS * RATE;
    /** 1 ms of AP data per block. */
    private static final int BLOCK = 30;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    @TempDir
    Path tmp;

    /** One stream as {@code sink.count} should report it: blocks, samples (items) and the hash. */
    private static final class Expected {
        long blocks;
        long samples;
        /** The README's four FNV-1a lanes: word k goes to lane k mod 4. */
        final long[] lanes = {FNV_OFFSET, FNV_OFFSET, FNV_OFFSET, FNV_OFFSET};

        long words;

        private void word(long w) {
            int k = (int) (words++ % 4);
            lanes[k] = (lanes[k] ^ w) * FNV_PRIME;
        }

        void addI16(Block b) {
            blocks++;
            int values = b.sampleCount() * b.channelCount();
            short[] d = b.i16();
            for (int i = 0; i < values; i++) {
                word(d[i]);
            }
            samples += b.sampleCount();
        }

        void addF32(Block b) {
            blocks++;
            int values = b.sampleCount() * b.channelCount();
            float[] d = b.f32();
            for (int i = 0; i < values; i++) {
                word(Float.floatToIntBits(d[i]));
            }
            samples += b.sampleCount();
        }

        /** Spikes without waveforms (the detector's default): sample, channel, unit per spike. */
        void addSpikes(Block b) {
            assertThat(b.waveformLength()).isZero();
            blocks++;
            for (int i = 0; i < b.sampleCount(); i++) {
                word(b.itemSample()[i]);
                word(b.itemChannel()[i]);
                word(b.itemValue()[i]);
            }
            samples += b.sampleCount();
        }

        String hex() {
            long h = FNV_OFFSET;
            for (long l : lanes) {
                h = (h ^ l) * FNV_PRIME;
            }
            return Long.toHexString(h);
        }
    }

    private record Reference(Expected ap, Expected car, Expected spikes) {}

    private static long seed(int probe) {
        return probe + 1L;
    }

    private static String pipeline(Path dir) {
        StringBuilder y = new StringBuilder("name: chain-it\nnodes:\n");
        for (int p = 0; p < PROBES; p++) {
            y.append(String.format(
                    Locale.ROOT,
                    """
                      probe%1$d:  { type: sim.ephys, config: { probes: 1, units: 32, seed: %2$d, pace: fast, blockSamples: %3$d, samples: %4$d } }
                      bp%1$d:     { type: filter.bandpass, in: probe%1$d.ap, config: { lowHz: 300, highHz: 6000, order: 3 } }
                      car%1$d:    { type: filter.car, in: bp%1$d }
                      spikes%1$d: { type: spikes.threshold, in: car%1$d, config: { k: 4.5 } }
                      count%1$d:  { type: sink.count, in: [probe%1$d.ap, car%1$d, spikes%1$d], config: { file: "%5$s", hash: true } }
                    """,
                    p,
                    seed(p),
                    BLOCK,
                    SAMPLES,
                    counts(dir, p)));
        }
        return y.toString();
    }

    private static Path counts(Path dir, int probe) {
        return dir.resolve("counts" + probe + ".json");
    }

    /**
     * The chain of one probe, headless: the same classes with the same keys as the pipeline file,
     * the blocks streamed through (20 s × 384 channels are never held at once).
     */
    private static Reference reference(int probe) throws Exception {
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
                        32,
                        "seed",
                        seed(probe),
                        "pace",
                        "fast",
                        "blockSamples",
                        BLOCK,
                        "samples",
                        SAMPLES));
        List<StreamSpec> ports = src.open(new TestContext("probe" + probe));
        CollectingEmitter se = new CollectingEmitter(ports);
        ProcessorRun bp = Harness.processor(
                new BandpassFilter(
                        TestConfig.of(BandpassFilterConfig.class, "lowHz", 300.0, "highHz", 6000.0, "order", 3)),
                ports.get(0));
        ProcessorRun car = Harness.processor(
                new CommonReference(TestConfig.of(CommonReferenceConfig.class)),
                bp.outputs().get(0));
        ProcessorRun det = Harness.processor(
                new ThresholdDetector(TestConfig.of(ThresholdDetectorConfig.class, "k", 4.5)),
                car.outputs().get(0));
        Reference r = new Reference(new Expected(), new Expected(), new Expected());
        boolean ended = false;
        while (!ended) {
            assertThat(src.read(se)).as("sim.ephys read before its end").isPositive();
            for (Block b : se.emitted(0)) {
                r.ap.addI16(b);
                ended |= (b.flags() & Block.FLAG_END_OF_STREAM) != 0;
                bp.feed(0, b);
            }
            for (Block b : bp.out().emitted(0)) {
                car.feed(0, b);
            }
            for (Block b : car.out().emitted(0)) {
                r.car.addF32(b);
                det.feed(0, b);
            }
            for (Block b : det.out().emitted(0)) {
                r.spikes.addSpikes(b);
            }
            se.clearEmitted();
            bp.out().clearEmitted();
            car.out().clearEmitted();
            det.out().clearEmitted();
        }
        src.close();
        assertThat(r.ap.samples).as("reference probe %d ap samples", probe).isEqualTo(SAMPLES);
        return r;
    }

    private static void assertStream(JsonNode counts, String stream, Expected e, boolean dense) {
        JsonNode c = counts.get(stream);
        assertThat(c).as("%s in the counts", stream).isNotNull();
        assertThat(c.get("samples").asLong()).as("%s samples", stream).isEqualTo(e.samples);
        assertThat(c.get("blocks").asLong()).as("%s blocks", stream).isEqualTo(e.blocks);
        assertThat(c.get("seqGaps").asLong()).as("%s seqGaps", stream).isZero();
        assertThat(c.get("sampleGaps").asLong()).as("%s sampleGaps", stream).isZero();
        if (dense) {
            assertThat(c.get("firstSample").asLong())
                    .as("%s firstSample", stream)
                    .isZero();
            assertThat(c.get("endSample").asLong()).as("%s endSample", stream).isEqualTo(SAMPLES);
        }
        assertThat(c.get("hash").asText()).as("%s hash", stream).isEqualTo(e.hex());
    }

    @Test
    void eightProbeChainArrivesCompleteUndroppedAndBitIdenticalToAReference() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path file = rig.write("chain.yaml", pipeline(tmp));
            Path summary = tmp.resolve("summary.json");
            long start = System.nanoTime();
            // the run ends by itself when every source has sent its last block; the duration only bounds a hang
            AtomicLong hostDone = new AtomicLong();
            CompletableFuture<Integer> run = rig.runAsync(
                            file.toString(),
                            "--duration",
                            "300",
                            "--summary",
                            summary.toString(),
                            "--quiet",
                            "--no-web")
                    .whenComplete((code, e) -> hostDone.set(System.nanoTime()));
            // the reference is computed meanwhile, on threads of its own (runAsync holds the common
            // pool's only worker on 2 cores): more load on the host, which must not matter
            Reference[] ref = new Reference[PROBES];
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Reference>> refs = new ArrayList<>();
                for (int p = 0; p < PROBES; p++) {
                    int probe = p;
                    refs.add(pool.submit(() -> reference(probe)));
                }
                for (int p = 0; p < PROBES; p++) {
                    ref[p] = refs.get(p).get();
                }
            } finally {
                pool.shutdownNow();
            }
            long referenceDone = System.nanoTime();
            assertThat(run.get(400, TimeUnit.SECONDS)).as("exit code").isZero();
            long runDone = hostDone.get();

            JsonNode sum = RigFixture.readJson(summary);
            JsonNode[] counts = new JsonNode[PROBES];
            // printed before any check, so that a failure shows both sides
            StringBuilder report = new StringBuilder(String.format(
                    Locale.ROOT,
                    "ChainIT: %d probes x %d s: host run %.1f s wall, reference done at %.1f s (2 threads, meanwhile)%n",
                    PROBES,
                    SECONDS,
                    (runDone - start) / 1e9,
                    (referenceDone - start) / 1e9));
            for (int p = 0; p < PROBES; p++) {
                counts[p] = RigFixture.readJson(counts(tmp, p));
                report.append(String.format(
                        Locale.ROOT,
                        "  probe %d reference: ap %s, car %s, spikes %d %s%n  probe %d host:      %s%n",
                        p,
                        ref[p].ap.hex(),
                        ref[p].car.hex(),
                        ref[p].spikes.samples,
                        ref[p].spikes.hex(),
                        p,
                        counts[p]));
            }
            System.out.print(report);

            for (Map.Entry<String, JsonNode> s : (Iterable<Map.Entry<String, JsonNode>>)
                    () -> sum.get("streams").fields()) {
                assertThat(s.getValue().get("gaps").asLong())
                        .as("%s gaps", s.getKey())
                        .isZero();
                assertThat(s.getValue().get("drops").asLong())
                        .as("%s drops", s.getKey())
                        .isZero();
            }
            for (Map.Entry<String, JsonNode> n : (Iterable<Map.Entry<String, JsonNode>>)
                    () -> sum.get("nodes").fields()) {
                for (String k : new String[] {"errors", "restarts", "malformed"}) {
                    assertThat(n.getValue().get(k).asLong())
                            .as("%s %s", n.getKey(), k)
                            .isZero();
                }
            }
            JsonNode streams = sum.get("streams");
            for (int p = 0; p < PROBES; p++) {
                Reference r = ref[p];
                // a reference of nothing would compare equal to a host that lost everything
                assertThat(r.spikes.samples).as("reference probe %d spikes", p).isGreaterThan(1000);
                assertStream(counts[p], "probe" + p + ".ap", r.ap, true);
                assertStream(counts[p], "car" + p + ".out", r.car, true);
                assertStream(counts[p], "spikes" + p + ".spikes", r.spikes, false);
                for (String s : new String[] {"probe" + p + ".ap", "bp" + p + ".out", "car" + p + ".out"}) {
                    assertThat(streams.get(s).get("samples").asLong())
                            .as("%s samples", s)
                            .isEqualTo(SAMPLES);
                }
                assertThat(streams.get("spikes" + p + ".spikes").get("samples").asLong())
                        .as("spikes%d.spikes samples", p)
                        .isEqualTo(r.spikes.samples);
            }
        }
    }
}
