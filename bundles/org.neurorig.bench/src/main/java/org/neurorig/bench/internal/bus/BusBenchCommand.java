package org.neurorig.bench.internal.bus;

import java.io.PrintStream;
import java.util.List;
import org.neurorig.command.Command;
import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig bench bus [--quick] [--seconds N] [--channels N]}: runs {@link BusBenchmark} and
 * prints its report. Exit codes: 0 done, 64 bad argument, 1 the benchmark failed.
 */
@Component(service = Command.class)
public final class BusBenchCommand implements Command {
    static final String ARGS = "[--quick] [--seconds N] [--channels N]";
    static final String USAGE = "usage: neurorig bench bus " + ARGS + "\n"
            + "  --quick       1,000 warm-up + 2,000 measured latency blocks, 2 s throughput (default 2,000 + 5,000, 5 s)\n"
            + "  --seconds N   length of each saturated throughput window, 1 to 3600 s\n"
            + "  --channels N  int16 channels per 30-sample block, 1 to 1536 (default 384, one Neuropixels probe)";

    @Override
    public String name() {
        return "bench bus";
    }

    @Override
    public String usage() {
        return ARGS;
    }

    @Override
    public String summary() {
        return "one-hop latency and lossless throughput of the bus beside raw JeroMQ, inproc and tcp";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        BusBenchmarkSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("neurorig bench bus: " + e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        }
        if (settings == null) {
            out.println(USAGE);
            return 0;
        }
        try {
            BusBenchmarkReport report = new BusBenchmark(settings, out).run();
            out.println();
            report.print(out);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("neurorig bench bus: interrupted");
            return 1;
        } catch (RuntimeException e) {
            err.println("neurorig bench bus: failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The settings {@code args} ask for, or null for {@code --help}.
     *
     * @throws IllegalArgumentException naming the option or value at fault
     */
    static BusBenchmarkSettings parse(List<String> args) {
        boolean quick = false;
        Integer seconds = null;
        Integer channels = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--quick" -> quick = true;
                case "--seconds" -> seconds = intValue(args, ++i, "--seconds", 1, 3600);
                case "--channels" -> channels = intValue(args, ++i, "--channels", 1, 1536);
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args.get(i) + "'");
            }
        }
        BusBenchmarkSettings s = quick ? BusBenchmarkSettings.quick() : BusBenchmarkSettings.full();
        if (seconds != null) {
            s = s.withThroughputSeconds(seconds);
        }
        if (channels != null) {
            s = s.withChannels(channels);
        }
        return s;
    }

    private static int intValue(List<String> args, int i, String option, int min, int max) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        int v;
        try {
            v = Integer.parseInt(args.get(i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + args.get(i) + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(option + " " + v + " is outside " + min + ".." + max);
        }
        return v;
    }
}
