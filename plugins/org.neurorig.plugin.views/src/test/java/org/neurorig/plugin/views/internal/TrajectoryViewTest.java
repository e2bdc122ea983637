package org.neurorig.plugin.views.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;

class TrajectoryViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StreamSpec matrix(String name, String... cols) {
        return StreamSpec.builder(name, Kind.MATRIX_F32)
                .sampleRate(50)
                .blockSamples(1)
                .channels(java.util.Arrays.stream(cols)
                        .map(c -> ChannelInfo.of(c, "px", 1))
                        .toList())
                .build();
    }

    private static final StreamSpec DECODED = matrix("kalman.out", "x", "y", "vx", "vy");
    private static final StreamSpec TRUE = matrix("array.kinematics", "x", "y", "vx", "vy", "penDown");

    /** One row at bin {@code bin}: column c = 10·c + bin (decoded) or 100 + 10·c + bin (true). */
    private static Block row(StreamSpec spec, int input, long bin, float offset) {
        Block b = Block.forSpec(spec);
        for (int c = 0; c < spec.channelCount(); c++) {
            b.f32()[c] = offset + 10 * c + bin;
        }
        b.setFirstSample(bin);
        b.setSampleCount(1);
        BlockStamp.input(b, input);
        return b;
    }

    @Test
    void pointsOfBothInputsInTheConfiguredColumns() throws Exception {
        TrajectoryView v = new TrajectoryView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        long[] now = {0};
        v.clock = () -> now[0];
        v.activate(TestConfig.of(TrajectoryViewConfig.class, "columns", "vx,vy"));
        SinkRun run = Harness.sink(v, DECODED, TRUE);
        run.feed(0, row(DECODED, 0, 0, 0)); // first frame at once
        for (int bin = 1; bin < 5; bin++) {
            Block d = row(DECODED, 0, bin, 0);
            if (bin == 2) {
                d.f32()[2] = Float.NaN; // still calibrating
            }
            run.feed(0, d);
            run.feed(1, row(TRUE, 1, bin, 100));
        }
        assertThat(page.frames).hasSize(1);
        now[0] += 1_000_000_000L / 30;
        run.feed(1, row(TRUE, 1, 5, 100));
        assertThat(page.frames).hasSize(2);
        JsonNode f = JSON.readTree(page.frames.get(1));
        assertThat(f.get("columns").toString()).isEqualTo("[\"vx\",\"vy\"]");
        assertThat(f.get("streams").toString()).isEqualTo("[\"kalman.out\",\"array.kinematics\"]");
        JsonNode dec = f.get("decoded");
        assertThat(dec).hasSize(4); // bins 1..4
        assertThat(dec.get(0).get(0).asDouble()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(dec.get(0).get(1).asDouble()).isEqualTo(21.0); // vx = column 2
        assertThat(dec.get(0).get(2).asDouble()).isEqualTo(31.0); // vy = column 3
        assertThat(dec.get(1).get(1).isNull()).isTrue(); // NaN → null
        JsonNode tru = f.get("true");
        assertThat(tru).hasSize(5); // bins 1..5
        assertThat(tru.get(4).get(1).asDouble()).isEqualTo(125.0);
        assertThat(tru.get(4).get(2).asDouble()).isEqualTo(135.0);
    }

    @Test
    void columnsByIndexAndClearErrors() {
        assertThat(TrajectoryView.column(TRUE, "4")).isEqualTo(4);
        assertThat(TrajectoryView.column(TRUE, "y")).isEqualTo(1);
        assertThatThrownBy(() -> TrajectoryView.column(TRUE, "speed"))
                .hasMessageContaining("'speed'")
                .hasMessageContaining("array.kinematics (x, y, vx, vy, penDown)");
        assertThatThrownBy(
                        () -> new TrajectoryView().activate(TestConfig.of(TrajectoryViewConfig.class, "columns", "x")))
                .hasMessageContaining("columns 'x' must name two columns");
    }
}
