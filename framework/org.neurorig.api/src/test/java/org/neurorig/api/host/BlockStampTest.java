package org.neurorig.api.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;

class BlockStampTest {
    @Test
    void theHostStampsSeqAndInputThatCopiesCarry() {
        Block b = Block.allocate(Kind.CONTINUOUS_I16, 2, 4);
        BlockStamp.seq(b, 41);
        BlockStamp.input(b, 3);
        assertThat(b.seq()).isEqualTo(41);
        assertThat(b.input()).isEqualTo(3);
        Block copy = Block.allocate(Kind.CONTINUOUS_I16, 2, 4);
        copy.copyFrom(b);
        assertThat(copy.seq()).isEqualTo(41);
        assertThat(copy.input()).isEqualTo(3);
    }

    @Test
    void nodesFindNoWayToSetSeqOrInputOnABlock() {
        // Every public method of Block that writes a field is a node's to call; seq and input are not.
        assertThat(Arrays.stream(Block.class.getMethods())
                        .filter(m -> Modifier.isPublic(m.getModifiers()))
                        .map(Method::getName))
                .doesNotContain("setSeq", "setInput");
    }

    @Test
    void everyKindIsAStreamKind() {
        // The descriptor is a wire message (org.neurorig.bus.WireFormat.DESCRIPTOR_CODE), not a kind of stream.
        assertThat(Kind.values())
                .extracting(Kind::name)
                .containsExactly("CONTINUOUS_I16", "CONTINUOUS_F32", "EVENTS", "SPIKES", "MATRIX_F32");
        for (Kind k : Kind.values()) {
            assertThat(k.isDense() ^ k.isItems()).as("%s is dense or items", k).isTrue();
        }
    }
}
