package org.neurorig.plugin.filter.internal;

import org.neurorig.api.Kind;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.plugin.filter.ButterworthDesign;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/** {@code filter.lowpass}: causal Butterworth low-pass, int16 or float in, float out (µV). */
@Designate(ocd = LowpassFilterConfig.class, factory = true)
@Component(
        name = "filter.lowpass",
        configurationPid = "filter.lowpass",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "filter.lowpass",
        outputs = "out:CONTINUOUS_F32@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1,
        constraints = "highHz < input.rate / 2")
public final class LowpassFilter extends SosFilterNode {
    private volatile LowpassFilterConfig config;

    @Activate
    public LowpassFilter(LowpassFilterConfig config) {
        this.config = check(config);
    }

    @Modified
    void modified(LowpassFilterConfig c) {
        config = check(c);
        configurationChanged();
    }

    @Override
    double[][] design(double sampleRate) {
        return ButterworthDesign.lowpass(config.order(), config.highHz(), sampleRate);
    }

    private static LowpassFilterConfig check(LowpassFilterConfig c) {
        FilterConfigRules.order(c.order());
        FilterConfigRules.positive("highHz", c.highHz());
        return c;
    }
}
