package org.neurorig.plugin.python.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.testkit.CollectingEmitter;
import org.neurorig.testkit.TestConfig;
import org.neurorig.testkit.TestContext;

/**
 * The host side of a python node against a stand-in child ({@link FakeChild}) on a real ZeroMQ
 * socket, and against real processes (a shell script in the interpreter's place) for start-up
 * failures: prepare and its output, blocks in and out exactly, an error's last line, a dead child's
 * exit code, snapshots, stop.
 */
class PythonNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StreamSpec F32 = StreamSpec.builder("amp.out", Kind.CONTINUOUS_F32)
            .channelCount(3)
            .sampleRate(1000)
            .blockSamples(8)
            .source("amp")
            .build();

    @TempDir
    Path tmp;

    private PythonNode node;
    private final AtomicReference<FakeChild> child = new AtomicReference<>();

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    private PythonNode node(Map<String, Object> keys) {
        PythonNode n = new PythonNode();
        n.configure(TestConfig.of(PythonNodeConfig.class, keys), null);
        return n;
    }

    /** A node whose child is the fake, answering prepare with {@code prepared} and blocks with {@code onBlock}. */
    private PythonNode withFake(String prepared, FakeChild.OnBlock onBlock) {
        PythonNode n = node(Map.of("module", "doubler", "params", "{\"gain\": 2, \"label\": \"x\"}"));
        n.starters = name -> endpoint -> {
            FakeChild c = new FakeChild(endpoint, prepared, onBlock);
            child.set(c);
            return c;
        };
        node = n;
        return n;
    }

    private static Block block(long seq, long first, float[] values, long acq, int flags) {
        Block b = Block.forSpec(F32);
        System.arraycopy(values, 0, b.f32(), 0, values.length);
        b.setSampleCount(values.length / F32.channelCount());
        b.setFirstSample(first);
        b.setAcqTimeNanos(acq);
        b.setFlags(flags);
        BlockStamp.seq(b, seq);
        return b;
    }

    /** Emits every value doubled, then done with the block's seq. */
    private static boolean doubler(FakeChild self, FakeChild.ReceivedBlock in, FakeChild.Out out) {
        float[] v = in.f32();
        for (int i = 0; i < v.length; i++) {
            v[i] *= 2;
        }
        out.send(
                FakeChild.ascii("emit"),
                FakeChild.u16(0),
                FakeChild.header(
                        2, in.firstSample(), in.sampleCount(), 3, in.sampleRate(), in.acqTimeNanos(), in.flags()),
                FakeChild.f32(v));
        out.send(FakeChild.ascii("done"), FakeChild.u64(in.seq()));
        return true;
    }

    @Test
    void prepareSendsInputsAndParamsAndReturnsTheDeclaredOutput() throws Exception {
        PythonNode n = withFake(FakeChild.prepared("out", "CONTINUOUS_F32", 2, 1000.0, 16), PythonNodeTest::doubler);
        StreamSpec events = StreamSpec.builder("ttl.out", Kind.EVENTS)
                .channelCount(1)
                .sampleRate(1000)
                .blockSamples(4)
                .build();
        List<StreamSpec> out = n.prepare(List.of(F32, events), new TestContext("py"));

        assertThat(out).hasSize(1);
        StreamSpec o = out.get(0);
        assertThat(o.name()).isEqualTo("out");
        assertThat(o.kind()).isEqualTo(Kind.CONTINUOUS_F32);
        assertThat(o.channelCount()).isEqualTo(2); // the child's, not the input's 3
        assertThat(o.blockSamples()).isEqualTo(16);
        assertThat(o.sampleRate()).isEqualTo(1000.0);
        JsonNode req = JSON.readTree(child.get().prepareBody);
        assertThat(req.get("config").get("gain").asInt()).isEqualTo(2);
        assertThat(req.get("config").get("label").asText()).isEqualTo("x");
        assertThat(req.get("inputs")).hasSize(2);
        JsonNode in0 = req.get("inputs").get(0);
        assertThat(in0.get("name").asText()).isEqualTo("amp.out");
        assertThat(in0.get("kind").asText()).isEqualTo("CONTINUOUS_F32");
        assertThat(in0.get("channelCount").asInt()).isEqualTo(3);
        assertThat(in0.get("sampleRate").asDouble()).isEqualTo(1000.0);
        assertThat(in0.get("blockSamples").asInt()).isEqualTo(8);
        assertThat(req.get("inputs").get(1).get("kind").asText()).isEqualTo("EVENTS");
    }

    @Test
    void blocksGoOutAndComeBackExactly() throws Exception {
        PythonNode n = withFake(FakeChild.prepared("out", "CONTINUOUS_F32", 3, 1000.0, 8), PythonNodeTest::doubler);
        List<StreamSpec> specs = n.prepare(List.of(F32), new TestContext("py"));
        CollectingEmitter out = new CollectingEmitter(specs);
        float[] a = {1.5f, -2f, 3.25f, 4f, 5f, -6.5f};
        float[] b = {Float.MAX_VALUE / 4, -0f, 1e-30f};
        n.process(block(7, 100, a, 123_456_789L, Block.FLAG_DISCONTINUITY), out);
        n.process(block(8, 102, b, 123_999_999L, 0), out);

        List<FakeChild.ReceivedBlock> sent = child.get().blocks;
        assertThat(sent).hasSize(2);
        FakeChild.ReceivedBlock s0 = sent.get(0);
        assertThat(s0.port()).isZero();
        assertThat(s0.kind()).isEqualTo(2); // CONTINUOUS_F32 on the wire (docs/WIRE.md §3)
        assertThat(s0.seq()).isEqualTo(7);
        assertThat(s0.firstSample()).isEqualTo(100);
        assertThat(s0.sampleCount()).isEqualTo(2);
        assertThat(s0.channelCount()).isEqualTo(3);
        assertThat(s0.sampleRate()).isEqualTo(1000.0);
        assertThat(s0.acqTimeNanos()).isEqualTo(123_456_789L);
        assertThat(s0.pubTimeNanos()).isPositive();
        assertThat(s0.flags()).isEqualTo(Block.FLAG_DISCONTINUITY);
        assertThat(s0.f32()).containsExactly(a);
        assertThat(sent.get(1).f32()).containsExactly(b);

        List<Block> got = out.emitted(0);
        assertThat(got).hasSize(2);
        assertThat(got.get(0).sampleCount()).isEqualTo(2);
        assertThat(got.get(0).firstSample()).isEqualTo(100);
        assertThat(got.get(0).acqTimeNanos()).isEqualTo(123_456_789L);
        assertThat(got.get(0).flags()).isEqualTo(Block.FLAG_DISCONTINUITY);
        assertThat(java.util.Arrays.copyOf(got.get(0).f32(), 6)).containsExactly(3f, -4f, 6.5f, 8f, 10f, -13f);
        assertThat(java.util.Arrays.copyOf(got.get(1).f32(), 3)).containsExactly(Float.MAX_VALUE / 2, -0f, 2e-30f);
        assertThat(got.get(1).firstSample()).isEqualTo(102);
    }

    @Test
    void theSecondInputsBlocksCarryItsPort() throws Exception {
        PythonNode n = withFake(FakeChild.prepared("out", "CONTINUOUS_F32", 3, 1000.0, 8), PythonNodeTest::doubler);
        List<StreamSpec> specs = n.prepare(List.of(F32, F32.withName("other.out")), new TestContext("py"));
        Block in = block(0, 0, new float[] {1, 2, 3}, 0, 0);
        BlockStamp.input(in, 1);
        n.process(in, new CollectingEmitter(specs));
        assertThat(child.get().blocks.get(0).port()).isEqualTo(1);
    }

    @Test
    void aPythonErrorFailsTheCallWithItsLastLineAndTheConversationGoesOn() throws Exception {
        PythonNode n = withFake(FakeChild.prepared("out", "CONTINUOUS_F32", 3, 1000.0, 8), (self, in, out) -> {
            if (in.seq() == 1) {
                out.send(
                        FakeChild.ascii("error"),
                        ("{\"message\":\"ZeroDivisionError: division by zero\",\"traceback\":"
                                        + "\"Traceback (most recent call last):\\n  File \\\"x.py\\\"\\n"
                                        + "ZeroDivisionError: division by zero\\n\"}")
                                .getBytes(StandardCharsets.UTF_8));
                out.send(FakeChild.ascii("done"), FakeChild.u64(in.seq()));
                return true;
            }
            return doubler(self, in, out);
        });
        List<StreamSpec> specs = n.prepare(List.of(F32), new TestContext("py"));
        CollectingEmitter out = new CollectingEmitter(specs);
        n.process(block(0, 0, new float[] {1, 1, 1}, 0, 0), out);
        assertThatThrownBy(() -> n.process(block(1, 1, new float[] {2, 2, 2}, 0, 0), out))
                .isInstanceOf(PythonNode.PythonException.class)
                .hasMessage("ZeroDivisionError: division by zero");
        n.process(block(2, 2, new float[] {3, 3, 3}, 0, 0), out);
        assertThat(out.emitted(0)).hasSize(2);
        assertThat(out.emitted(0).get(1).firstSample()).isEqualTo(2);
        assertThat(out.emitted(0).get(1).f32()[0]).isEqualTo(6f);
    }

    @Test
    void aChildThatDiesFailsTheCallWithItsExitCodeAndLastErrorLine() throws Exception {
        PythonNode n = withFake(FakeChild.prepared("out", "CONTINUOUS_F32", 3, 1000.0, 8), (self, in, out) -> {
            self.exitCode = 137;
            self.lastErrorLine = "MemoryError";
            return false;
        });
        List<StreamSpec> specs = n.prepare(List.of(F32), new TestContext("py"));
        assertThatThrownBy(() -> n.process(block(0, 0, new float[] {1, 1, 1}, 0, 0), new CollectingEmitter(specs)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 137")
                .hasMessageContaining("MemoryError");
    }

    @Test
    void aStrangerOnTheSocketGetsNothing() throws Exception {
        String prepared = FakeChild.prepared("out", "CONTINUOUS_F32", 3, 1000.0, 8);
        AtomicReference<FakeChild> stranger = new AtomicReference<>();
        PythonNode n = withFake(prepared, PythonNodeTest::doubler);
        Child.Starter real = n.starters.forNode("py");
        n.starters = name -> endpoint -> {
            // another process on the machine connects first and says hello with its own pid
            FakeChild s = new FakeChild(endpoint, prepared, PythonNodeTest::doubler, 999);
            stranger.set(s);
            while (s.verbs.isEmpty() && s.alive() && !s.helloSent()) {
                Thread.onSpinWait();
            }
            return real.start(endpoint);
        };
        List<StreamSpec> specs = n.prepare(List.of(F32), new TestContext("py"));
        CollectingEmitter out = new CollectingEmitter(specs);
        n.process(block(0, 0, new float[] {1, 2, 3}, 0, 0), out);
        assertThat(out.emitted(0)).hasSize(1);
        assertThat(child.get().verbs).containsExactly("prepare", "block");
        assertThat(stranger.get().verbs).isEmpty();
        stranger.get().destroy(0);
    }

    @Test
    void prepareAgainStartsAFreshChild() throws Exception {
        PythonNode n = withFake(FakeChild.prepared("out", "CONTINUOUS_F32", 3, 1000.0, 8), PythonNodeTest::doubler);
        n.prepare(List.of(F32), new TestContext("py"));
        FakeChild first = child.get();
        List<StreamSpec> specs = n.prepare(List.of(F32), new TestContext("py"));
        assertThat(child.get()).isNotSameAs(first);
        assertThat(first.alive()).isFalse();
        CollectingEmitter out = new CollectingEmitter(specs);
        n.process(block(0, 5, new float[] {1, 2, 3}, 0, 0), out);
        assertThat(out.emitted(0).get(0).f32()[2]).isEqualTo(6f);
        assertThat(first.blocks).isEmpty();
    }

    @Test
    void snapshotAndRestoreGoThroughTheChild() throws Exception {
        PythonNode n = withFake(FakeChild.prepared("out", "CONTINUOUS_F32", 3, 1000.0, 8), PythonNodeTest::doubler);
        n.prepare(List.of(F32), new TestContext("py"));
        child.get().state(new byte[] {1, 2, 3, 0, -1});
        assertThat(n.snapshot()).containsExactly(1, 2, 3, 0, -1);
        n.restore(new byte[] {9, 8});
        assertThat(child.get().restored).containsExactly(9, 8);
        n.restore(new byte[0]); // no state: nothing to send
        assertThat(child.get().verbs).containsExactly("prepare", "snapshot", "restore");
    }

    @Test
    void closeAsksTheChildToStop() throws Exception {
        PythonNode n = withFake(FakeChild.prepared("out", "CONTINUOUS_F32", 3, 1000.0, 8), PythonNodeTest::doubler);
        n.prepare(List.of(F32), new TestContext("py"));
        FakeChild c = child.get();
        n.close();
        assertThat(c.verbs).containsExactly("prepare", "stop");
        assertThat(c.alive()).isFalse();
    }

    @Test
    void anOutputOfAnotherKindIsRefused() {
        PythonNode n = withFake(FakeChild.prepared("out", "MATRIX_F32", 2, 1000.0, 1), PythonNodeTest::doubler);
        assertThatThrownBy(() -> n.prepare(List.of(F32), new TestContext("py")))
                .hasMessageContaining("declares its output as MATRIX_F32 at 1000.0 Hz")
                .hasMessageContaining("first input's kind and rate (CONTINUOUS_F32 at 1000.0 Hz)");
        assertThat(child.get().alive()).isFalse();
    }

    @Test
    void anOutputNamedOtherwiseIsTheNodesOut() throws Exception {
        PythonNode n =
                withFake(FakeChild.prepared("velocity", "CONTINUOUS_F32", 2, 1000.0, 8), PythonNodeTest::doubler);
        List<StreamSpec> out = n.prepare(List.of(F32), new TestContext("dec"));
        assertThat(out.get(0).name()).isEqualTo("out");
        assertThat(out.get(0).source()).isEqualTo("dec");
        assertThat(out.get(0).channelCount()).isEqualTo(2);
    }

    @Test
    void badParamsAreRefusedWhenConfigured() {
        assertThatThrownBy(() -> node(Map.of("module", "m", "params", "{\"gain\": ")))
                .hasMessageContaining("python: params is not valid JSON")
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> node(Map.of("module", "m", "params", "[1, 2]")))
                .hasMessage("python: params is [1, 2], expected a JSON object");
    }

    private Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        assertThat(p.toFile().setExecutable(true)).isTrue();
        return p;
    }

    @Test
    void anInterpreterThatExitsAtOnceFailsPrepareWithItsCodeAndLastLine() throws Exception {
        // in the interpreter's place: a script that fails as Python does on a missing module
        Path py = script(
                "fails.sh",
                "echo 'Traceback (most recent call last):' >&2\n"
                        + "echo \"ModuleNotFoundError: No module named 'nosuch' (args: $*)\" >&2\nexit 3");
        node = node(Map.of("module", "nosuch", "python", py.toString(), "path", "nodes"));
        assertThatThrownBy(() -> node.prepare(List.of(F32), new TestContext("py")))
                .hasMessageContaining("exited with code 3 while starting")
                .hasMessageContaining("ModuleNotFoundError: No module named 'nosuch'")
                // the command line of docs/PYTHON.md
                .hasMessageContaining("args: -m neurorig.run --connect tcp://127.0.0.1:")
                .hasMessageContaining("--module nosuch --path nodes --config {}");
    }

    @Test
    void aChildFailingAtStartTheSameWayAgainIsLoggedOnce() throws Exception {
        Path py = script(
                "fails.sh", "echo 'Traceback (most recent call last):' >&2\necho 'SyntaxError: bad' >&2\nexit 1");
        node = node(Map.of("module", "m", "python", py.toString()));
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(PythonNode.class.getName());
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(h);
        try {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> node.prepare(List.of(F32), new TestContext("py")))
                        .hasMessageContaining("exited with code 1 while starting: SyntaxError: bad");
            }
        } finally {
            log.removeHandler(h);
        }
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0))
                .contains("py: the python child failed to start; it wrote:")
                .contains("Traceback (most recent call last):\nSyntaxError: bad");
    }

    @Test
    void aChildThatNeverConnectsFailsPrepareAfterTheTimeout() throws Exception {
        Path py = script("sleeps.sh", "exec sleep 60");
        node = node(Map.of("module", "m", "python", py.toString(), "timeoutMillis", 300L));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> node.prepare(List.of(F32), new TestContext("py")))
                .hasMessageContaining("took more than 300 ms to connect (key timeoutMillis)");
        assertThat((System.nanoTime() - t0) / 1e6).isLessThan(10_000);
    }

    @Test
    void aMissingInterpreterIsNamed() {
        node = node(Map.of("module", "m", "python", tmp.resolve("no-python").toString()));
        assertThatThrownBy(() -> node.prepare(List.of(F32), new TestContext("py")))
                .hasMessageContaining("cannot start '" + tmp.resolve("no-python") + "' (key python)");
    }
}
