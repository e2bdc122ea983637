package org.neurorig.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyFileTest {
    @Test
    void headerIsTheGuiSFixedSizeVersionOneHeader() {
        byte[] h = NpyFile.header("<i8", 3, new int[0]);
        assertThat(h).hasSize(128);
        assertThat(h[0]).isEqualTo((byte) 0x93);
        assertThat(new String(h, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(h[6]).isEqualTo((byte) 1);
        assertThat(h[7]).isZero();
        assertThat((h[8] & 0xff) | (h[9] & 0xff) << 8).isEqualTo(118);
        String dict = new String(h, 10, 118, StandardCharsets.US_ASCII);
        assertThat(dict)
                .startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }")
                .endsWith(" \n");
        assertThat(new String(NpyFile.header("<i2", 7, new int[] {1}), 10, 118, StandardCharsets.US_ASCII))
                .startsWith("{'descr': '<i2', 'fortran_order': False, 'shape': (7, 1), }");
    }

    @Test
    void whatTheHeaderDeclaresReadsBack() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(128 + 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyFile.header("<f8", 3, new int[0]))
                .putDouble(1.5)
                .putDouble(-2)
                .putDouble(1e300)
                .flip();
        NpyFile npy = NpyFile.parse("x.npy", b);
        assertThat(npy.dtype()).isEqualTo("f8");
        assertThat(npy.shape()).containsExactly(3);
        assertThat(npy.dataOffset()).isEqualTo(128);
        assertThat(npy.readDoubles(b)).containsExactly(1.5, -2, 1e300);
    }
}
