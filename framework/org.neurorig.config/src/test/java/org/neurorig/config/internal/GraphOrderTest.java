package org.neurorig.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphOrderTest {
    @Test
    void sourcesFirstThenEachNodeAfterItsProducersWithTiesInIndexOrder() {
        // 0 ← 3, 1 ← 0, 2 (source), 3 (source), 4 ← 2
        GraphOrder g = GraphOrder.of(
                List.of(List.of(3), List.of(0), List.of(), List.of(), List.of(2)),
                new boolean[] {false, false, true, true, false});
        assertThat(g.order()).containsExactly(2, 3, 0, 1, 4);
        assertThat(g.cycles()).isEmpty();
    }

    @Test
    void reportsEachCycleOnceFromItsEarliestNodeButNotNodesMerelyDownstream() {
        // 0 source; 1 ← 0,3; 2 ← 1; 3 ← 2 (cycle 1→2→3→1); 4 ← 4 (self loop); 5 ← 3 (downstream only)
        GraphOrder g = GraphOrder.of(
                List.of(List.of(), List.of(0, 3), List.of(1), List.of(2), List.of(4), List.of(3)),
                new boolean[] {true, false, false, false, false, false});
        assertThat(g.order()).containsExactly(0);
        assertThat(g.cycles()).containsExactly(List.of(1, 2, 3, 1), List.of(4, 4));
    }
}
