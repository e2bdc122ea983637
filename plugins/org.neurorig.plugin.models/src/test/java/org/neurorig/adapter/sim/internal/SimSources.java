package org.neurorig.adapter.sim.internal;

import org.neurorig.api.Source;
import org.neurorig.testkit.TestConfig;

/**
 * The simulators of org.neurorig.adapter.sim, configured for the models' ground-truth tests
 * (their activate methods are package-private: this class shares their package on the test
 * class path only).
 */
public final class SimSources {
    private SimSources() {}

    /** {@code sim.handwriting} with the given configuration keys and values. */
    public static Source handwriting(Object... keyValues) {
        SimHandwritingSource s = new SimHandwritingSource();
        s.activate(TestConfig.of(SimHandwritingSourceConfig.class, keyValues));
        return s;
    }

    /** {@code sim.twophoton} with the given configuration keys and values. */
    public static Source twoPhoton(Object... keyValues) {
        SimTwoPhotonSource s = new SimTwoPhotonSource();
        s.activate(TestConfig.of(SimTwoPhotonSourceConfig.class, keyValues));
        return s;
    }
}
