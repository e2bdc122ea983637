package org.neurorig.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestConfigTest {
    @interface SampleConfig {
        double gain() default 1.0;

        int channels() default 8;

        long samples() default 0;

        String kind() default "int16";
    }

    @Test
    void givenValuesAreConvertedAndTheRestDefault() {
        SampleConfig c = TestConfig.of(SampleConfig.class, "gain", 2, "samples", "500");
        assertThat(c.gain()).isEqualTo(2.0);
        assertThat(c.samples()).isEqualTo(500L);
        assertThat(c.channels()).isEqualTo(8);
        assertThat(c.kind()).isEqualTo("int16");
        assertThat(c.annotationType()).isEqualTo(SampleConfig.class);
    }

    @Test
    void unknownKeyIsNamed() {
        assertThatThrownBy(() -> TestConfig.of(SampleConfig.class, "gian", 2.0))
                .hasMessageContaining("unknown key 'gian'")
                .hasMessageContaining("[channels, gain, kind, samples]");
        assertThatThrownBy(() -> TestConfig.of(SampleConfig.class, "channels", "eight"))
                .hasMessageContaining("'eight' is not a int");
    }
}
