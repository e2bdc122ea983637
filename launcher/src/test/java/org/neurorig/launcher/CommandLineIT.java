package org.neurorig.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurorig.command.Command;

/** The real {@code bin/neurorig} script of the built distribution, as an operator runs it. */
class CommandLineIT {
    private final Path dist =
            Path.of(System.getProperty("neurorig.dist", "target/neurorig")).toAbsolutePath();

    @TempDir
    Path tmp;

    private Process neurorig(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(dist.resolve("bin/neurorig").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // Free ports so the test never collides with a rig running on this machine.
        pb.environment()
                .put(
                        "NEURORIG_JAVA_OPTS",
                        "-Xmx512m -Dneurorig.bus.subscribe=tcp://127.0.0.1:" + RigFixture.freePort()
                                + " -Dneurorig.bus.publish=tcp://127.0.0.1:" + RigFixture.freePort());
        return pb.start();
    }

    private static String finish(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes());
    }

    @Test
    void validateReportsEveryErrorWithPositionAndExitsTwo() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(
                bad,
                """
                name: bad
                nodes:
                  amp:  { type: sim.sine, config: { channels: 0 } }
                  gain: { type: gain.sclae, in: amp }
                  sink: { type: sink.count, in: nowhere }
                """);
        Process p = neurorig("validate", bad.toString());
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains(bad + ":3:").contains("channels");
        assertThat(out).contains(bad + ":4:").contains("gain.sclae").contains("closest known: gain.scale");
        assertThat(out).contains(bad + ":5:").contains("nowhere");
    }

    /** Every command the distribution's bundles and the launcher provide (issue 12 point 5). */
    private static final List<String> COMMANDS = List.of(
            "bench behaviour",
            "bench bus",
            "bench chain",
            "bench closed-loop",
            "bench ephys",
            "bench hosts",
            "bench models",
            "bench record",
            "bench soak",
            "bundles",
            "chanmap",
            "keys",
            "record",
            "recover",
            "run",
            "serve",
            "set",
            "types",
            "validate");

    @Test
    void anUnknownCommandPrintsTheUsageOfEveryCommandAndExits64() throws Exception {
        Process p = neurorig("bogus");
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isEqualTo(64);
        assertThat(out).contains("neurorig: unknown command 'bogus'\nusage: neurorig COMMAND [ARGS]\n");
        for (String c : COMMANDS) {
            assertThat(out).as(c).containsPattern("(?m)^  " + c + "( .*)?$");
        }
    }

    @Test
    void helpListsEveryCommandPresentAndExitsZero() throws Exception {
        Process p = neurorig("help");
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isZero();
        // one line per command with its arguments, then its summary indented below it
        List<String> named = out.lines()
                .filter(l -> l.startsWith("  ") && !l.startsWith("      "))
                .map(l -> COMMANDS.stream()
                        .filter(c -> l.equals("  " + c) || l.startsWith("  " + c + " "))
                        .findFirst()
                        .orElse("unexpected: " + l))
                .toList();
        assertThat(named).as(out).containsExactlyElementsOf(COMMANDS);
        // and what a host of the same bundles registers, found by interface, is all there
        try (RigFixture rig = new RigFixture(tmp)) {
            assertThat(rig.host.command("run", 10_000)).isNotNull();
            for (Command c : rig.host.commands()) {
                assertThat(out)
                        .as(c.name())
                        .contains("  " + c.name() + (c.usage().isBlank() ? "" : " " + c.usage()) + "\n      "
                                + c.summary() + "\n");
            }
        }
    }

    @Test
    void aFamilyWordAloneListsItsCommands() throws Exception {
        Process p = neurorig("bench");
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isEqualTo(64);
        assertThat(out).contains("neurorig: 'bench' is not a command; 'bench' takes one of:\n");
        assertThat(out).contains("  bench bus ").contains("  bench soak ").doesNotContain("  run ");
    }

    @Test
    void javaOptionsAddToTheHeapDefaults() throws Exception {
        // NEURORIG_JAVA_OPTS without -Xmx must leave the script's 2 GB default in place
        Path log = tmp.resolve("flags.log"); // the JVM's ~800 flag lines would fill a pipe nobody reads yet
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/neurorig").toString(), "bundles")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .put(
                        "NEURORIG_JAVA_OPTS",
                        "-XX:+PrintFlagsFinal -Dneurorig.bus.subscribe=none" + " -Dneurorig.bus.publish=none");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        // both defaults: on any machine at least one differs from the JVM's own (1/4 and 1/64 of memory)
        assertThat(out).containsPattern("(?m)^\\s*size_t MaxHeapSize\\s+= 2147483648\\s");
        assertThat(out).containsPattern("(?m)^\\s*size_t InitialHeapSize\\s+= 268435456\\s");
        assertThat(out).contains("org.neurorig.runtime");
    }

    @Test
    void aFormerTypeNameValidatesWithAWarningNamingTheNewOne() throws Exception {
        Path old = tmp.resolve("old.yaml");
        Files.writeString(
                old,
                """
                name: old
                nodes:
                  amp:  { type: sim.sine }
                  gain: { type: filter.gain, in: amp }
                """);
        Process p = neurorig("validate", old.toString());
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains(old + ":4:17: warning: type 'filter.gain' of node 'gain' is now called 'gain.scale';"
                        + " the old name will be removed\n")
                .contains(old + ": OK");
    }

    @Test
    void typesNamesTheBundleAndClassOfEachType() throws Exception {
        Process p = neurorig("types");
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isZero();
        // the module of each type follows its prefix (issue 12 point 9)
        assertThat(out)
                .containsPattern("(?m)^filter\\.bandpass .*\\n    provided by org\\.neurorig\\.plugin\\.filter"
                        + " 0\\.1\\.0\\.\\S+, class org\\.neurorig\\.plugin\\.filter\\.internal\\.BandpassFilter$");
        assertThat(out)
                .containsPattern("(?m)^channels\\.select .*\\n    provided by org\\.neurorig\\.plugin\\.channels"
                        + " \\S+, class org\\.neurorig\\.plugin\\.channels\\.internal\\.ChannelSelect$");
        assertThat(out)
                .containsPattern("(?m)^rates\\.zscore .*\\n    provided by org\\.neurorig\\.plugin\\.rates"
                        + " \\S+, class org\\.neurorig\\.plugin\\.rates\\.internal\\.RateZscore$");
        assertThat(out).containsPattern("(?m)^gain\\.scale .*\\n    provided by org\\.neurorig\\.plugin\\.gain \\S+,");
        assertThat(out).doesNotContainPattern("(?m)^filter\\.gain ");
    }

    @Test
    void validateAcceptsTheShippedDemo() throws Exception {
        Process p = neurorig("validate", dist.resolve("examples/demo.yaml").toString());
        String out = finish(p);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("OK");
    }

    @Test
    void interruptStopsGracefullyWithoutLosingQueuedBlocks() throws Exception {
        Path summary = tmp.resolve("summary.json");
        Process p = neurorig(
                "run",
                dist.resolve("examples/demo.yaml").toString(),
                "--summary",
                summary.toString(),
                "--port",
                Integer.toString(RigFixture.freePort()));
        // Wait for a few status lines, then Ctrl-C.
        long deadline = System.currentTimeMillis() + 30_000;
        StringBuilder seen = new StringBuilder();
        var in = p.getInputStream();
        while (System.currentTimeMillis() < deadline && countLines(seen, "[") < 3) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        assertThat(countLines(seen, "[")).as(seen.toString()).isGreaterThanOrEqualTo(3);
        // Ctrl-C. (Process.destroy would also close our end of its output.)
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid()))
                        .start()
                        .waitFor())
                .isZero();
        String rest = finish(p);
        assertThat(rest).contains("stopping").contains("summary written");
        JsonNode sum = RigFixture.readJson(summary);
        JsonNode streams = sum.get("streams");
        JsonNode ap = streams.get("probe.ap");
        assertThat(ap.get("samples").asLong()).isPositive();
        // Every block the probe published went through the filter chain: nothing queued was lost at stop.
        for (String s : new String[] {"bp.out", "car.out"}) {
            assertThat(streams.get(s).get("samples").asLong())
                    .as(s)
                    .isEqualTo(ap.get("samples").asLong());
        }
        long gaps = 0;
        for (JsonNode s : streams) {
            gaps += s.get("gaps").asLong();
        }
        assertThat(gaps).isZero();
        assertThat(streams.get("bins.bins").get("blocks").asLong()).isPositive();
        assertThat(sum.get("nodes").get("count").get("blocksIn").asLong())
                .isEqualTo(ap.get("blocks").asLong()
                        + streams.get("car.out").get("blocks").asLong()
                        + streams.get("bins.bins").get("blocks").asLong());
    }

    private static int countLines(CharSequence s, String prefix) {
        int n = 0;
        for (String line : s.toString().split("\n")) {
            if (line.startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }
}
