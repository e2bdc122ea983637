package org.neurorig.bench.internal.chain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurorig.command.Command;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.ParamDef;
import org.neurorig.config.PipelineException;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code neurorig bench chain}: the preprocessing chain of issue 13 in this host, through the same
 * runtime and pipeline parser as {@code neurorig run} ({@link ChainTrial#yaml}), with N probes or, with
 * {@code --find-max}, the largest N that stays real time ({@link ChainResult#failures}) searched by
 * {@link MaxSearch}. Per run: real-time factor, per node µs per block and bytes allocated per block,
 * per stream its hops' latency, drops and gaps, source overruns, and allocation and GC pauses over the
 * steady window. Only the runtime's public figures are read ({@code RunSnapshot}), so this bundle also
 * measures a build before the in-host transport changed.
 */
@Component(service = Command.class)
public final class ChainBenchCommand implements Command {
    static final String SUMMARY = "sim.ephys -> filter.bandpass -> filter.car -> spikes.threshold in the host:"
            + " real time, us/block, hop latency, allocation per block, GC (--quick: 1 probe, 3 s)";

    @Reference
    private NodeTypeCatalog catalog;

    @Reference
    private RigRuntime runtime;

    @Override
    public String name() {
        return "bench chain";
    }

    @Override
    public String usage() {
        return ChainOptions.ARGS;
    }

    @Override
    public String summary() {
        return SUMMARY;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        ChainOptions o;
        try {
            o = ChainOptions.parse(args);
        } catch (RuntimeException e) {
            err.println("neurorig bench chain: " + e.getMessage());
            err.println("usage: neurorig bench chain " + ChainOptions.ARGS + "   (" + SUMMARY + ")");
            return USAGE_ERROR;
        }
        try {
            int limit = maxProbes();
            if (o.probes() > limit) {
                err.println("neurorig bench chain: --probes " + o.probes() + " is more than sim.ephys generates ("
                        + limit + ")");
                return USAGE_ERROR;
            }
            String fs = o.record() == null ? null : fileSystem(o.record());
            out.println(header(o, fs));
            ChainTrial trial = new ChainTrial(runtime, catalog, o, err);
            List<ChainResult> runs = new ArrayList<>();
            MaxSearch search = null;
            if (o.findMax()) {
                search = new MaxSearch(limit);
                for (int n = search.next(); n > 0; n = search.next()) {
                    ChainResult r = trial.run(n);
                    runs.add(r);
                    out.println(ChainReport.line(r));
                    search.passed(n, r.failures().isEmpty());
                }
                out.println(ChainReport.searchLine(search));
                for (ChainResult r : runs) {
                    if (r.probes() == search.max()) {
                        out.print(ChainReport.table(r));
                    }
                }
            } else {
                ChainResult r = trial.run(o.probes());
                runs.add(r);
                out.print(ChainReport.table(r));
            }
            if (o.json() != null) {
                ChainReport.writeJson(o.json(), o, fs, runs, search);
                out.println("figures written to " + o.json());
            }
            return 0;
        } catch (PipelineException e) {
            e.errors().forEach(err::println);
            return 2;
        } catch (RigException | IOException | IllegalStateException e) {
            err.println("neurorig bench chain: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The most probes one sim.ephys generates, as its installed type declares. */
    private int maxProbes() {
        ParamDef probes = catalog
                .find("sim.ephys")
                .orElseThrow(() -> new IllegalStateException(
                        "the chain starts with node type 'sim.ephys', which no installed bundle provides"))
                .params()
                .stream()
                .filter(d -> d.key().equals("probes"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the installed sim.ephys has no key 'probes'"));
        try {
            return probes.max() == null ? 1 : Integer.parseInt(probes.max());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("sim.ephys declares probes max '" + probes.max() + "', not a number");
        }
    }

    /** What runs, under which criteria: the first lines of the output. */
    static String header(ChainOptions o, String fs) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "bench chain: sim.ephys (%s x 384 ch, 30 kHz, 1 ms blocks, real time) -> filter.bandpass 300-6000 Hz"
                        + " order 3 -> filter.car (per probe) -> spikes.threshold k 4.5; sink.count on probe.ap, car,"
                        + " spikes",
                o.findMax() ? "N probes" : o.probes() + " probe(s)"));
        if (o.record() != null) {
            b.append("; record.openephys on probe.ap into ")
                    .append(o.record())
                    .append(" (")
                    .append(fs)
                    .append(o.keep() ? ", kept" : ", deleted after each run")
                    .append(')');
        }
        b.append(String.format(
                Locale.ROOT,
                "%n  %s s of data per run%s; steady window from %s s after the start to %s s before the data ends;"
                        + " criteria: real time >= %.2f, no source overrun, 0 drops, 0 gaps, every hop p99 <= %.0f us"
                        + " over the steady window (the whole run's when the window is under 10 s)",
                ChainOptions.plain(o.seconds()),
                o.warmupSeconds() > 0
                        ? " after a " + ChainOptions.plain(o.warmupSeconds()) + " s warm-up run"
                        : ", no warm-up run",
                ChainOptions.plain(o.skipSeconds()),
                ChainOptions.plain(ChainOptions.WINDOW_END_MARGIN_SECONDS),
                ChainResult.MIN_REAL_TIME_FACTOR,
                ChainResult.MAX_HOP_P99_MICROS));
        return b.toString();
    }

    /** The file system {@code dir} (or the folder it will be made in) is on, from /proc/mounts. */
    static String fileSystem(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            Path real = p == null ? dir.toAbsolutePath() : p.toRealPath();
            String type = fileSystem(real, Files.readAllLines(Path.of("/proc/mounts")));
            return type == null ? "file system unknown" : type.equals("tmpfs") ? "tmpfs" : type + ", not tmpfs";
        } catch (IOException | RuntimeException e) {
            return "file system unknown: " + e.getMessage();
        }
    }

    /**
     * The type of the mount that holds {@code path} (absolute, links resolved) in a {@code /proc/mounts}
     * text: the longest mount point that is {@code path} or one of its parents; the last mounted wins.
     */
    static String fileSystem(Path path, List<String> mounts) {
        String type = null;
        int longest = -1;
        for (String line : mounts) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3) {
                continue;
            }
            Path point = Path.of(unescape(f[1]));
            if (path.startsWith(point) && point.getNameCount() >= longest) {
                longest = point.getNameCount();
                type = f[2];
            }
        }
        return type;
    }

    /** /proc/mounts writes space, tab, newline and backslash in octal (\040). */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
