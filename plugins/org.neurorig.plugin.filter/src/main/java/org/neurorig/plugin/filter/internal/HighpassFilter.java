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

/** {@code filter.highpass}: causal Butterworth high-pass, int16 or float in, float out (µV). */
@Designate(ocd = HighpassFilterConfig.class, factory = true)
@Component(
        name = "filter.highpass",
        configurationPid = "filter.highpass",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "filter.highpass",
        outputs = "out:CONTINUOUS_F32@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1,
        constraints = "lowHz < input.rate / 2")
public final class HighpassFilter extends SosFilterNode {
    private volatile HighpassFilterConfig config;

    @Activate
    public HighpassFilter(HighpassFilterConfig config) {
        this.config = check(config);
    }

    @Modified
    void modified(HighpassFilterConfig c) {
        config = check(c);
        configurationChanged();
    }

    @Override
    double[][] design(double sampleRate) {
        return ButterworthDesign.highpass(config.order(), config.lowHz(), sampleRate);
    }

    private static HighpassFilterConfig check(HighpassFilterConfig c) {
        FilterConfigRules.order(c.order());
        FilterConfigRules.positive("lowHz", c.lowHz());
        return c;
    }
}
