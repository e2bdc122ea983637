package org.neurorig.bench.internal.sim;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.neurorig.api.Source;
import org.neurorig.bench.internal.BenchNode;
import org.neurorig.command.Command;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurorig bench ephys [--quick] [--probes N] [--seconds S] [--units U]}: how many
 * Neuropixels probes the installed {@code sim.ephys} generates in real time on one core. It runs the
 * source in {@code fast} pace on the calling thread into preallocated blocks that go nowhere, so the
 * number is generation alone (AP with noise and spikes, LFP, TTL), without the bus.
 */
@Component(service = Command.class)
public final class EphysBenchCommand implements Command {
    static final String ARGS = "[--quick] [--probes N] [--seconds S] [--units PER_PROBE]";

    @Reference
    private ConfigurationAdmin configAdmin;

    private BundleContext context;

    @Activate
    void activate(BundleContext ctx) {
        context = ctx;
    }

    @Override
    public String name() {
        return "bench ephys";
    }

    @Override
    public String usage() {
        return ARGS;
    }

    @Override
    public String summary() {
        return "probe-equivalents sim.ephys generates in real time per core (--quick: 1 s)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int probes = 8;
        double seconds = 5;
        int units = 32;
        if (args.contains("--quick")) {
            seconds = 1;
        }
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--quick" -> {
                        // read above, so that options given beside it still count
                    }
                    case "--probes" -> probes = Integer.parseInt(args.get(++i));
                    case "--seconds" -> seconds = Double.parseDouble(args.get(++i));
                    case "--units" -> units = Integer.parseInt(args.get(++i));
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
        } catch (RuntimeException e) {
            err.println("neurorig bench ephys: " + e.getMessage());
            err.println("usage: neurorig bench ephys " + ARGS);
            return USAGE_ERROR;
        }
        SourceSpeed.Measured warm = measure(probes, units, Math.min(2, seconds));
        SourceSpeed.Measured r = measure(probes, units, seconds);
        out.printf("sim.ephys: %d probe(s) x 384 ch, %d units/probe, 1 ms blocks, one thread%n", probes, units);
        out.printf(
                "  warm-up %.2f x real time; measured %.1f s of signal in %.2f s = %.2f x real time%n",
                warm.realtimeFactor(), r.samples() / r.sampleRate(), r.wallSeconds(), r.realtimeFactor());
        out.printf("  => %.1f probe-equivalents in real time per core%n", r.realtimeFactor() * probes);
        return 0;
    }

    /** Generation speed of a new {@code sim.ephys} over at least {@code seconds} of wall time. */
    private SourceSpeed.Measured measure(int probes, int units, double seconds) throws Exception {
        try (BenchNode<Source> s = BenchNode.create(
                context,
                configAdmin,
                "sim.ephys",
                Source.class,
                Map.of(
                        "probes",
                        probes,
                        "units",
                        units,
                        "seed",
                        1L,
                        "pace",
                        "fast",
                        "blockSamples",
                        30,
                        "noiseUv",
                        10.0))) {
            return SourceSpeed.measure(s.node(), seconds, 100);
        }
    }
}
