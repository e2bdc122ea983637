package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo slice in a real Felix host: exact sample counts over 10 s, nothing lost. */
class DemoPipelineIT {
    @TempDir
    Path tmp;

    @Test
    void tenSecondsOfDemoArriveExactlyAndInOrder() throws Exception {
        try (RigFixture rig = new RigFixture(tmp)) {
            Path counts = tmp.resolve("counts.json");
            Path pipeline = rig.write(
                    "demo.yaml",
                    """
                    name: demo-it
                    nodes:
                      amp:   { type: sim.sine, config: { channels: 32, rate: 30000, blockSamples: 30, amplitude: 1000 } }
                      gain:  { type: gain.scale, in: amp, config: { gain: 2.0 } }
                      count: { type: sink.count, in: [amp, gain], config: { file: "%s" } }
                    """
                            .formatted(counts));
            Path summary = tmp.resolve("summary.json");
            int code = rig.runAsync(pipeline.toString(), "--duration", "10", "--summary", summary.toString(), "--quiet")
                    .get(60, TimeUnit.SECONDS);
            assertThat(code).isZero();

            JsonNode c = RigFixture.readJson(counts);
            for (String stream : new String[] {"amp.out", "gain.out"}) {
                JsonNode s = c.get(stream);
                assertThat(s.get("samples").asLong()).as(stream + " samples").isEqualTo(300_000);
                assertThat(s.get("blocks").asLong()).as(stream + " blocks").isEqualTo(10_000);
                assertThat(s.get("seqGaps").asLong()).as(stream + " seq gaps").isZero();
                assertThat(s.get("sampleGaps").asLong())
                        .as(stream + " sample gaps")
                        .isZero();
                assertThat(s.get("firstSample").asLong()).isZero();
                assertThat(s.get("endSample").asLong()).isEqualTo(300_000);
            }
            // int16 sine of amplitude 1000 counts; gain 2 doubles it.
            assertThat(c.get("amp.out").get("max").asDouble()).isEqualTo(1000);
            assertThat(c.get("gain.out").get("max").asDouble()).isEqualTo(2000);
            assertThat(c.get("gain.out").get("min").asDouble()).isEqualTo(-2000);

            JsonNode sum = RigFixture.readJson(summary);
            for (String stream : new String[] {"amp.out", "gain.out"}) {
                JsonNode s = sum.get("streams").get(stream);
                assertThat(s.get("samples").asLong()).isEqualTo(300_000);
                assertThat(s.get("gaps").asLong()).isZero();
                assertThat(s.get("drops").asLong()).isZero();
            }
            assertThat(sum.get("nodes").get("gain").get("errors").asLong()).isZero();
            assertThat(sum.get("nodes").get("gain").get("blocksIn").asLong()).isEqualTo(10_000);
            assertThat(sum.get("nodes").get("count").get("status").asText()).isEqualTo("STOPPED");
        }
    }
}
