package org.neurorig.bus.internal;

import java.util.function.Function;

import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig bench bus [--quick] [--seconds N] [--channels N]}: runs {@link BusBenchmark} and
 * prints its report. Exit codes: 0 done, 64 bad argument, 1 the benchmark failed.
 */
@Component(service = Function.class, property = "neurorig.command=bench.bus")
public final class BusBenchCommand implements Function<String[], Integer> {
    static final String USAGE = "usage: neurorig bench bus [--quick] [--seconds N] [--channels N]\n"
            + "  --quick       1,000 warm-up + 2,000 measured latency blocks, 2 s throughput (default 2,000 + 5,000, 5 s)\n"
            + "  --seconds N   length of each saturated throughput window, 1 to 3600 s\n"
            + "  --channels N  int16 channels per 30-sample block, 1 to 1536 (default 384, one Neuropixels probe)";

    @Override
    public Integer apply(String[] args) {
        BusBenchmarkSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("neurorig bench bus: " + e.getMessage());
            System.err.println(USAGE);
            return 64;
        }
        if (settings == null) {
            System.out.println(USAGE);
            return 0;
        }
        try {
            BusBenchmarkReport report = new BusBenchmark(settings, System.out).run();
            System.out.println();
            report.print(System.out);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("neurorig bench bus: interrupted");
            return 1;
        } catch (RuntimeException e) {
            System.err.println("neurorig bench bus: failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The settings {@code args} ask for, or null for {@code --help}.
     *
     * @throws IllegalArgumentException naming the option or value at fault
     */
    static BusBenchmarkSettings parse(String[] args) {
        boolean quick = false;
        Integer seconds = null;
        Integer channels = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--seconds" -> seconds = intValue(args, ++i, "--seconds", 1, 3600);
                case "--channels" -> channels = intValue(args, ++i, "--channels", 1, 1536);
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
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

    private static int intValue(String[] args, int i, String option, int min, int max) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        int v;
        try {
            v = Integer.parseInt(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + args[i] + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(option + " " + v + " is outside " + min + ".." + max);
        }
        return v;
    }
}
