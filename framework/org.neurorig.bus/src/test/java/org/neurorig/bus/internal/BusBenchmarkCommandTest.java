package org.neurorig.bus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command line of {@code neurorig bench bus}: options to settings, bad arguments to exit code 64. */
class BusBenchmarkCommandTest {
    @Test
    void defaultsAreOneProbeFiveSeconds() {
        BusBenchmarkSettings s = BusBenchCommand.parse(new String[0]);
        assertThat(s.channels()).isEqualTo(384);
        assertThat(s.payloadBytes()).isEqualTo(23_040);
        assertThat(s.warmupBlocks()).isEqualTo(2000);
        assertThat(s.measuredBlocks()).isEqualTo(5000);
        assertThat(s.throughputSeconds()).isEqualTo(5.0);
    }

    @Test
    void optionsCombineInAnyOrder() {
        BusBenchmarkSettings s = BusBenchCommand.parse(new String[] {"--seconds", "3", "--quick", "--channels", "64"});
        assertThat(s.warmupBlocks()).isEqualTo(1000);
        assertThat(s.measuredBlocks()).isEqualTo(2000);
        assertThat(s.throughputSeconds()).isEqualTo(3.0);
        assertThat(s.channels()).isEqualTo(64);
        assertThat(s.payloadBytes()).isEqualTo(3840);
    }

    @Test
    void badArgumentsNameTheOptionAndExit64() {
        assertThatThrownBy(() -> BusBenchCommand.parse(new String[] {"--seconds", "0"}))
                .hasMessage("--seconds 0 is outside 1..3600");
        assertThatThrownBy(() -> BusBenchCommand.parse(new String[] {"--channels", "x"}))
                .hasMessage("--channels 'x' is not a whole number");
        assertThatThrownBy(() -> BusBenchCommand.parse(new String[] {"--channels"}))
                .hasMessage("--channels needs a value");
        assertThatThrownBy(() -> BusBenchCommand.parse(new String[] {"--fast"}))
                .hasMessage("unknown argument '--fast'");
        assertThat(new BusBenchCommand().apply(new String[] {"--fast"})).isEqualTo(64);
        assertThat(new BusBenchCommand().apply(new String[] {"--help"})).isZero();
    }
}
