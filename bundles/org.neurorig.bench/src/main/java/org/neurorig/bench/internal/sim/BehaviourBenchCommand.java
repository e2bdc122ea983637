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
 * {@code neurorig bench behaviour [--quick] [--neurons N] [--rate HZ] [--channels C] [--seconds S]}:
 * how fast the installed simulated behaviour rigs generate on one thread, {@code sim.twophoton}
 * (target: 100,000 neurons at 30 Hz in real time on one core) and {@code sim.handwriting}. Each runs
 * in {@code fast} pace into preallocated blocks that go nowhere, so the number is generation alone,
 * without the bus.
 */
@Component(service = Command.class)
public final class BehaviourBenchCommand implements Command {
    static final String ARGS = "[--quick] [--neurons N] [--rate HZ] [--channels C] [--seconds S]";

    @Reference
    private ConfigurationAdmin configAdmin;

    private BundleContext context;

    @Activate
    void activate(BundleContext ctx) {
        context = ctx;
    }

    @Override
    public String name() {
        return "bench behaviour";
    }

    @Override
    public String usage() {
        return ARGS;
    }

    @Override
    public String summary() {
        return "generation speed of sim.twophoton and sim.handwriting on one thread (--quick: 1 s)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int neurons = 100_000;
        double rate = 30;
        int channels = 192;
        double seconds = 5;
        if (args.contains("--quick")) {
            seconds = 1;
        }
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--quick" -> {
                        // read above, so that options given beside it still count
                    }
                    case "--neurons" -> neurons = Integer.parseInt(args.get(++i));
                    case "--rate" -> rate = Double.parseDouble(args.get(++i));
                    case "--channels" -> channels = Integer.parseInt(args.get(++i));
                    case "--seconds" -> seconds = Double.parseDouble(args.get(++i));
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
        } catch (RuntimeException e) {
            err.println("neurorig bench behaviour: " + e.getMessage());
            err.println("usage: neurorig bench behaviour " + ARGS);
            return USAGE_ERROR;
        }
        Map<String, Object> twoPhoton = Map.of("neurons", neurons, "rateHz", rate, "pace", "fast");
        measure("sim.twophoton", twoPhoton, Math.min(2, seconds));
        SourceSpeed.Measured r = measure("sim.twophoton", twoPhoton, seconds);
        double frames = r.samples();
        double signal = frames / rate;
        out.printf("sim.twophoton: %d neurons at %.1f Hz, one frame per block, one thread%n", neurons, rate);
        out.printf(
                "  %.0f frames (%.1f s of imaging) in %.2f s = %.1f x real time (%.1f %% of a core in real time),"
                        + " %.1f M neuron-frames/s%n",
                frames,
                signal,
                r.wallSeconds(),
                signal / r.wallSeconds(),
                100 * r.wallSeconds() / signal,
                frames * neurons / r.wallSeconds() / 1e6);

        Map<String, Object> handwriting = Map.of("channels", channels, "pace", "fast");
        measure("sim.handwriting", handwriting, Math.min(1, seconds));
        SourceSpeed.Measured h = measure("sim.handwriting", handwriting, Math.min(2, seconds));
        double bins = h.samples();
        double hs = bins / h.sampleRate();
        out.printf(
                "sim.handwriting: %d channels, %.0f ms bins: %.0f bins (%.0f s) in %.2f s = %.0f x real time%n",
                channels, 1000 / h.sampleRate(), bins, hs, h.wallSeconds(), hs / h.wallSeconds());
        return 0;
    }

    /** Frames (samples of port 0) a new source of {@code type} emits in about {@code seconds}. */
    private SourceSpeed.Measured measure(String type, Map<String, Object> config, double seconds) throws Exception {
        try (BenchNode<Source> s = BenchNode.create(context, configAdmin, type, Source.class, config)) {
            return SourceSpeed.measure(s.node(), seconds, 10);
        }
    }
}
