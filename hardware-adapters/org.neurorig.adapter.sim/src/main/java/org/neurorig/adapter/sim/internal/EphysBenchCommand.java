package org.neurorig.adapter.sim.internal;

import java.lang.annotation.Annotation;
import java.util.function.Function;

import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig bench ephys [--probes N] [--seconds S] [--units U]}: how many Neuropixels probes
 * {@code sim.ephys} generates in real time on one core. It runs the source in {@code fast} pace on
 * the calling thread into preallocated blocks that go nowhere, so the number is generation alone
 * (AP with noise and spikes, LFP, TTL), without the bus.
 */
@Component(service = Function.class,
        property = "neurorig.command=bench.ephys")
public final class EphysBenchCommand implements Function<String[], Integer> {
    @Override
    public Integer apply(String[] args) {
        int probes = 8;
        double seconds = 5;
        int units = 32;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--probes" -> probes = Integer.parseInt(args[++i]);
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    case "--units" -> units = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("neurorig bench ephys: " + e.getMessage());
            System.err.println("usage: neurorig bench ephys [--probes N] [--seconds S] [--units PER_PROBE]");
            return 64;
        }
        Result warm = run(probes, units, Math.min(2, seconds));
        Result r = run(probes, units, seconds);
        System.out.printf("sim.ephys: %d probe(s) x 384 ch, %d units/probe, 1 ms blocks, one thread%n", probes, units);
        System.out.printf("  warm-up %.2f x real time; measured %.1f s of signal in %.2f s = %.2f x real time%n",
                warm.realtimeFactor(), r.signalSeconds, r.wallSeconds, r.realtimeFactor());
        System.out.printf("  => %.1f probe-equivalents in real time per core%n", r.realtimeFactor() * probes);
        return 0;
    }

    /** Generation speed over at least {@code seconds} of wall time. */
    static Result run(int probes, int units, double seconds) {
        SimEphysSource s = new SimEphysSource();
        s.activate(fastConfig(probes, units));
        try {
            SourceSpeed.Measured m = SourceSpeed.measure(s, seconds, 100);
            return new Result(m.samples() / SimEphysSource.AP_RATE, m.wallSeconds());
        } catch (Exception e) {
            throw new IllegalStateException("sim.ephys benchmark failed: " + e, e);
        }
    }

    private static SimEphysSourceConfig fastConfig(int probes, int units) {
        return new SimEphysSourceConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SimEphysSourceConfig.class;
            }

            @Override
            public int probes() {
                return probes;
            }

            @Override
            public int units() {
                return units;
            }

            @Override
            public long seed() {
                return 1;
            }

            @Override
            public String pace() {
                return "fast";
            }

            @Override
            public int blockSamples() {
                return 30;
            }

            @Override
            public double noiseUv() {
                return 10;
            }

            @Override
            public long samples() {
                return 0;
            }

            @Override
            public String groundTruth() {
                return "";
            }
        };
    }

    record Result(double signalSeconds, double wallSeconds) {
        double realtimeFactor() {
            return signalSeconds / wallSeconds;
        }
    }
}
