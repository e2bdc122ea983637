package org.neurorig.plugin.filter.internal;

import org.neurorig.api.Kind;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.plugin.filter.NotchDesign;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code filter.notch}: mains hum removal, one {@code iirnotch} section per harmonic, applied in
 * series (fundamental first). int16 or float in, float out (µV).
 */
@Designate(ocd = NotchFilterConfig.class, factory = true)
@Component(
        name = "filter.notch",
        configurationPid = "filter.notch",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "filter.notch",
        outputs = "out:CONTINUOUS_F32@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1,
        constraints = "hz * harmonics < input.rate / 2")
public final class NotchFilter extends SosFilterNode {
    private volatile NotchFilterConfig config;

    @Activate
    public NotchFilter(NotchFilterConfig config) {
        this.config = check(config);
    }

    @Modified
    void modified(NotchFilterConfig c) {
        config = check(c);
        configurationChanged();
    }

    @Override
    double[][] design(double sampleRate) {
        NotchFilterConfig c = config;
        double[][] sos = new double[c.harmonics()][];
        for (int k = 1; k <= c.harmonics(); k++) {
            double f = k * c.hz();
            if (!(f < sampleRate / 2)) {
                throw new IllegalArgumentException("harmonics " + c.harmonics() + " puts " + f
                        + " Hz at or above Nyquist (" + sampleRate / 2 + " Hz) for hz " + c.hz());
            }
            sos[k - 1] = NotchDesign.notch(f, c.q(), sampleRate);
        }
        return sos;
    }

    private static NotchFilterConfig check(NotchFilterConfig c) {
        FilterConfigRules.positive("hz", c.hz());
        FilterConfigRules.positive("q", c.q());
        if (c.harmonics() < 1 || c.harmonics() > 20) {
            throw new IllegalArgumentException("harmonics " + c.harmonics() + " must be between 1 and 20");
        }
        return c;
    }
}
