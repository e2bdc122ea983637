package org.neurorig.plugin.views.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;

class ModelViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** model.encoding.compare's r2: set-major channels kin:u0..u4, chr:u0..u4. */
    private static final StreamSpec R2 = StreamSpec.builder("compare.r2", Kind.MATRIX_F32).sampleRate(0).blockSamples(1)
            .channels(IntStream.range(0, 10).mapToObj(c -> ChannelInfo.of((c < 5 ? "kin:u" : "chr:u") + c % 5, "", 1))
                    .toList()).build();
    private static final StreamSpec DPRIME = StreamSpec.builder("sel.dprime", Kind.MATRIX_F32).sampleRate(0)
            .blockSamples(1).channels(IntStream.range(0, 6).mapToObj(c -> ChannelInfo.of("n" + c, "", 1)).toList())
            .build();

    private static Block row(StreamSpec spec, int input, float... v) {
        Block b = Block.forSpec(spec);
        System.arraycopy(v, 0, b.f32(), 0, v.length);
        b.setSampleCount(1);
        b.setInput(input);
        return b;
    }

    @Test
    void sortedR2PerSetAndADPrimeHistogram() throws Exception {
        ModelView v = new ModelView();
        CollectingFrames page = new CollectingFrames();
        v.frames = page;
        v.activate(TestConfig.of(ModelViewConfig.class, "points", 3, "bins", 6, "range", 3.0));
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
        // kin sorted 0.5 0.3 0.2 0.1 → ranks 0, 2 (1.5 rounds up), 3; chr 0.9 0.6 0.4 0 -0.1 → ranks 0, 2, 4
        assertThat(r2.get("sorted").get(0).toString()).isEqualTo("[0.5,0.2,0.1]");
        assertThat(r2.get("sorted").get(1).toString()).isEqualTo("[0.9,0.4,-0.1]");

        JsonNode d = JSON.readTree(page.frames.get(1));
        assertThat(d.get("part").asText()).isEqualTo("dprime");
        assertThat(d.get("counts").toString()).isEqualTo("[2,0,0,1,0,2]"); // beyond ±3 in the end bins
        assertThat(d.get("n").asInt()).isEqualTo(5);
        assertThat(d.get("nan").asInt()).isEqualTo(1);
        assertThat(d.get("lo").asDouble()).isEqualTo(-3.0);
    }

    @Test
    void aPlainRidgeR2IsOneSetAndNothingGoesOutUnwatched() throws Exception {
        StreamSpec ridge = StreamSpec.builder("enc.r2", Kind.MATRIX_F32).sampleRate(0).blockSamples(1)
                .channels(IntStream.range(0, 3).mapToObj(c -> ChannelInfo.of("unit" + c, "", 1)).toList()).build();
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
}
