package org.neurorig.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandArgsTest {
    private static final Set<String> WITH_VALUE = Set.of("--duration");
    private static final Set<String> SWITCHES = Set.of("--no-web");

    private static CommandArgs parse(String... args) {
        return CommandArgs.parse(List.of(args), WITH_VALUE, SWITCHES);
    }

    @Test
    void separatesFilesOptionsAndSwitches() {
        CommandArgs a = parse("demo.yaml", "--duration", "2.5", "--no-web", "more.yaml");

        assertThat(a.positional).containsExactly("demo.yaml", "more.yaml");
        assertThat(a.options).containsOnlyKeys("--duration", "--no-web");
        assertThat(a.options.get("--no-web")).isEqualTo("true");
        assertThat(a.number("--duration", 0)).isEqualTo(2.5);
    }

    @Test
    void numberFallsBackToTheDefaultWhenAbsent() {
        assertThat(parse("demo.yaml").number("--duration", 7.0)).isEqualTo(7.0);
        assertThat(parse("demo.yaml", "--duration", "1e-3").number("--duration", 7.0))
                .isEqualTo(0.001);
    }

    @Test
    void unknownOptionIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> parse("demo.yaml", "--durtion", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --durtion (known: [--duration] [--no-web])");
    }

    @Test
    void optionWithoutItsValueSaysSo() {
        assertThatThrownBy(() -> parse("demo.yaml", "--duration"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--duration needs a value");
    }

    @Test
    void nonNumericValueNamesTheFlagAndTheValue() {
        CommandArgs a = parse("--duration", "ten");

        assertThatThrownBy(() -> a.number("--duration", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--duration expects a number, got 'ten'");
    }
}
