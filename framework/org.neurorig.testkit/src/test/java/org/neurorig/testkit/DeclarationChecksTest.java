package org.neurorig.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Option;

/** What the host enforces from a node's declarations, the test kit enforces too. */
class DeclarationChecksTest {
    @interface LimitedConfig {
        @AttributeDefinition(min = "1", max = "8")
        int order() default 3;

        @AttributeDefinition(min = "0.001")
        double lowHz() default 300;

        @AttributeDefinition(
                options = {@Option(label = "mean", value = "mean"), @Option(label = "median", value = "median")})
        String mode() default "mean";

        String free() default "";
    }

    @NodeType(
            type = "test.one",
            inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
            maxInputs = 1)
    static final class OneInput implements Processor {
        @Override
        public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
            return List.of(inputs.get(0).withName("out"));
        }

        @Override
        public void process(Block in, Emitter out) {}
    }

    @Test
    void valuesOutsideMinMaxOrOptionsAreRefusedAsValidationRefusesThem() {
        assertThatThrownBy(() -> TestConfig.of(LimitedConfig.class, "order", 9))
                .hasMessage("LimitedConfig: value 9 for 'order' is out of range: expected 1..8");
        assertThatThrownBy(() -> TestConfig.of(LimitedConfig.class, "lowHz", 0.0))
                .hasMessage("LimitedConfig: value 0.0 for 'lowHz' is out of range: expected at least 0.001");
        assertThatThrownBy(() -> TestConfig.of(LimitedConfig.class, "mode", "max"))
                .hasMessage("LimitedConfig: value 'max' for 'mode' is not one of: mean, median");
        LimitedConfig ok =
                TestConfig.of(LimitedConfig.class, "order", 8, "lowHz", 0.001, "mode", "median", "free", "x");
        assertThat(ok.order()).isEqualTo(8);
        assertThat(ok.mode()).isEqualTo("median");
    }

    @Test
    void theHarnessChecksInputsAgainstTheDeclarationBeforePrepare() {
        StreamSpec spikes = StreamSpec.builder("det.spikes", Kind.SPIKES)
                .channelCount(2)
                .sampleRate(30000)
                .build();
        StreamSpec ap = StreamSpec.builder("probe.ap", Kind.CONTINUOUS_I16)
                .channelCount(2)
                .sampleRate(30000)
                .build();
        assertThatThrownBy(() -> Harness.processor(new OneInput(), spikes))
                .hasMessage(
                        "node 'OneInput' (test.one): input 1 'det.spikes' is SPIKES; expected CONTINUOUS_F32 or CONTINUOUS_I16");
        assertThatThrownBy(() -> Harness.processor(new OneInput(), ap, ap))
                .hasMessage("node 'OneInput' (test.one) takes one input, got 2: [probe.ap, probe.ap]");
        assertThat(Harness.processor(new OneInput(), ap).outputs()).hasSize(1);
        assertThat(DeclaredNodeType.of(OneInput.class).maxInputs()).isEqualTo(1);
        assertThat(DeclaredNodeType.of(String.class)).isNull();
    }
}
