package org.neurorig.plugin.record.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.adapter.sim.internal.SimEphysSource;
import org.neurorig.adapter.sim.internal.SimEphysSourceConfig;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.testkit.Harness;
import org.neurorig.testkit.SinkRun;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

/**
 * The round trip: 10 s of the real {@code sim.ephys} (384 ch AP at 30 kHz and its 1 Hz sync
 * TTL, seed 3) recorded through the test kit, read back with the NumPy-only reader. The source's
 * blocks go straight to the recorder (nothing is kept in memory); a SHA-256 of every AP value it
 * emitted is compared with the reader's SHA-256 of {@code continuous.dat}.
 */
class SimEphysRoundTripTest {
    private static final int SECONDS = 10;
    private static final long SAMPLES = 30_000L * SECONDS;

    @TempDir
    Path tmp;

    @BeforeAll
    static void requirePython() throws Exception {
        PythonReadBackTest.requirePython();
    }

    /** A sim.ephys configured as DS would: activate is package-private, so call it as SCR does. */
    private static SimEphysSource simEphys(Object... keyValues) throws Exception {
        SimEphysSource s = new SimEphysSource();
        Method activate = SimEphysSource.class.getDeclaredMethod("activate", SimEphysSourceConfig.class);
        activate.setAccessible(true);
        activate.invoke(s, TestConfig.of(SimEphysSourceConfig.class, keyValues));
        return s;
    }

    @Test
    void tenSecondsOfSimEphysReadBackAsEmitted() throws Exception {
        SimEphysSource src = simEphys("seed", 3, "pace", "fast", "blockSamples", 3000, "samples", SAMPLES);
        List<StreamSpec> specs = src.open(new TestContext("probe"));
        StreamSpec ap = specs.get(0).withName("probe.ap");
        StreamSpec ttl = specs.get(2).withName("probe.ttl");
        OpenEphysRecorder recorder = OpenEphysRecorderTest.recorder(tmp);
        SinkRun run = Harness.sink(recorder, ap, ttl);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer bytes = ByteBuffer.allocate(3000 * ap.channelCount() * 2).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> edges = new ArrayList<>();
        List<Integer> states = new ArrayList<>();
        Block[] out = specs.stream().map(Block::forSpec).toArray(Block[]::new);
        long[] seq = new long[out.length];
        Emitter toRecorder = new Emitter() {
            @Override
            public Block block(int port) {
                return out[port];
            }

            @Override
            public void emit(int port) {
                Block b = out[port];
                BlockStamp.seq(b, seq[port]++);
                if (port == 0) {
                    bytes.clear();
                    bytes.asShortBuffer().put(b.i16(), 0, b.sampleCount() * b.channelCount());
                    sha.update(bytes.array(), 0, b.sampleCount() * b.channelCount() * 2);
                    run.feed(0, b);
                } else if (port == 2) {
                    for (int i = 0; i < b.sampleCount(); i++) {
                        edges.add(b.itemSample()[i]);
                        states.add(b.itemValue()[i] == 1 ? 1 : -1); // line 0 → ±1 in states.npy
                    }
                    run.feed(1, b);
                }
                b.clear();
            }
        };
        long emitted = 0;
        while (emitted < SAMPLES) {
            int n = src.read(toRecorder);
            assertThat(n)
                    .as("fast sim.ephys always has a block until its sample limit")
                    .isPositive();
            emitted += n;
        }
        src.close();
        run.close();

        JsonNode j = PythonReadBackTest.read(OpenEphysRecorderTest.rec1(tmp));
        JsonNode c = j.get("continuous").get("probe-100.ap/");
        assertThat(c.get("channels").asInt()).isEqualTo(384);
        assertThat(c.get("samples").asLong()).isEqualTo(SAMPLES); // rate × duration
        assertThat(c.get("sampleNumbers").asLong()).isEqualTo(SAMPLES);
        assertThat(c.get("firstSample").asLong()).isZero();
        assertThat(c.get("lastSample").asLong()).isEqualTo(SAMPLES - 1);
        assertThat(c.get("contiguous").asBoolean()).isTrue();
        assertThat(c.get("timestampsMatch").asBoolean()).isTrue();
        assertThat(c.get("bitVolts").get(0).asDouble()).isEqualTo(0.195);
        assertThat(c.get("sha256").asText())
                .as("values equal to what sim.ephys emitted")
                .isEqualTo(HexFormat.of().formatHex(sha.digest()));

        // the 1 Hz sync wave: an edge every 15,000 samples from 0, rising first: 20 edges in 10 s
        JsonNode t = j.get("events").get("probe-100.ttl/TTL/");
        assertThat(t.get("edges").asInt()).isEqualTo(2 * SECONDS);
        List<Long> want = new ArrayList<>();
        List<Integer> wantStates = new ArrayList<>();
        for (int k = 0; k < 2 * SECONDS; k++) {
            want.add(15_000L * k);
            wantStates.add(k % 2 == 0 ? 1 : -1);
        }
        assertThat(edges).isEqualTo(want);
        assertThat(states).isEqualTo(wantStates);
        assertThat(t.get("sampleNumbers").toString()).isEqualTo(want.toString().replace(" ", ""));
        assertThat(t.get("states").toString()).isEqualTo(wantStates.toString().replace(" ", ""));
        assertThat(t.get("fullWords").get(0).asLong()).isEqualTo(1);
        assertThat(t.get("fullWords").get(1).asLong()).isZero();
    }
}
