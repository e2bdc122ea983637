package org.neurorig.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNamesTest {
    @Test
    void suggestsNearTyposOnlyAndCountsSwapsAsOneEdit() {
        assertThat(ClosestNames.distance("sgi", "sig")).isEqualTo(1);
        assertThat(ClosestNames.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ClosestNames.typoOf("chanels", List.of("rate", "channels"))).isEqualTo("channels");
        assertThat(ClosestNames.typoOf("volume", List.of("rate", "channels"))).isNull();
        assertThat(ClosestNames.closest("filter.gian", List.of("sim.sine", "filter.bandpass", "filter.gain"), 2))
                .containsExactly("filter.gain", "filter.bandpass");
    }
}
