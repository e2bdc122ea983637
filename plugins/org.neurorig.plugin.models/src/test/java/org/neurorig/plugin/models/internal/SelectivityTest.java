package org.neurorig.plugin.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.ProcessorRun;
import org.neurorig.testkit.TestConfig;

/**
 * model.selectivity against NumPy (src/test/python/selectivity_pca_golden.py): the projection of
 * every frame on the running coding direction, the final d' and coding direction; and the time
 * per frame for 100,000 neurons (printed, no timed assertion).
 */
class SelectivityTest {

    @Test
    void matchesNumPy() throws Exception {
        JsonNode g = PythonGolden.load("selectivity_pca_golden.py", "selectivity-pca-golden.json")
                .get("selectivity");
        float[] frames = PythonGolden.matrix(g.get("frames"));
        int n = g.get("frames").get(0).size();
        int t = g.get("frames").size();
        SelectivityModel m = new SelectivityModel();
        m.activate(TestConfig.of(SelectivityConfig.class, "conditionA", "A", "conditionB", "B", "emitEvery", 100));
        StreamSpec fs = StreamSpec.builder("frames", Kind.MATRIX_F32)
                .channelCount(n)
                .sampleRate(30)
                .blockSamples(16)
                .build();
        StreamSpec es = StreamSpec.builder("labels", Kind.EVENTS)
                .channelCount(1)
                .sampleRate(30)
                .blockSamples(64)
                .build();
        ProcessorRun pr = Harness.processor(m, fs, es);
        // the labels arrive ahead of the frames they label, a few at a time, in blocks numbered by the
        // first frame they cover (so a frame block waits for the next label block, or the labels' end)
        JsonNode events = g.get("events");
        int nextEvent = 0;
        for (int s = 0; s < t; s += 16) {
            Block e = Block.allocate(Kind.EVENTS, 1, 64);
            while (nextEvent < events.size() && events.get(nextEvent).get(0).asLong() < s + 16) {
                e.addEvent(
                        events.get(nextEvent).get(0).asLong(),
                        0,
                        1,
                        events.get(nextEvent).get(1).asText());
                nextEvent++;
            }
            e.addEvent(s, 0, 1, null); // a plain TTL edge is no label
            e.setFirstSample(s);
            e.setFlags(s + 16 >= t ? Block.FLAG_END_OF_STREAM : 0);
            pr.feed(1, e);
            int k = Math.min(16, t - s);
            Block f = Block.allocate(Kind.MATRIX_F32, n, 16);
            System.arraycopy(frames, s * n, f.f32(), 0, k * n);
            f.setSampleCount(k);
            f.setFirstSample(s);
            f.setFlags(s + k == t ? Block.FLAG_END_OF_STREAM : 0);
            pr.feed(0, f);
        }
        assertThat(pr.out().emittedSamples(0)).isEqualTo(t);
        assertThat(m.frames(0)).isEqualTo(g.get("framesA").asLong());
        assertThat(m.frames(1)).isEqualTo(g.get("framesB").asLong());
        int row = 0;
        for (Block b : pr.out().emitted(0)) {
            for (int r = 0; r < b.sampleCount(); r++, row++) {
                JsonNode want = g.get("proj").get(row);
                if (want.isNull()) {
                    assertThat(b.f32()[r]).as("proj %d", row).isNaN();
                } else {
                    assertThat((double) b.f32()[r])
                            .as("proj %d", row)
                            .isCloseTo(want.asDouble(), within(1e-5 * Math.abs(want.asDouble()) + 1e-5));
                }
            }
        }
        // rows every 100 frames and one at the end
        assertThat(pr.out().emittedSamples(1)).isEqualTo(t / 100 + (t % 100 == 0 ? 0 : 1));
        Block d = pr.out().emitted(1).get(pr.out().emitted(1).size() - 1);
        Block cd = pr.out().emitted(2).get(pr.out().emitted(2).size() - 1);
        for (int i = 0; i < n; i++) {
            assertThat(m.dprime(i))
                    .as("d' %d", i)
                    .isCloseTo(g.get("dprime").get(i).asDouble(), within(1e-6));
            assertThat((double) d.f32()[i]).isCloseTo(g.get("dprime").get(i).asDouble(), within(1e-5));
            assertThat((double) cd.f32()[i])
                    .as("cd %d", i)
                    .isCloseTo(g.get("cd").get(i).asDouble(), within(1e-6));
        }
        // the selective neurons lead the ranking: 0-7 prefer A (d' > 0), 8-11 prefer B
        for (int i = 0; i < 12; i++) {
            assertThat(Math.abs(m.dprime(i))).isGreaterThan(1.0);
        }
    }

    /** 100,000 neurons at 30 Hz: time per frame, printed for docs/BENCHMARKS.md. */
    @Test
    void hundredThousandNeuronsPerFrame() throws Exception {
        int n = 100_000;
        int t = 300;
        SelectivityModel m = new SelectivityModel();
        m.activate(
                TestConfig.of(SelectivityConfig.class, "conditionA", "leaf", "conditionB", "circle", "emitEvery", 30));
        StreamSpec fs = StreamSpec.builder("frames", Kind.MATRIX_F32)
                .channelCount(n)
                .sampleRate(30)
                .blockSamples(1)
                .build();
        StreamSpec es = StreamSpec.builder("labels", Kind.EVENTS)
                .channelCount(1)
                .sampleRate(30)
                .blockSamples(8)
                .build();
        ProcessorRun pr = Harness.processor(m, fs, es);
        Block e = Block.allocate(Kind.EVENTS, 1, 8);
        for (int s = 0; s < t; s += 50) {
            e.addEvent(s, 0, 1, (s / 50) % 2 == 0 ? "leaf" : "circle");
        }
        e.setFlags(Block.FLAG_END_OF_STREAM); // every label is known: no frame waits for more
        pr.feed(1, e);
        Random r = new Random(1);
        Block f = Block.allocate(Kind.MATRIX_F32, n, 1);
        for (int i = 0; i < n; i++) {
            f.f32()[i] = (float) r.nextGaussian();
        }
        long total = 0;
        for (int s = 0; s < t; s++) {
            f.setFirstSample(s);
            f.setSampleCount(1);
            f.f32()[s] += 1; // a little change per frame
            long t0 = System.nanoTime();
            pr.feed(0, f);
            if (s >= t / 2) {
                total += System.nanoTime() - t0;
            }
        }
        double ms = total / 1e6 / (t - t / 2);
        System.out.printf(
                "model.selectivity, 100,000 neurons: %.2f ms per frame (budget at 30 Hz: 33 ms;"
                        + " including a d'/cd row every 30 frames)%n",
                ms);
        assertThat(pr.out().emittedSamples(0)).isEqualTo(t);
        assertThat(m.frames(0) + m.frames(1)).isEqualTo(t);
    }
}
