package org.neurorig.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeType;
import org.neurorig.config.ParamDef;
import org.neurorig.config.ParamType;
import org.neurorig.config.Pipeline;
import org.neurorig.config.PortDef;
import org.neurorig.config.Role;
import org.neurorig.runtime.RigException;
import org.osgi.service.cm.Configuration;

/**
 * The live-change path refuses, before anything changes, what validation would refuse in a file:
 * out-of-range values, broken rules between keys (against the values the node runs with now and
 * its input's real rate), and keys that set an output stream's shape.
 */
class NodeReconfigurerTest {
    /** A ConfigAdmin configuration that records its updates. */
    private static final class FakeConfiguration {
        final Hashtable<String, Object> props = new Hashtable<>();
        final List<Map<String, Object>> updates = new ArrayList<>();

        Configuration proxy() {
            return (Configuration) Proxy.newProxyInstance(
                    Configuration.class.getClassLoader(),
                    new Class<?>[] {Configuration.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "getProperties" -> new Hashtable<>(props);
                        case "update" -> {
                            @SuppressWarnings("unchecked")
                            Dictionary<String, Object> d = (Dictionary<String, Object>) args[0];
                            Map<String, Object> m = new java.util.HashMap<>();
                            for (var k = d.keys(); k.hasMoreElements(); ) {
                                String key = k.nextElement();
                                m.put(key, d.get(key));
                            }
                            props.clear();
                            props.putAll(m);
                            updates.add(m);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private static ParamDef number(String key, ParamType type, String def, String min, String max) {
        return new ParamDef(key, type, 0, false, List.of(def), min, max, List.of(), "", null);
    }

    private static final NodeType SINE = new NodeType(
            "sim.sine",
            Role.SOURCE,
            List.of(
                    number("channels", ParamType.INTEGER, "8", "1", "4096"),
                    number("rate", ParamType.DOUBLE, "30000", "0.01", "1000000"),
                    number("amplitude", ParamType.DOUBLE, "1000", "0", "1000000")),
            List.of(PortDef.parse("out:CONTINUOUS_I16@config:rate")),
            null,
            false,
            null,
            List.of("fixed: channels"));

    private static final NodeType BANDPASS = new NodeType(
            "filter.bandpass",
            Role.PROCESSOR,
            List.of(
                    number("lowHz", ParamType.DOUBLE, "300", "0.001", "500000"),
                    number("highHz", ParamType.DOUBLE, "6000", "0.001", "500000")),
            List.of(PortDef.parse("out:CONTINUOUS_F32@=")),
            null,
            false,
            null,
            List.of("lowHz < highHz", "highHz < input.rate / 2"));

    private static NodeSpec sine() {
        return new NodeSpec(
                "sig",
                SINE,
                List.of(),
                Map.of("channels", 8, "rate", 30000.0, "amplitude", 1000.0),
                List.of("sig.out"),
                List.of(Kind.CONTINUOUS_I16),
                List.of(30000.0),
                2,
                3);
    }

    private static NodeSpec bandpass() {
        return new NodeSpec(
                "bp",
                BANDPASS,
                List.of("sig.out"),
                Map.of("lowHz", 300.0, "highHz", 6000.0),
                List.of("bp.out"),
                List.of(Kind.CONTINUOUS_F32),
                List.of(30000.0),
                3,
                3);
    }

    private static final List<StreamSpec> INPUT_30K = List.of(StreamSpec.builder("sig.out", Kind.CONTINUOUS_I16)
            .channelCount(8)
            .sampleRate(30000)
            .blockSamples(30)
            .build());

    @Test
    void aKeyThatSetsTheShapeIsRefusedAndNothingChanges() {
        FakeConfiguration cfg = new FakeConfiguration();
        cfg.props.put("channels", 8);
        assertThatThrownBy(() -> NodeReconfigurer.apply(sine(), cfg.proxy(), "channels", "4096", List.of()))
                .isInstanceOf(RigException.class)
                .hasMessage("'channels' of node 'sig' sets the shape of sig.out (type 'sim.sine') and cannot change"
                        + " while the pipeline runs; change it in the pipeline file and load that (the pipeline"
                        + " restarts); nothing changed");
        // the rate is fixed too, because the output port takes its rate from it
        assertThatThrownBy(() -> NodeReconfigurer.apply(sine(), cfg.proxy(), "rate", "1000", List.of()))
                .hasMessageStartingWith("'rate' of node 'sig' sets the shape of sig.out");
        assertThatThrownBy(() -> NodeReconfigurer.apply(sine(), cfg.proxy(), "rate", "1e15", List.of()))
                .hasMessage("'rate' of node 'sig' must be at most 1000000, got 1e15");
        assertThat(cfg.updates).isEmpty();
    }

    @Test
    void theSameValueAndOtherKeysPass() throws Exception {
        FakeConfiguration cfg = new FakeConfiguration();
        NodeReconfigurer.apply(sine(), cfg.proxy(), "channels", "8", List.of());
        NodeReconfigurer.apply(sine(), cfg.proxy(), "amplitude", "250", List.of());
        assertThat(cfg.updates).hasSize(2);
        assertThat(cfg.props).containsEntry("amplitude", 250.0);
    }

    @Test
    void rulesAreCheckedAgainstTheCurrentValuesAndTheInputsRate() throws Exception {
        FakeConfiguration cfg = new FakeConfiguration();
        NodeSpec bp = bandpass();
        assertThatThrownBy(() -> NodeReconfigurer.apply(bp, cfg.proxy(), "lowHz", "7000", INPUT_30K))
                .hasMessage("'lowHz' of node 'bp' cannot be 7000: type 'filter.bandpass' needs lowHz < highHz, got"
                        + " lowHz = 7000, highHz = 6000; nothing changed");
        assertThatThrownBy(() -> NodeReconfigurer.apply(bp, cfg.proxy(), "highHz", "15000", INPUT_30K))
                .hasMessage("'highHz' of node 'bp' cannot be 15000: type 'filter.bandpass' needs highHz <"
                        + " input.rate / 2, got highHz = 15000, input.rate = 30000; nothing changed");
        assertThat(cfg.updates).isEmpty();

        // a live change of highHz moves the bound for lowHz: the rule sees what runs now
        NodeReconfigurer.apply(bp, cfg.proxy(), "highHz", "9000", INPUT_30K);
        NodeReconfigurer.apply(bp, cfg.proxy(), "lowHz", "7000", INPUT_30K);
        assertThat(cfg.props).containsEntry("highHz", 9000.0).containsEntry("lowHz", 7000.0);
        assertThatThrownBy(() -> NodeReconfigurer.apply(bp, cfg.proxy(), "highHz", "6000", INPUT_30K))
                .hasMessageContaining("needs lowHz < highHz, got lowHz = 7000, highHz = 6000");
        assertThat(cfg.updates).hasSize(2);
    }

    @Test
    void aReloadedPipelineChangingAFixedKeyRestartsInsteadOfApplyingLive() {
        Pipeline running = new Pipeline("p", "p.yaml", List.of(sine()), "");
        NodeSpec wider = new NodeSpec(
                "sig",
                SINE,
                List.of(),
                Map.of("channels", 16, "rate", 30000.0, "amplitude", 1000.0),
                List.of("sig.out"),
                List.of(Kind.CONTINUOUS_I16),
                List.of(30000.0),
                2,
                3);
        NodeSpec louder = new NodeSpec(
                "sig",
                SINE,
                List.of(),
                Map.of("channels", 8, "rate", 30000.0, "amplitude", 2000.0),
                List.of("sig.out"),
                List.of(Kind.CONTINUOUS_I16),
                List.of(30000.0),
                2,
                3);
        assertThat(PipelineDiff.of(running, new Pipeline("p", "p.yaml", List.of(wider), ""))
                        .live())
                .isFalse();
        assertThat(PipelineDiff.of(running, new Pipeline("p", "p.yaml", List.of(louder), ""))
                        .keyChanges())
                .containsExactly(new PipelineDiff.KeyChange("sig", "amplitude", "2000.0"));
    }
}
