package org.neurorig.bench.internal.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of {@code neurorig bench bus}: options to settings, bad arguments to exit code 64. */
class BusBenchmarkCommandTest {
    @Test
    void defaultsAreOneProbeFiveSeconds() {
        BusBenchmarkSettings s = BusBenchCommand.parse(List.of());
        assertThat(s.channels()).isEqualTo(384);
        assertThat(s.payloadBytes()).isEqualTo(23_040);
        assertThat(s.warmupBlocks()).isEqualTo(2000);
        assertThat(s.measuredBlocks()).isEqualTo(5000);
        assertThat(s.throughputSeconds()).isEqualTo(5.0);
    }

    @Test
    void optionsCombineInAnyOrder() {
        BusBenchmarkSettings s = BusBenchCommand.parse(List.of("--seconds", "3", "--quick", "--channels", "64"));
        assertThat(s.warmupBlocks()).isEqualTo(1000);
        assertThat(s.measuredBlocks()).isEqualTo(2000);
        assertThat(s.throughputSeconds()).isEqualTo(3.0);
        assertThat(s.channels()).isEqualTo(64);
        assertThat(s.payloadBytes()).isEqualTo(3840);
    }

    @Test
    void badArgumentsNameTheOptionAndExit64() {
        assertThatThrownBy(() -> BusBenchCommand.parse(List.of("--seconds", "0")))
                .hasMessage("--seconds 0 is outside 1..3600");
        assertThatThrownBy(() -> BusBenchCommand.parse(List.of("--channels", "x")))
                .hasMessage("--channels 'x' is not a whole number");
        assertThatThrownBy(() -> BusBenchCommand.parse(List.of("--channels"))).hasMessage("--channels needs a value");
        assertThatThrownBy(() -> BusBenchCommand.parse(List.of("--fast"))).hasMessage("unknown argument '--fast'");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(List.of("--fast"), out, err)).isEqualTo(64);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("neurorig bench bus: unknown argument '--fast'\n" + "usage: neurorig bench bus [--quick]");
        assertThat(out.size()).isZero();
        assertThat(run(List.of("--help"), out, err)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: neurorig bench bus [--quick]");
    }

    private static int run(List<String> args, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new BusBenchCommand()
                .run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
