package org.neurorig.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.command.Command;

/** The command line of {@code neurorig bench hosts}. */
class HostsBenchCommandTest {

    @Test
    void optionsSetWhatTheyName() {
        HostsBenchCommand.Options o =
                HostsBenchCommand.parse(List.of("--quick", "--seconds", "2.5", "--json", "r.json"));
        assertThat(o.settings().throughputSeconds()).isEqualTo(2.5);
        assertThat(o.settings().measuredBlocks()).isEqualTo(500);
        assertThat(o.json()).isEqualTo(Path.of("r.json"));
        assertThat(o.farEnd()).isFalse();
        assertThat(HostsBenchCommand.parse(List.of()).settings().measuredBlocks())
                .isEqualTo(10_000);
        assertThat(HostsBenchCommand.parse(List.of("--help"))).isNull();
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> HostsBenchCommand.parse(List.of("--seconds"))).hasMessage("--seconds needs a value");
        assertThatThrownBy(() -> HostsBenchCommand.parse(List.of("--seconds", "0")))
                .hasMessage("--seconds 0 is outside 0.1..3600");
        assertThatThrownBy(() -> HostsBenchCommand.parse(List.of("--seconds", "five")))
                .hasMessage("--seconds 'five' is not a number");
        assertThatThrownBy(() -> HostsBenchCommand.parse(List.of("--fast"))).hasMessage("unknown argument '--fast'");
    }

    @Test
    void aBadCommandLineExits64WithTheUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new HostsBenchCommand()
                .run(
                        List.of("--json"),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Command.USAGE_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("neurorig bench hosts: --json needs a value")
                .contains("usage: neurorig bench hosts [--quick] [--seconds S] [--json OUT]");
    }
}
