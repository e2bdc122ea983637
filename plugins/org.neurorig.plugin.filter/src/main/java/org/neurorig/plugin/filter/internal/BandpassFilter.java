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

/** {@code filter.bandpass}: causal Butterworth band-pass, int16 or float in, float out (µV). */
@Designate(ocd = BandpassFilterConfig.class, factory = true)
@Component(
        name = "filter.bandpass",
        configurationPid = "filter.bandpass",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "filter.bandpass",
        outputs = "out:CONTINUOUS_F32@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1,
        constraints = {"lowHz < highHz", "highHz < input.rate / 2"})
public final class BandpassFilter extends SosFilterNode {
    private volatile BandpassFilterConfig config;

    @Activate
    public BandpassFilter(BandpassFilterConfig config) {
        this.config = check(config);
    }

    @Modified
    void modified(BandpassFilterConfig c) {
        config = check(c);
        configurationChanged();
    }

    @Override
    double[][] design(double sampleRate) {
        BandpassFilterConfig c = config;
        return ButterworthDesign.bandpass(c.order(), c.lowHz(), c.highHz(), sampleRate);
    }

    /** The rules that need no input stream: order range, lowHz below highHz. */
    private static BandpassFilterConfig check(BandpassFilterConfig c) {
        FilterConfigRules.order(c.order());
        if (!(c.lowHz() > 0)) {
            throw new IllegalArgumentException("lowHz " + c.lowHz() + " must be above 0 Hz");
        }
        if (!(c.lowHz() < c.highHz())) {
            throw new IllegalArgumentException("lowHz " + c.lowHz() + " must be below highHz " + c.highHz());
        }
        return c;
    }
}
