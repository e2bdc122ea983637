package org.neurorig.plugin.views.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;

class HeatmapViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 100_000;

    private static StreamSpec dff(int neurons) {
        return StreamSpec.builder("scope.dff", Kind.CONTINUOUS_F32)
                .defaultChannels("dF/F", 1)
                .channelCount(neurons)
                .sampleRate(30)
                .blockSamples(1)
                .build();
    }

    /** Neuron i of frame t: its pixel row (i / 100) mod 200, plus (i mod 100) / 100, plus t. */
    private static Block frame(StreamSpec spec, long t) {
        Block b = Block.forSpec(spec);
        float[] v = b.f32();
        for (int i = 0; i < spec.channelCount(); i++) {
            v[i] = (i / 100) % 200 + (i % 100) / 100f + t;
        }
        b.setFirstSample(t);
        b.setSampleCount(1);
        return b;
    }

    private static HeatmapView view(CollectingFrames page, long[] now, Object... cfg) {
        HeatmapView v = new HeatmapView();
        v.frames = page;
        v.clock = () -> now[0];
        v.activate(TestConfig.of(HeatmapViewConfig.class, cfg));
        return v;
    }

    @Test
    void hundredThousandNeuronsBecomeAThousandRowsOfOneByteEach() throws Exception {
        CollectingFrames page = new CollectingFrames();
        long[] now = {0};
        HeatmapView v = view(page, now, "autoScale", false, "lo", 0.0, "hi", 254.0);
        StreamSpec spec = dff(N);
        SinkRun run = Harness.sink(v, spec);
        Block b = frame(spec, 3);
        b.f32()[500] = Float.NaN; // one missing neuron does not blank its row
        for (int i = 700; i < 800; i++) {
            b.f32()[i] = Float.NaN; // a row without any value
        }
        run.feed(b);

        assertThat(v.perRow()).isEqualTo(100);
        assertThat(v.rows()).isEqualTo(1000);
        assertThat(page.frames).hasSize(1);
        String text = page.frames.get(0);
        assertThat(text.length()).isLessThan(1700); // 1,000 bytes as base64 (1,336 chars) and a short header
        JsonNode f = JSON.readTree(text);
        assertThat(f.get("neurons").asInt()).isEqualTo(N);
        assertThat(f.get("rows").asInt()).isEqualTo(1000);
        assertThat(f.get("columns").asInt()).isEqualTo(1);
        assertThat(f.get("t0").asDouble()).isEqualTo(0.1);
        byte[] px = Base64.getDecoder().decode(f.get("data").asText());
        assertThat(px).hasSize(1000);
        for (int r = 0; r < 1000; r++) {
            // max of row r = r mod 200 + 0.99 + 3 → rounds to r mod 200 + 4 on the 0..254 scale
            int expected = r == 7 ? 255 : (r % 200) + 4;
            assertThat(px[r] & 0xff).as("row %d", r).isEqualTo(expected);
        }
    }

    @Test
    void meanPoolingAndUnevenRows() throws Exception {
        CollectingFrames page = new CollectingFrames();
        long[] now = {0};
        HeatmapView v = view(page, now, "reduce", "mean", "rows", 7, "autoScale", false, "lo", 0.0, "hi", 254.0);
        StreamSpec spec = dff(2_050); // 293 neurons per row, 7 rows, the last one 292
        Harness.sink(v, spec).feed(frame(spec, 0));
        assertThat(v.perRow()).isEqualTo(293);
        assertThat(v.rows()).isEqualTo(7);
        byte[] px = Base64.getDecoder()
                .decode(JSON.readTree(page.frames.get(0)).get("data").asText());
        assertThat(px).hasSize(7);
        for (int r = 0; r < 7; r++) {
            double sum = 0;
            int n = 0;
            for (int i = r * 293; i < Math.min(2_050, (r + 1) * 293); i++) {
                sum += (i / 100) % 200 + (i % 100) / 100.0;
                n++;
            }
            assertThat(px[r] & 0xff).as("row %d", r).isEqualTo((int) Math.round(sum / n));
        }
    }

    @Test
    void columnsWaitForTheNextFrameAndAutoScaleSpansThem() throws Exception {
        CollectingFrames page = new CollectingFrames();
        long[] now = {0};
        HeatmapView v = view(page, now, "rows", 10, "framesPerSecond", 30);
        StreamSpec spec = dff(1_000);
        SinkRun run = Harness.sink(v, spec);
        for (int t = 0; t < 10; t++) {
            run.feed(frame(spec, t)); // frozen clock: only the first goes out at once
        }
        assertThat(page.frames).hasSize(1);
        now[0] += 1_000_000_000L / 30;
        run.feed(frame(spec, 10));
        assertThat(page.frames).hasSize(2);
        JsonNode f = JSON.readTree(page.frames.get(1));
        assertThat(f.get("columns").asInt()).isEqualTo(10); // frames 1..10
        assertThat(f.get("t0").asDouble()).isEqualTo(1 / 30.0);
        // rows of 100 neurons: max of row r at frame t = r + 0.99 + t; over t = 1..10, r = 0..9
        assertThat(f.get("lo").asDouble()).isCloseTo(1.99, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(f.get("hi").asDouble()).isCloseTo(19.99, org.assertj.core.data.Offset.offset(1e-5));
        byte[] px = Base64.getDecoder().decode(f.get("data").asText());
        assertThat(px).hasSize(100);
        assertThat(px[0] & 0xff).isEqualTo(0); // column 0 (t=1), row 0: the minimum
        assertThat(px[99] & 0xff).isEqualTo(254); // column 9 (t=10), row 9: the maximum
        assertThat(px[5 * 10 + 3] & 0xff).isEqualTo((int) Math.round((6 + 3 - 1.0) / 18 * 254)); // t=6, r=3
    }

    @Test
    void aFullWindowDropsTheOldestColumnsAndNothingGoesOutUnwatched() throws Exception {
        CollectingFrames page = new CollectingFrames();
        page.watched = false;
        long[] now = {0};
        HeatmapView v = view(page, now, "rows", 10, "columns", 10);
        StreamSpec spec = dff(100);
        SinkRun run = Harness.sink(v, spec);
        for (int t = 0; t < 25; t++) {
            run.feed(frame(spec, t));
        }
        assertThat(page.frames).isEmpty();
        assertThat(v.columnsDropped()).isEqualTo(15);
        page.watched = true;
        run.feed(frame(spec, 25));
        JsonNode f = JSON.readTree(page.frames.get(0));
        assertThat(f.get("columns").asInt()).isEqualTo(10);
        assertThat(f.get("t0").asDouble()).isEqualTo(16 / 30.0);
    }

    /** One row of N values, as model.sort.rastermap emits its order and bands. */
    private static Block row(StreamSpec spec, int[] values) {
        Block b = Block.forSpec(spec);
        for (int i = 0; i < values.length; i++) {
            b.f32()[i] = values[i];
        }
        b.setSampleCount(1);
        return b;
    }

    private static StreamSpec perNeuron(String name, int neurons) {
        return StreamSpec.builder(name, Kind.MATRIX_F32)
                .defaultChannels("", 1)
                .channelCount(neurons)
                .blockSamples(1)
                .build();
    }

    /**
     * With an order, pixel row r pools the neurons at positions r·perRow… of the order: the reversed
     * order shows row 999 first; the bands' boundaries come as pixel rows; an order that names a
     * neuron twice is refused with a status and the order in use stays.
     */
    @Test
    void rowsFollowTheOrderInputAndBandBoundariesAreMarked() throws Exception {
        CollectingFrames page = new CollectingFrames();
        long[] now = {0};
        HeatmapView v = view(page, now, "autoScale", false, "lo", 0.0, "hi", 254.0);
        StreamSpec spec = dff(N);
        StreamSpec orderSpec = perNeuron("sort.order", N);
        StreamSpec bandSpec = perNeuron("sort.bands", N);
        SinkRun run = Harness.sink(v, spec, orderSpec, bandSpec);
        int[] reversed = new int[N];
        int[] bands = new int[N];
        for (int i = 0; i < N; i++) {
            reversed[i] = N - 1 - i;
            bands[i] = i < 30_050 ? 0 : i < 70_000 ? 1 : 2; // 30,050 falls inside pixel row 300
        }
        run.feed(1, row(orderSpec, reversed)).feed(2, row(bandSpec, bands)).feed(0, frame(spec, 3));
        JsonNode f = JSON.readTree(page.frames.get(page.frames.size() - 1));
        assertThat(f.get("sorted").asBoolean()).isTrue();
        byte[] px = Base64.getDecoder().decode(f.get("data").asText());
        for (int r = 0; r < 1000; r++) {
            assertThat(px[r] & 0xff).as("row %d", r).isEqualTo(((999 - r) % 200) + 4);
        }
        // a boundary where the first neuron of a row is in another band than the row above's
        assertThat(f.get("bounds")).extracting(JsonNode::asInt).containsExactly(301, 700);

        // a later fit's order without its bands yet: no bounds (the old bands describe the old order)
        Block next = row(orderSpec, reversed);
        next.setFirstSample(1800);
        now[0] += 1_000_000_000L;
        run.feed(1, next).feed(0, frame(spec, 3));
        assertThat(JSON.readTree(page.frames.get(page.frames.size() - 1)).has("bounds"))
                .isFalse();
        Block nextBands = row(bandSpec, bands);
        nextBands.setFirstSample(1800);
        now[0] += 1_000_000_000L;
        run.feed(2, nextBands).feed(0, frame(spec, 3));
        assertThat(JSON.readTree(page.frames.get(page.frames.size() - 1)).get("bounds"))
                .extracting(JsonNode::asInt)
                .containsExactly(301, 700);

        int[] twice = reversed.clone();
        twice[5] = twice[6];
        now[0] += 1_000_000_000L;
        run.feed(1, row(orderSpec, twice)).feed(0, frame(spec, 4));
        assertThat(run.context().lastMessage()).contains("not a permutation").contains("position 6");
        JsonNode g = JSON.readTree(page.frames.get(page.frames.size() - 1));
        byte[] px2 = Base64.getDecoder().decode(g.get("data").asText());
        assertThat(px2[0] & 0xff).isEqualTo(999 % 200 + 5); // still the reversed order, frame t = 4
    }

    @Test
    void anOrderOfAnotherPopulationIsRefusedAtPrepare() {
        HeatmapView v = view(new CollectingFrames(), new long[1]);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Harness.sink(v, dff(1000), perNeuron("sort.order", 999)))
                .hasMessageContaining("input 1 (sort.order) must be the order of the 1000 neurons of scope.dff");
    }
}
