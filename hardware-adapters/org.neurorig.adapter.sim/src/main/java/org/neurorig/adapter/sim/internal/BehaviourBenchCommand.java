package org.neurorig.adapter.sim.internal;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

import org.neurorig.api.Source;
import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig bench behaviour [--neurons N] [--rate HZ] [--channels C] [--seconds S]}: how fast
 * the simulated behaviour rigs generate on one thread, {@code sim.twophoton} (target: 100,000
 * neurons at 30 Hz in real time on one core) and {@code sim.handwriting}. Each runs in {@code fast}
 * pace into preallocated blocks that go nowhere, so the number is generation alone, without the bus.
 */
@Component(service = Function.class, property = "neurorig.command=bench.behaviour")
public final class BehaviourBenchCommand implements Function<String[], Integer> {
    @Override
    public Integer apply(String[] args) {
        int neurons = 100_000;
        double rate = 30;
        int channels = 192;
        double seconds = 5;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--neurons" -> neurons = Integer.parseInt(args[++i]);
                    case "--rate" -> rate = Double.parseDouble(args[++i]);
                    case "--channels" -> channels = Integer.parseInt(args[++i]);
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("neurorig bench behaviour: " + e.getMessage());
            System.err.println("usage: neurorig bench behaviour [--neurons N] [--rate HZ] [--channels C] [--seconds S]");
            return 64;
        }
        try {
            SimTwoPhotonSource tp = new SimTwoPhotonSource();
            tp.activate(config(SimTwoPhotonSourceConfig.class,
                    Map.of("neurons", neurons, "rateHz", rate, "pace", "fast")));
            run(tp, Math.min(2, seconds));
            SimTwoPhotonSource tp2 = new SimTwoPhotonSource();
            tp2.activate(config(SimTwoPhotonSourceConfig.class,
                    Map.of("neurons", neurons, "rateHz", rate, "pace", "fast")));
            double[] r = run(tp2, seconds);
            double signal = r[0] / rate;
            System.out.printf("sim.twophoton: %d neurons at %.1f Hz, one frame per block, one thread%n", neurons, rate);
            System.out.printf("  %.0f frames (%.1f s of imaging) in %.2f s = %.1f x real time (%.1f %% of a core in real time),"
                    + " %.1f M neuron-frames/s%n", r[0], signal, r[1], signal / r[1], 100 * r[1] / signal,
                    r[0] * neurons / r[1] / 1e6);

            SimHandwritingSource hw = new SimHandwritingSource();
            hw.activate(config(SimHandwritingSourceConfig.class, Map.of("channels", channels, "pace", "fast")));
            run(hw, Math.min(1, seconds));
            SimHandwritingSource hw2 = new SimHandwritingSource();
            hw2.activate(config(SimHandwritingSourceConfig.class, Map.of("channels", channels, "pace", "fast")));
            double[] h = run(hw2, Math.min(2, seconds));
            double hs = h[0] * 0.02;
            System.out.printf("sim.handwriting: %d channels, 20 ms bins: %.0f bins (%.0f s) in %.2f s = %.0f x real time%n",
                    channels, h[0], hs, h[1], hs / h[1]);
            return 0;
        } catch (Exception e) {
            System.err.println("neurorig bench behaviour: " + e);
            return 1;
        }
    }

    /** Frames emitted on port 0 and wall seconds, reading for about {@code seconds}. */
    private static double[] run(Source s, double seconds) throws Exception {
        SourceSpeed.Measured m = SourceSpeed.measure(s, seconds, 10);
        return new double[] {m.samples(), m.wallSeconds()};
    }

    /** A configuration instance: the given keys, every other key at its declared default. */
    @SuppressWarnings("unchecked")
    static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, a) -> {
            if (m.getName().equals("annotationType")) {
                return type;
            }
            Object v = values.get(m.getName());
            return v != null ? v : m.getDefaultValue();
        });
    }
}
