package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortDefTest {
    @Test
    void parsesThePortKindAndRateForms() {
        assertThat(PortDef.parse("out:=@=")).isEqualTo(new PortDef("out", "=", "="));
        assertThat(PortDef.parse("ap:CONTINUOUS_I16@config:rate"))
                .isEqualTo(new PortDef("ap", "CONTINUOUS_I16", "config:rate"));
        assertThat(PortDef.parse("ttl:EVENTS@0")).isEqualTo(new PortDef("ttl", "EVENTS", "0"));
        assertThat(PortDef.parse("out:config:kind@config:rate"))
                .isEqualTo(new PortDef("out", "config:kind", "config:rate"));
        assertThat(PortDef.parse("m:MATRIX_F32")).isEqualTo(new PortDef("m", "MATRIX_F32", ""));
        assertThat(PortDef.parse("x:SPIKES@2500.5").rate()).isEqualTo("2500.5");
        PortDef bins = PortDef.parse("bins:MATRIX_F32@1000/config:binMs");
        assertThat(bins.rate()).isEqualTo("1000/config:binMs");
        assertThat(bins.rateNumerator()).isEqualTo(1000.0);
        assertThat(bins.rateKey()).isEqualTo("binMs");
        assertThat(PortDef.parse("ap:CONTINUOUS_I16@config:rate").rateKey()).isEqualTo("rate");
        assertThat(PortDef.parse("ap:CONTINUOUS_I16@config:rate").rateNumerator())
                .isNaN();
        assertThat(PortDef.parse("ap:CONTINUOUS_I16@30000").rateKey()).isNull();
    }

    @Test
    void rejectsMalformedDeclarationsNamingThem() {
        assertThatThrownBy(() -> PortDef.parse("out")).hasMessageContaining("bad output port 'out'");
        assertThatThrownBy(() -> PortDef.parse("out:I16@="))
                .hasMessageContaining("bad kind 'I16' of output port 'out'");
        assertThatThrownBy(() -> PortDef.parse("out:DESCRIPTOR@=")).hasMessageContaining("bad kind 'DESCRIPTOR'");
        assertThatThrownBy(() -> PortDef.parse("out:=@fast"))
                .hasMessageContaining("bad rate 'fast' of output port 'out'");
        assertThatThrownBy(() -> PortDef.parse("out:=@-1")).hasMessageContaining("bad rate '-1'");
        assertThatThrownBy(() -> PortDef.parse("out:=@1000/binMs")).hasMessageContaining("bad rate '1000/binMs'");
        assertThatThrownBy(() -> PortDef.parse("out:=@x/config:binMs"))
                .hasMessageContaining("bad rate 'x/config:binMs'");
        assertThatThrownBy(() -> PortDef.parse("out:=@1000/config:")).hasMessageContaining("'<number>/config:<key>'");
        assertThatThrownBy(() -> PortDef.parse("a.b:=@=")).hasMessageContaining("bad output port name 'a.b'");
        assertThatThrownBy(() -> PortDef.parse("out:config:@=")).hasMessageContaining("bad kind 'config:'");
    }

    @Test
    void processorsDefaultToOneOutputShapedLikeTheirFirstInput() {
        NodeType t = new NodeType("p", Role.PROCESSOR, null, null, null, false, null);
        assertThat(t.outputs()).containsExactly(new PortDef("out", "=", "="));
        assertThat(t.delivery()).isEqualTo("lossless");
        assertThat(t.inputKinds()).isEmpty();
        assertThat(new NodeType("s", Role.SOURCE, List.of(), List.of(), Set.of(), false, "live").outputs())
                .isEmpty();
        assertThatThrownBy(
                        () -> new NodeType("k", Role.SINK, null, List.of(PortDef.parse("out:=@=")), null, false, null))
                .hasMessageContaining("'k' is a sink");
        assertThatThrownBy(() -> new NodeType("v", Role.SINK, null, null, null, false, "sometimes"))
                .hasMessageContaining("delivery must be lossless or live, got 'sometimes'");
    }
}
