package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 point 11 in a real host: {@code sim.twophoton} → {@code calcium.dff} → {@code model.selectivity},
 * the corridor events going straight from the simulator to the model, so frames and labels reach it
 * on different paths with different delays. The model takes its frames in sample order with the
 * labels, so:
 * <ul>
 * <li>the frames it counts in each texture are exactly the simulator's ground truth (entry frame up
 * to the exit frame of each corridor), and</li>
 * <li>three fast-paced runs give bit-identical outputs (the counting sink's hash of every value of
 * the projection, the d' rows and the coding direction), and a real-time run gives the same
 * outputs as a fast run of the same frames.</li>
 * </ul>
 * Labelling by arrival, the old code counted 8637/5136, 8604/5159 and 8628/5146 frames in three
 * identical fast runs (truth 8630/5143) and labelled one frame late in real time: both checks fail.
 */
class SelectivityAlignmentIT {
    /** With seed 6 the mouse enters leaf1 at frame 0 and circle1 at frame 323 (ground truth, checked below). */
    private static final int SEED = 6;

    private static final int FAST_FRAMES = 3000;
    /** About 13 s of real time at 30 Hz, long enough to reach the first circle1 corridor. */
    private static final int REALTIME_FRAMES = 400;

    private static final int EMIT_EVERY = 30;
    private static final String[] OUTPUTS = {"sel.proj", "sel.dprime", "sel.cd", "dff.out"};
    private static final Pattern COUNTS = Pattern.compile("(\\d+) frames, (\\d+) in leaf1, (\\d+) in circle1");

    @TempDir
    Path tmp;

    private record Run(JsonNode counts, JsonNode summary, JsonNode truth) {}

    private static Run run(RigFixture rig, Path dir, String name, int frames, String pace) throws Exception {
        Path counts = dir.resolve(name + "-counts.json");
        Path truth = dir.resolve(name + "-truth.json");
        Path summary = dir.resolve(name + "-summary.json");
        // sim.twophoton's dff is already ΔF/F, around 0: a median baseline over 10 s keeps F0 above 0
        // for most neurons, so calcium.dff does real work on the frames' path (the others come out
        // as 0, the same in every run)
        Path pipeline = rig.write(
                name + ".yaml",
                """
                name: %s
                nodes:
                  scope: { type: sim.twophoton, config: { neurons: 1000, rateHz: 30, seed: %d, selectiveFraction: 0.2,
                           frames: %d, pace: %s, groundTruth: "%s" } }
                  dff:   { type: calcium.dff, in: scope.dff, config: { windowS: 10, percentile: 50 } }
                  sel:   { type: model.selectivity, in: [dff, scope.trials],
                           config: { conditionA: leaf1, conditionB: circle1, emitEvery: %d } }
                  count: { type: sink.count, in: [sel.proj, sel.dprime, sel.cd, dff.out], config: { file: "%s", hash: true } }
                """
                        .formatted(name, SEED, frames, pace, truth, EMIT_EVERY, counts));
        // the run ends by itself when the frames are done; the duration only bounds a hang
        int code = rig.runAsync(
                        pipeline.toString(),
                        "--duration",
                        "120",
                        "--summary",
                        summary.toString(),
                        "--quiet",
                        "--no-web")
                .get(180, TimeUnit.SECONDS);
        assertThat(code).as(name + " exit code").isZero();
        return new Run(RigFixture.readJson(counts), RigFixture.readJson(summary), RigFixture.readJson(truth));
    }

    /** Frames of each texture by the simulator's ground truth: entry frame up to (not including) the exit frame. */
    private static long[] truthFrames(JsonNode truth, int frames) {
        long[] n = new long[2];
        for (JsonNode t : truth.get("trials")) {
            long entry = t.get("entryFrame").asLong();
            long exit = t.get("exitFrame").asLong() < 0
                    ? frames
                    : Math.min(frames, t.get("exitFrame").asLong());
            n[t.get("texture").asText().equals("leaf1") ? 0 : 1] += Math.max(0, exit - entry);
        }
        return n;
    }

    /** Labelled frames as the model reports them in its last status message. */
    private static long[] modelFrames(Run r, int frames) {
        JsonNode sel = r.summary.get("nodes").get("sel");
        assertThat(sel.get("errors").asLong()).isZero();
        String message = sel.get("message").asText();
        Matcher m = COUNTS.matcher(message);
        assertThat(m.find()).as("selectivity status: %s", message).isTrue();
        assertThat(Long.parseLong(m.group(1))).as(message).isEqualTo(frames);
        // frames released before the labels reached them would be named in the message
        assertThat(message).doesNotContain("before the labels");
        return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static void checkRun(Run r, int frames) {
        assertThat(r.truth.get("complete").asBoolean()).isTrue();
        assertThat(modelFrames(r, frames))
                .as("frames labelled leaf1, circle1")
                .containsExactly(truthFrames(r.truth, frames));
        JsonNode c = r.counts;
        assertThat(c.get("sel.proj").get("samples").asLong()).isEqualTo(frames);
        // a d' row and a coding-direction row every EMIT_EVERY frames (and one at the end)
        long rows = (frames + EMIT_EVERY - 1) / EMIT_EVERY;
        assertThat(c.get("sel.dprime").get("samples").asLong()).isEqualTo(rows);
        assertThat(c.get("sel.cd").get("samples").asLong()).isEqualTo(rows);
        for (String s : OUTPUTS) {
            assertThat(c.get(s).get("seqGaps").asLong()).as(s).isZero();
            assertThat(r.summary.get("streams").get(s).get("drops").asLong())
                    .as(s)
                    .isZero();
        }
    }

    private static void assertSameOutputs(Run a, Run b, String what) {
        for (String s : OUTPUTS) {
            for (String k : new String[] {"blocks", "samples", "firstSample", "endSample", "hash"}) {
                assertThat(b.counts.get(s).get(k))
                        .as("%s: %s %s", what, s, k)
                        .isEqualTo(a.counts.get(s).get(k));
            }
        }
    }

    @Test
    void threeFastRunsAndARealTimeRunLabelEveryFrameByItsSampleAndAgreeBitForBit() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Run first = run(rig, tmp, "fast1", FAST_FRAMES, "fast");
            long[] truth = truthFrames(first.truth, FAST_FRAMES);
            // enough of both textures that one frame labelled early or late changes the sums
            assertThat(truth[0]).isGreaterThan(500);
            assertThat(truth[1]).isGreaterThan(500);
            checkRun(first, FAST_FRAMES);
            for (int i = 2; i <= 3; i++) {
                Run again = run(rig, tmp, "fast" + i, FAST_FRAMES, "fast");
                checkRun(again, FAST_FRAMES);
                assertSameOutputs(first, again, "fast run " + i + " vs fast run 1");
            }

            Run fastShort = run(rig, tmp, "fast-short", REALTIME_FRAMES, "fast");
            long[] shortTruth = truthFrames(fastShort.truth, REALTIME_FRAMES);
            assertThat(shortTruth[0])
                    .as("leaf1 frames before frame %d", REALTIME_FRAMES)
                    .isPositive();
            assertThat(shortTruth[1])
                    .as("circle1 frames before frame %d", REALTIME_FRAMES)
                    .isPositive();
            checkRun(fastShort, REALTIME_FRAMES);
            Run realtime = run(rig, tmp, "realtime", REALTIME_FRAMES, "realtime");
            checkRun(realtime, REALTIME_FRAMES);
            assertSameOutputs(fastShort, realtime, "real-time run vs fast run");
        }
    }
}
