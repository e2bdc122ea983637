package org.neurorig.plugin.views.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RasterOrderTest {
    @Test
    void rowsFiringTogetherEndUpNextToEachOther() {
        // rows 0, 2, 4 fire in even bins, rows 1, 3 in odd bins, row 5 never
        RasterOrder o = new RasterOrder(6, 20);
        for (int b = 0; b < 20; b++) {
            for (int r = 0; r < 5; r++) {
                if ((b % 2 == 0) == (r % 2 == 0)) {
                    for (int k = 0; k < 3 + r; k++) {
                        o.add(r);
                    }
                }
            }
            if (b < 19) {
                o.nextBin();
            }
        }
        int[] order = o.reorder();
        assertThat(order[5]).isEqualTo(5);
        int[] group = new int[5];
        for (int i = 0; i < 5; i++) {
            group[i] = order[i] % 2;
        }
        // one group first, then the other: exactly one change of group along the order
        int changes = 0;
        for (int i = 1; i < 5; i++) {
            changes += group[i] != group[i - 1] ? 1 : 0;
        }
        assertThat(changes).isEqualTo(1);
    }
}
