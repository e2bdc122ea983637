package org.neurorig.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;

/** The declared arity, kinds and same rate, checked before prepare (runtime and test kit). */
class NodeTypeInputsTest {
    private static final StreamSpec AP = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
            .channelCount(4)
            .sampleRate(30000)
            .build();
    private static final StreamSpec BINS = StreamSpec.builder("bins.bins", Kind.MATRIX_F32)
            .channelCount(4)
            .sampleRate(50)
            .build();
    private static final StreamSpec KIN = StreamSpec.builder("hw.kinematics", Kind.MATRIX_F32)
            .channelCount(2)
            .sampleRate(100)
            .build();

    private static NodeType type(Role role, Set<Kind> kinds, boolean sameRate, int min, int max) {
        return new NodeType(
                "x.y",
                role,
                List.of(),
                List.of(),
                kinds,
                sameRate,
                null,
                List.of(),
                Set.of(),
                Set.of(),
                min,
                max,
                List.of(),
                NodeType.Origin.UNKNOWN);
    }

    @Test
    void countOutsideTheArityNamesNodeTypeAndExpectation() {
        NodeType one = type(Role.PROCESSOR, Set.of(), false, 1, 1);
        assertThatThrownBy(() -> one.checkInputs("bp", List.of(AP, AP)))
                .hasMessage("node 'bp' (x.y) takes one input, got 2: [probe.ap, probe.ap]");
        assertThatThrownBy(() -> one.checkInputs("bp", List.of())).hasMessage("node 'bp' (x.y) takes one input, got 0");
        NodeType three = type(Role.PROCESSOR, Set.of(), false, 3, Integer.MAX_VALUE);
        assertThatThrownBy(() -> three.checkInputs("cmp", List.of(BINS, BINS)))
                .hasMessage("node 'cmp' (x.y) takes at least 3 inputs, got 2: [bins.bins, bins.bins]");
        assertThat(type(Role.SINK, Set.of(), false, 2, 2).arity()).isEqualTo("2 inputs");
        assertThat(type(Role.SINK, Set.of(), false, 1, 4).arity()).isEqualTo("1 to 4 inputs");
        assertThat(type(Role.SINK, Set.of(), false, 1, Integer.MAX_VALUE).arity())
                .isEqualTo("one or more inputs");
    }

    @Test
    void aKindNotDeclaredNamesTheInputAndTheKindsExpected() {
        NodeType filter = type(Role.PROCESSOR, Set.of(Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32), false, 1, 1);
        assertThatThrownBy(() -> filter.checkInputs("bp", List.of(BINS)))
                .hasMessage(
                        "node 'bp' (x.y): input 1 'bins.bins' is MATRIX_F32; expected CONTINUOUS_F32 or CONTINUOUS_I16");
        assertThatCode(() -> filter.checkInputs("bp", List.of(AP))).doesNotThrowAnyException();
    }

    @Test
    void sameRateNamesBothInputsAndTheirRates() {
        NodeType decoder = type(Role.PROCESSOR, Set.of(Kind.MATRIX_F32), true, 2, 2);
        assertThatThrownBy(() -> decoder.checkInputs("dec", List.of(BINS, KIN)))
                .hasMessage(
                        "node 'dec' (x.y): input 2 'hw.kinematics' runs at 100.0 Hz but input 1 'bins.bins' at 50.0 Hz;"
                                + " expected all inputs at the same rate");
        assertThatCode(() -> decoder.checkInputs("dec", List.of(BINS, BINS))).doesNotThrowAnyException();
    }

    @Test
    void sourcesTakeNoInputsAndABadArityIsRefused() {
        NodeType source = type(Role.SOURCE, Set.of(), false, 1, 1);
        assertThat(source.minInputs()).isZero();
        assertThat(source.maxInputs()).isZero();
        assertThatThrownBy(() -> type(Role.PROCESSOR, Set.of(), false, 2, 1))
                .hasMessageContaining("inputs must be 1 <= minInputs <= maxInputs, got 2 and 1");
    }
}
