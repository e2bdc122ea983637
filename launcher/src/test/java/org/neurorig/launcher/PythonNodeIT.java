package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python nodes in a real host with Debian's python3 (python3-zmq, python3-numpy) and the package the
 * distribution ships (python/neurorig): a node that doubles a sine passes every sample, doubled; one
 * that raises on every 50th block fails exactly those blocks, is restarted each time (a fresh child)
 * and the rest stays exact; one that sleeps for ever is STALLED and held up nothing. The children's
 * prints reach the host log under the node's name, and no child outlives the run. Needs python3
 * with zmq and numpy: required when {@code CI=true}, skipped otherwise.
 */
class PythonNodeIT {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    private static boolean pythonWithZmqAndNumpy() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import zmq, numpy")
                .redirectErrorStream(true)
                .start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** The children of this JVM that run a node loop. */
    private static List<ProcessHandle> nodeChildren() {
        return ProcessHandle.current()
                .descendants()
                .filter(h -> h.info().commandLine().orElse("").contains("neurorig.run"))
                .toList();
    }

    @Test
    void pythonNodesRunFailAndHangWithoutHarmToTheRest() throws Exception {
        boolean ok = pythonWithZmqAndNumpy();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(ok).as(PYTHON + " with zmq and numpy is required in CI").isTrue();
        }
        Assumptions.assumeTrue(ok, PYTHON + " with zmq and numpy not available (Debian: python3-zmq python3-numpy)");

        Path nodes = Files.createDirectories(tmp.resolve("nodes"));
        Files.writeString(
                nodes.resolve("doubler.py"),
                """
                from neurorig import Node

                class Doubler(Node):
                    def prepare(self, inputs, config):
                        self.factor = int(config["factor"])
                        print(f"doubler ready, factor {self.factor}")
                        return super().prepare(inputs, config)

                    def process(self, port, block, emit):
                        emit(0, block.data * self.factor)
                """);
        Files.writeString(
                nodes.resolve("flaky.py"),
                """
                from neurorig import Node

                class Flaky(Node):
                    def process(self, port, block, emit):
                        if block.seq % 50 == 49:
                            raise RuntimeError(f"flaky at block {block.seq}")
                        emit(0, block.data)
                """);
        Files.writeString(
                nodes.resolve("sleeper.py"),
                """
                import time
                from neurorig import Node

                class Sleeper(Node):
                    def process(self, port, block, emit):
                        if block.seq == 10:
                            time.sleep(3600)
                        emit(0, block.data)
                """);

        List<String> log = new CopyOnWriteArrayList<>();
        Logger neurorig = Logger.getLogger("org.neurorig");
        SimpleFormatter text = new SimpleFormatter();
        Handler collect = new Handler() {
            @Override
            public void publish(LogRecord r) {
                log.add(r.getLevel() + " " + text.formatMessage(r));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        collect.setLevel(Level.ALL);
        neurorig.addHandler(collect);
        try (RigFixture rig = new RigFixture(tmp)) {
            // the fixture's home links the distribution's bundles; the package comes from it too
            Files.createSymbolicLink(rig.host.home().resolve("python"), rig.dist.resolve("python"));
            Path source = tmp.resolve("source.json");
            Path doubled = tmp.resolve("doubled.json");
            Path flaked = tmp.resolve("flaked.json");
            Path hung = tmp.resolve("hung.json");
            String py = "module: %s, path: \"" + nodes + "\", python: " + PYTHON;
            Path pipeline = rig.write(
                    "python.yaml",
                    """
                    name: python-it
                    nodes:
                      amp:     { type: sim.sine, config: { channels: 4, rate: 1000, blockSamples: 50, amplitude: 1000 } }
                      double:  { type: python, in: amp, config: { %s, params: '{"factor": 2}' } }
                      flaky:   { type: python, in: amp, config: { %s } }
                      sleepy:  { type: python, in: amp, config: { %s } }
                      source:  { type: sink.count, in: amp, config: { file: "%s" } }
                      doubled: { type: sink.count, in: double, config: { file: "%s" } }
                      flaked:  { type: sink.count, in: flaky, config: { file: "%s" } }
                      hung:    { type: sink.count, in: sleepy, config: { file: "%s" } }
                    """
                            .formatted(
                                    py.formatted("doubler"),
                                    py.formatted("flaky"),
                                    py.formatted("sleeper"),
                                    source,
                                    doubled,
                                    flaked,
                                    hung));
            Path summary = tmp.resolve("summary.json");
            int seconds = 8;
            long samples = 1000L * seconds;
            long t0 = System.nanoTime();
            int code = rig.runAsync(
                            pipeline.toString(),
                            "--duration",
                            Integer.toString(seconds),
                            "--summary",
                            summary.toString(),
                            "--quiet")
                    .get(120, TimeUnit.SECONDS);
            double took = (System.nanoTime() - t0) / 1e9;
            assertThat(code).as(String.join("\n", log)).isZero();

            JsonNode src = RigFixture.readJson(source).get("amp.out");
            assertThat(src.get("samples").asLong()).isEqualTo(samples);
            assertThat(src.get("seqGaps").asLong() + src.get("sampleGaps").asLong())
                    .isZero();

            // every sample through Python and back, doubled: the sine's ±amplitude becomes ±2 × amplitude
            JsonNode d = RigFixture.readJson(doubled).get("double.out");
            assertThat(d.get("samples").asLong()).as(String.join("\n", log)).isEqualTo(samples);
            assertThat(d.get("seqGaps").asLong() + d.get("sampleGaps").asLong()).isZero();
            assertThat(d.get("min").asDouble()).isEqualTo(-2000.0);
            assertThat(d.get("max").asDouble()).isEqualTo(2000.0);

            JsonNode sum = RigFixture.readJson(summary);
            // blocks 49, 99 and 149 of 160 raise: each fails its call and restarts the node's child
            JsonNode flaky = sum.get("nodes").get("flaky");
            assertThat(flaky.get("errors").asLong()).as(flaky.toString()).isEqualTo(3);
            assertThat(flaky.get("restarts").asLong()).isEqualTo(3);
            assertThat(flaky.get("message").asText()).contains("RuntimeError: flaky at block 149");
            assertThat(log).anyMatch(l -> l.contains("flaky failed (error #1), restarting"));
            JsonNode f = RigFixture.readJson(flaked).get("flaky.out");
            assertThat(f.get("samples").asLong()).isEqualTo(samples - 3 * 50);
            assertThat(f.get("seqGaps").asLong() + f.get("sampleGaps").asLong()).isZero();

            // the sleeper took 10 blocks, then never answered: STALLED, and its input was shed
            JsonNode sleepy = sum.get("nodes").get("sleepy");
            assertThat(sleepy.get("status").asText()).as(sleepy.toString()).isEqualTo("STALLED");
            assertThat(sleepy.get("message").asText()).contains("has not returned");
            assertThat(RigFixture.readJson(hung)
                            .get("sleepy.out")
                            .get("samples")
                            .asLong())
                    .isEqualTo(10 * 50);
            assertThat(sum.get("streams").get("amp.out").get("samples").asLong())
                    .isEqualTo(samples);

            // the child's own output, in the host log under the node's name
            assertThat(log).anyMatch(l -> l.contains("double (python stdout): doubler ready, factor 2"));
            assertThat(took).isLessThan(seconds + 40);
        } finally {
            neurorig.removeHandler(collect);
        }
        // every child ended with its node, the hung one included
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!nodeChildren().isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(nodeChildren()).isEmpty();
    }
}
