package org.neurorig.bench.internal.chain;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@code neurorig bench chain}.
 *
 * @param probes        probes of the single run; 0 with {@code findMax}
 * @param findMax       search the largest probe count that meets the criteria ({@link ChainResult#failures})
 * @param seconds       data per measured run
 * @param warmupSeconds a run of the same pipeline before each measured one, not reported (0 = none): the
 *                      measured run's latencies then start with compiled code, as a rig's do after a minute
 * @param skipSeconds   start of the steady window (allocation, GC) after acquisition started
 * @param record        where {@code record.openephys} records {@code probe.ap}; {@code null} = no recorder
 * @param keep          keep the recordings (deleted after each run otherwise: a search would fill the disk)
 * @param json          where the figures go as JSON; {@code null} = nowhere
 */
record ChainOptions(
        int probes,
        boolean findMax,
        double seconds,
        double warmupSeconds,
        double skipSeconds,
        Path record,
        boolean keep,
        Path json) {
    static final String ARGS = "[--probes N | --find-max] [--seconds 30] [--record DIR [--keep]] [--json FILE]"
            + " [--warmup 3] [--skip 3] [--quick]";
    /** The steady window ends this long before the data does, while every runner thread is surely alive. */
    static final double WINDOW_END_MARGIN_SECONDS = 0.25;
    /** The shortest steady window worth dividing by. */
    static final double MIN_WINDOW_SECONDS = 0.25;

    static ChainOptions parse(List<String> args) {
        boolean quick = args.contains("--quick");
        // --quick: the smoke test's shape (one probe, 3 s, no warm-up run); options beside it still count
        int probes = 0;
        boolean findMax = false;
        double seconds = quick ? 3 : 30;
        double warmup = quick ? 0 : 3;
        double skip = quick ? 1 : 3;
        Path record = null;
        boolean keep = false;
        Path json = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--quick" -> {
                    continue;
                }
                case "--find-max" -> {
                    findMax = true;
                    continue;
                }
                case "--keep" -> {
                    keep = true;
                    continue;
                }
                default -> {}
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (options start with --)");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--probes" -> probes = count(a, v);
                case "--seconds" -> seconds = number(a, v, false);
                case "--warmup" -> warmup = number(a, v, true);
                case "--skip" -> skip = number(a, v, true);
                case "--record" -> record = path(a, v);
                case "--json" -> json = path(a, v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (findMax && probes > 0) {
            throw new IllegalArgumentException("--probes and --find-max exclude each other: one run of N probes, or"
                    + " the search for the largest N");
        }
        if (keep && record == null) {
            throw new IllegalArgumentException("--keep keeps the recordings of --record DIR, which is missing");
        }
        if (seconds - WINDOW_END_MARGIN_SECONDS - skip < MIN_WINDOW_SECONDS) {
            throw new IllegalArgumentException(String.format(
                    java.util.Locale.ROOT,
                    "--seconds %s leaves no steady window after --skip %s: it must be at least %s (the window ends"
                            + " %s s before the data does and lasts at least %s s)",
                    plain(seconds),
                    plain(skip),
                    plain(skip + WINDOW_END_MARGIN_SECONDS + MIN_WINDOW_SECONDS),
                    plain(WINDOW_END_MARGIN_SECONDS),
                    plain(MIN_WINDOW_SECONDS)));
        }
        return new ChainOptions(findMax ? 0 : Math.max(probes, 1), findMax, seconds, warmup, skip, record, keep, json);
    }

    private static int count(String key, String v) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " expects a whole number >= 1, got '" + v + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(key + " expects a whole number >= 1, got " + v);
        }
        return n;
    }

    private static double number(String key, String v, boolean zeroAllowed) {
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " expects a number of seconds, got '" + v + "'");
        }
        if (Double.isNaN(d) || Double.isInfinite(d) || d < 0 || (!zeroAllowed && d == 0)) {
            throw new IllegalArgumentException(key + " must be " + (zeroAllowed ? ">= 0" : "> 0") + " s, got " + v);
        }
        return d;
    }

    private static Path path(String key, String v) {
        if (v.isBlank() || v.startsWith("--")) {
            throw new IllegalArgumentException(key + " expects a path, got '" + v + "'");
        }
        return Path.of(v);
    }

    /** 3 rather than 3.0, 0.25 as it is. */
    static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
