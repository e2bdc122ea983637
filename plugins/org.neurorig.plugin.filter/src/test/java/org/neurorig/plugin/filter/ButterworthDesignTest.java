package org.neurorig.plugin.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ButterworthDesignTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void everyCommittedDesignMatchesScipyCoefficientForCoefficient() throws Exception {
        List<GoldenDesign> designs = GoldenDesign.readAll(GOLDEN.resolve("sos.tsv"));
        assertThat(designs).hasSizeGreaterThanOrEqualTo(16);
        for (GoldenDesign d : designs) {
            assertSameSos(d.name(), d.design(), d.sos());
        }
    }

    public static void assertSameSos(String name, double[][] actual, double[][] expected) {
        assertThat(actual.length).as(name + " sections").isEqualTo(expected.length);
        for (int s = 0; s < expected.length; s++) {
            for (int i = 0; i < 6; i++) {
                double tol = 1e-10 * Math.max(1, Math.abs(expected[s][i]));
                assertThat(actual[s][i])
                        .as(name + " section " + s + " coefficient " + i)
                        .isCloseTo(expected[s][i], org.assertj.core.data.Offset.offset(tol));
            }
        }
    }

    @Test
    void bandpassOfOrderNHasNSectionsLikeScipy() {
        assertThat(ButterworthDesign.bandpass(3, 300, 6000, 30000)).hasNumberOfRows(3);
        assertThat(ButterworthDesign.lowpass(5, 300, 30000)).hasNumberOfRows(3);
        assertThat(ButterworthDesign.highpass(1, 300, 30000)).hasNumberOfRows(1);
    }

    @Test
    void badDesignsNameTheKeyAndTheValues() {
        assertThatThrownBy(() -> ButterworthDesign.bandpass(3, 300, 20000, 30000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("highHz 20000 must be below Nyquist (15000 Hz)");
        assertThatThrownBy(() -> ButterworthDesign.bandpass(0, 300, 6000, 30000))
                .hasMessage("order 0 must be between 1 and 8");
        assertThatThrownBy(() -> ButterworthDesign.bandpass(2, 6000, 300, 30000))
                .hasMessage("lowHz 6000.0 must be below highHz 300.0");
        assertThatThrownBy(() -> ButterworthDesign.highpass(2, 15000, 30000))
                .hasMessage("lowHz 15000 must be below Nyquist (15000 Hz)");
        assertThatThrownBy(() -> NotchDesign.notch(50, 0, 30000)).hasMessageContaining("Q 0.0");
    }
}
