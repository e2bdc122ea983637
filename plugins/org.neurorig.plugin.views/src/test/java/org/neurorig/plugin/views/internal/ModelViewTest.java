package org.neurorig.plugin.views.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;

class ModelViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** model.encoding.compare's r2: set-major channels kin:u0..u4, chr:u0..u4. */
    private static final StreamSpec R2 = StreamSpec.builder("compare.r2", Kind.MATRIX_F32)
            .sampleRate(0)
            .blockSamples(1)
            .channels(IntStream.range(0, 10)
                    .mapToObj(c -> ChannelInfo.of((c < 5 ? "kin:u" : "chr:u") + c % 5, "", 1))
                    .toList())
            .build();

    private static final StreamSpec DPRIME = StreamSpec.builder("sel.dprime", Kind.MATRIX_F32)
            .sampleRate(0)
            .blockSamples(1)
            .channels(IntStream.range(0, 6)
                    .mapToObj(c -> ChannelInfo.of("n" + c, "", 1))
                    .toList())
            .build();

    private static Block row(StreamSpec spec, int input, float... v) {
        Block b = Block.forSpec(spec);
        System.arraycopy(v, 0, b.f32(), 0, v.length);
        b.setSampleCount(1);
        BlockStamp.input(b, input);
        return b;
    }

    @Test
    void sortedR2PerSetAndADPrimeHistogram() throws Exception {
        ModelView v = new ModelView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        v.activate(TestConfig.of(ModelViewConfig.class, "points", 10, "bins", 6, "range", 3.0));
        SinkRun run = Harness.sink(v, R2, DPRIME);
        run.feed(0, row(R2, 0, 0.1f, 0.5f, Float.NaN, 0.3f, 0.2f, 0.9f, -0.1f, 0.4f, 0.0f, 0.6f));
        run.feed(1, row(DPRIME, 1, -5f, -2.5f, 0.1f, 2.9f, 10f, Float.NaN));

        assertThat(page.frames).hasSize(2);
        JsonNode r2 = JSON.readTree(page.frames.get(0));
        assertThat(r2.get("part").asText()).isEqualTo("r2");
        assertThat(r2.get("source").asText()).isEqualTo("compare.r2");
        assertThat(r2.get("sets").toString()).isEqualTo("[\"kin\",\"chr\"]");
        assertThat(r2.get("n").toString()).isEqualTo("[4,5]");
        assertThat(r2.get("mean").get(0).asDouble()).isCloseTo(0.275, org.assertj.core.data.Offset.offset(1e-6));
        // fewer values than the 10 points (the metatype's least): each set whole, sorted descending
        assertThat(r2.get("sorted").get(0).toString()).isEqualTo("[0.5,0.3,0.2,0.1]");
        assertThat(r2.get("sorted").get(1).toString()).isEqualTo("[0.9,0.6,0.4,0.0,-0.1]");

        JsonNode d = JSON.readTree(page.frames.get(1));
        assertThat(d.get("part").asText()).isEqualTo("dprime");
        assertThat(d.get("counts").toString()).isEqualTo("[2,0,0,1,0,2]"); // beyond ±3 in the end bins
        assertThat(d.get("n").asInt()).isEqualTo(5);
        assertThat(d.get("nan").asInt()).isEqualTo(1);
        assertThat(d.get("lo").asDouble()).isEqualTo(-3.0);
    }

    @Test
    void aPlainRidgeR2IsOneSetAndNothingGoesOutUnwatched() throws Exception {
        StreamSpec ridge = StreamSpec.builder("enc.r2", Kind.MATRIX_F32)
                .sampleRate(0)
                .blockSamples(1)
                .channels(IntStream.range(0, 3)
                        .mapToObj(c -> ChannelInfo.of("unit" + c, "", 1))
                        .toList())
                .build();
        ModelView v = new ModelView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        v.activate(TestConfig.of(ModelViewConfig.class));
        SinkRun run = Harness.sink(v, ridge);
        page.watched = false;
        run.feed(row(ridge, 0, 0.2f, 0.7f, 0.4f));
        assertThat(page.frames).isEmpty();
        page.watched = true;
        run.feed(row(ridge, 0, 0.2f, 0.7f, 0.4f));
        JsonNode r2 = JSON.readTree(page.frames.get(0));
        assertThat(r2.get("sets").toString()).isEqualTo("[\"\"]");
        assertThat(r2.get("sorted").get(0).toString()).isEqualTo("[0.7,0.4,0.2]");
    }

    private static final StreamSpec BEST = StreamSpec.builder("compare.best", Kind.MATRIX_F32)
            .sampleRate(0)
            .blockSamples(1)
            .channels(IntStream.range(0, 5)
                    .mapToObj(c -> ChannelInfo.of("u" + c, "", 1))
                    .toList())
            .build();

    private static Block fit(StreamSpec spec, long rows, float... v) {
        Block b = row(spec, 0, v);
        b.setFirstSample(rows);
        return b;
    }

    @Test
    void neuronsPerBestSetAndTheR2OfEachNeuronsBestSet() throws Exception {
        ModelView v = new ModelView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        v.activate(TestConfig.of(ModelViewConfig.class));
        SinkRun run = Harness.sink(v, R2, BEST);
        // the best row of a fit may overtake its r2 row: counts go out at once, R² once r2 arrives
        run.feed(1, fit(BEST, 500, 1, 0, -1, 1, 1));
        JsonNode early = JSON.readTree(page.frames.get(0));
        assertThat(early.get("part").asText()).isEqualTo("best");
        assertThat(early.get("source").asText()).isEqualTo("compare.best");
        assertThat(early.get("counts").toString()).isEqualTo("[1,3]");
        assertThat(early.get("undefined").asInt()).isEqualTo(1);
        assertThat(early.has("bestR2")).isFalse();

        run.feed(0, fit(R2, 500, 0.1f, 0.5f, Float.NaN, 0.3f, 0.2f, 0.9f, -0.1f, 0.4f, 0.0f, 0.6f));
        assertThat(page.frames).hasSize(3); // the r2 curves, then the best frame again with R²
        JsonNode b = JSON.readTree(page.frames.get(2));
        assertThat(b.get("part").asText()).isEqualTo("best");
        assertThat(b.get("fit").asLong()).isEqualTo(500);
        assertThat(b.get("sets").toString()).isEqualTo("[\"kin\",\"chr\"]");
        assertThat(b.get("neurons").asInt()).isEqualTo(5);
        assertThat(b.get("counts").toString()).isEqualTo("[1,3]");
        assertThat(b.get("best").toString()).isEqualTo("[1,0,-1,1,1]");
        // u0 chr 0.9, u1 kin 0.5, u2 undefined, u3 chr 0.0, u4 chr 0.6
        assertThat(b.get("bestR2").toString()).isEqualTo("[0.9,0.5,null,0.0,0.6]");
        assertThat(b.get("r2").get(0).toString()).isEqualTo("[0.1,0.5,null,0.3,0.2]");
        assertThat(b.get("r2").get(1).toString()).isEqualTo("[0.9,-0.1,0.4,0.0,0.6]");

        // a later fit's r2 does not pair with the old best row
        run.feed(0, fit(R2, 1000, new float[10]));
        assertThat(page.frames).hasSize(4);
        assertThat(JSON.readTree(page.frames.get(3)).get("part").asText()).isEqualTo("r2");
    }

    @Test
    void bestWithoutR2NumbersTheSetsAndSamplesAtMostPointsNeurons() throws Exception {
        StreamSpec best = StreamSpec.builder("cmp.best", Kind.MATRIX_F32)
                .sampleRate(0)
                .blockSamples(1)
                .channels(IntStream.range(0, 7)
                        .mapToObj(c -> ChannelInfo.of("u" + c, "", 1))
                        .toList())
                .build();
        ModelView v = new ModelView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        v.activate(TestConfig.of(ModelViewConfig.class));
        SinkRun run = Harness.sink(v, best);
        run.feed(fit(best, 10, 2, 2, 0, Float.NaN, 2, 0, 2));
        JsonNode b = JSON.readTree(page.frames.get(0));
        assertThat(b.get("sets").toString()).isEqualTo("[\"set 0\",\"set 1\",\"set 2\"]");
        assertThat(b.get("counts").toString()).isEqualTo("[2,0,4]");
        assertThat(b.get("undefined").asInt()).isEqualTo(1);
    }

    /** model.selectivity's proj at 10 frames/s and the corridor labels on the same clock. */
    private static final StreamSpec PROJ = StreamSpec.builder("sel.proj", Kind.MATRIX_F32)
            .sampleRate(10)
            .blockSamples(1)
            .channels(java.util.List.of(ChannelInfo.of("cd", "a.u.", 1)))
            .build();

    private static final StreamSpec TRIALS = StreamSpec.builder("scope.trials", Kind.EVENTS)
            .sampleRate(10)
            .blockSamples(2)
            .channels(java.util.List.of(ChannelInfo.of("corridor", "", 1)))
            .build();

    private static Block frames(long first, float... v) {
        Block b = Block.allocate(Kind.MATRIX_F32, 1, v.length);
        System.arraycopy(v, 0, b.f32(), 0, v.length);
        b.setFirstSample(first);
        b.setSampleCount(v.length);
        return b;
    }

    private static Block label(long sample, int state, String text) {
        Block b = Block.forSpec(TRIALS);
        b.addEvent(sample, 0, state, text);
        return b;
    }

    private static java.util.List<JsonNode> parts(CollectingFrames page, String part) throws Exception {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (String f : page.frames) {
            JsonNode n = JSON.readTree(f);
            if (n.get("part").asText().equals(part)) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void perTrialProjectionAveragedPerConditionMatchesAHandComputedReference() throws Exception {
        ModelView v = new ModelView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        long[] now = {0};
        v.clock = () -> now[0];
        // 0.2 s before and 0.3 s after each onset at 10 Hz: samples onset-2 .. onset+2
        v.activate(TestConfig.of(
                ModelViewConfig.class,
                "conditions",
                "leaf1,circle1",
                "trialBefore",
                0.2,
                "trialAfter",
                0.3,
                "singleTrials",
                2,
                "points",
                100));
        SinkRun run = Harness.sink(v, PROJ, TRIALS);
        float[] p = new float[60];
        for (int s = 0; s < p.length; s++) {
            p[s] = s % 7 + 0.5f * (s / 10); // no two windows alike
        }
        p[21] = Float.NaN; // a frame before both conditions had data
        run.feed(1, label(10, 1, "leaf1"));
        run.feed(1, label(15, 0, "leaf1")); // the corridor's end starts nothing
        run.feed(1, label(20, 1, "circle1"));
        run.feed(1, label(25, 1, "gray")); // not a condition
        run.feed(1, label(30, 1, "leaf1"));
        for (int s = 0; s < p.length; s++) {
            run.feed(0, frames(s, p[s]));
        }
        java.util.List<JsonNode> t = parts(page, "trials");
        JsonNode last = t.get(t.size() - 1);
        assertThat(last.get("conditions").toString()).isEqualTo("[\"leaf1\",\"circle1\"]");
        assertThat(last.get("trials").toString()).isEqualTo("[2,1]");
        assertThat(last.get("t0").asDouble()).isCloseTo(-0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(last.get("dt").asDouble()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode leaf = last.get("mean").get(0);
        JsonNode circle = last.get("mean").get(1);
        assertThat(leaf).hasSize(5);
        for (int i = 0; i < 5; i++) {
            double ref = (p[8 + i] + p[28 + i]) / 2.0;
            assertThat(leaf.get(i).asDouble())
                    .as("leaf1 at %d", i)
                    .isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-5));
            if (18 + i == 21) {
                assertThat(circle.get(i).isNull()).isTrue(); // its only trial had NaN there
            } else {
                assertThat(circle.get(i).asDouble()).isCloseTo(p[18 + i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        // the two latest single trials, oldest first: circle1 at 2.0 s, leaf1 at 3.0 s
        JsonNode single = last.get("single");
        assertThat(single).hasSize(2);
        assertThat(single.get(0).get("condition").asInt()).isEqualTo(1);
        assertThat(single.get(0).get("onset").asDouble()).isEqualTo(2.0);
        assertThat(single.get(1).get("condition").asInt()).isEqualTo(0);
        assertThat(single.get(1).get("values").get(4).asDouble())
                .isCloseTo(p[32], org.assertj.core.data.Offset.offset(1e-6));
        // one trials frame per completed trial (the clock stands still, so no once-a-second repeats)
        assertThat(t).hasSize(3);
        assertThat(t.get(0).get("trials").toString()).isEqualTo("[1,0]");
    }

    @Test
    void theTraceIsDecimatedToAtMostPointsBucketMeans() throws Exception {
        ModelView v = new ModelView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        long[] now = {0};
        v.clock = () -> now[0];
        StreamSpec proj = StreamSpec.builder("sel.proj", Kind.MATRIX_F32)
                .sampleRate(30)
                .blockSamples(10)
                .channels(java.util.List.of(ChannelInfo.of("cd", "a.u.", 1)))
                .build();
        v.activate(TestConfig.of(ModelViewConfig.class, "seconds", 10.0, "points", 10));
        SinkRun run = Harness.sink(v, proj);
        for (int blk = 0; blk < 100; blk++) {
            float[] x = new float[10];
            for (int i = 0; i < 10; i++) {
                x[i] = blk * 10 + i; // the value is the sample number
            }
            now[0] += 200_000_000L; // every block may send a frame
            run.feed(frames(blk * 10L, x));
        }
        JsonNode f = parts(page, "proj").get(99);
        JsonNode values = f.get("values");
        assertThat(values.size()).isBetween(9, 10); // 300 samples in buckets of ceil(300 / 10) = 30
        assertThat(f.get("dt").asDouble()).isCloseTo(30 / 30.0, org.assertj.core.data.Offset.offset(1e-9));
        long first = Math.round(f.get("t0").asDouble() * 30);
        assertThat(first % 30).isZero();
        assertThat(first).isBetween(700L, 730L); // the last 300 of samples 0..999
        for (int k = 0; k < values.size(); k++) {
            long lo = first + 30L * k;
            long hi = Math.min(lo + 30, 1000);
            assertThat(values.get(k).asDouble())
                    .isCloseTo((lo + hi - 1) / 2.0, org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(f.get("now").asDouble()).isCloseTo(1000 / 30.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void projectionFramesAreRateLimitedButEveryFrameIsKept() throws Exception {
        ModelView v = new ModelView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        long[] now = {5_000_000_000L};
        v.clock = () -> now[0];
        v.activate(TestConfig.of(ModelViewConfig.class, "framesPerSecond", 10, "seconds", 10.0));
        SinkRun run = Harness.sink(v, PROJ);
        for (int s = 0; s < 50; s++) {
            run.feed(frames(s, 1f)); // 50 frames within one instant of wall time
        }
        assertThat(parts(page, "proj")).hasSize(1);
        now[0] += 99_000_000L;
        run.feed(frames(50, 2f));
        assertThat(parts(page, "proj")).hasSize(1);
        now[0] += 1_000_000L; // 100 ms after the first frame
        run.feed(frames(51, 3f));
        java.util.List<JsonNode> p = parts(page, "proj");
        assertThat(p).hasSize(2);
        JsonNode values = p.get(1).get("values");
        assertThat(values).hasSize(52); // 52 frames, room for 10 s = 100 at 10 Hz: one point each
        assertThat(values.get(50).asDouble()).isEqualTo(2.0);
        assertThat(values.get(51).asDouble()).isEqualTo(3.0);
        // unwatched, nothing is built but the frames are still kept
        page.watched = false;
        now[0] += 1_000_000_000L;
        run.feed(frames(52, 4f));
        assertThat(parts(page, "proj")).hasSize(2);
        page.watched = true;
        now[0] += 1_000_000_000L;
        run.feed(frames(53, 5f));
        assertThat(parts(page, "proj").get(2).get("values")).hasSize(54);
    }

    @Test
    void keepingTheProjectionAllocatesNothingPerBlock() throws Exception {
        ModelView v = new ModelView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        v.clock = () -> 0; // one trace frame, then the rate limit holds every other back
        v.activate(TestConfig.of(ModelViewConfig.class));
        SinkRun run = Harness.sink(v, PROJ, TRIALS);
        Block b = frames(0, 1f);
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int s = 0; s < 20_000; s++) { // warm up: JIT, the ring filled and wrapped
            b.setFirstSample(s);
            b.f32()[0] = s;
            run.feed(0, b);
        }
        long before = mx.getThreadAllocatedBytes(id);
        for (int s = 20_000; s < 120_000; s++) {
            b.setFirstSample(s);
            b.f32()[0] = s;
            run.feed(0, b);
        }
        long allocated = mx.getThreadAllocatedBytes(id) - before;
        assertThat(page.frames).hasSize(1);
        assertThat(allocated).as("bytes allocated over 100,000 blocks").isLessThan(4_096);
    }
}
