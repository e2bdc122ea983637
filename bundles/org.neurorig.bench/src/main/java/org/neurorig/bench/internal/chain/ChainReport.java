package org.neurorig.bench.internal.chain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code bench chain} prints its figures, as a table and as JSON (the same figures). */
final class ChainReport {
    private ChainReport() {}

    /** One line per run: what {@code --find-max} prints for each trial, and the head of a run's table. */
    static String line(ChainResult r) {
        ChainResult.Stream worst = r.worstHop();
        ChainResult.Window w = r.window();
        List<String> failures = r.failures();
        return String.format(
                Locale.ROOT,
                "probes %d: real time %.3f (%.2f s of data in %.2f s), drops %d, gaps %d, source overruns %d, worst hop"
                        + " p99 %s, alloc %s B/block (runners %s, transport %s), GC %d pauses %.1f ms, CPU %s cores: %s",
                r.probes(),
                r.realTimeFactor(),
                r.dataSeconds(),
                r.wallSeconds(),
                r.drops(),
                r.gaps(),
                r.sourceOverruns(),
                worst == null ? "-" : micros(worst.p99Micros()) + " us (" + worst.name() + ")",
                bytes(w.totalPerBlock()),
                bytes(w.perBlock(w.runnerBytes())),
                bytes(w.perBlock(w.transportBytes())),
                w.gcPauses(),
                w.gcPauseMillis(),
                cores(w.cores(w.processCpuNanos())),
                failures.isEmpty() ? "real time" : "NOT real time: " + String.join("; ", failures));
    }

    /** The run's line, then a table of its nodes and one of its streams. */
    static String table(ChainResult r) {
        StringBuilder b = new StringBuilder(line(r)).append('\n');
        ChainResult.Window w = r.window();
        b.append(String.format(
                Locale.ROOT,
                "  steady window %.2f-%.2f s: %d chain blocks%n",
                w.startSeconds(),
                w.endSeconds(),
                w.blocks()));
        b.append(String.format(
                Locale.ROOT,
                "  %-10s %-18s %10s %10s %5s %9s %7s %11s  %s%n",
                "node",
                "type",
                "blocks",
                "us/block",
                "cpu",
                "overruns",
                "errors",
                "B/block",
                "status"));
        for (ChainResult.Node n : r.nodes()) {
            b.append(String.format(
                    Locale.ROOT,
                    "  %-10s %-18s %10d %10.1f %5s %9d %7d %11s  %s%n",
                    n.name(),
                    n.type(),
                    n.blocks(),
                    n.meanMicros(),
                    cores(n.cpuCores()),
                    n.overruns(),
                    n.errors(),
                    bytes(n.allocBytesPerBlock()),
                    n.status()));
        }
        b.append(String.format(
                Locale.ROOT,
                "  %-16s %-22s %9s %10s %8s %8s %9s %11s %11s %6s %6s%n",
                "stream",
                "consumers",
                "blocks",
                "samples",
                "p50 us",
                "p99 us",
                "p99.9 us",
                "recent p99",
                "steady p99",
                "drops",
                "gaps"));
        for (ChainResult.Stream s : r.streams()) {
            boolean hops = !s.consumers().isEmpty();
            b.append(String.format(
                    Locale.ROOT,
                    "  %-16s %-22s %9d %10d %8s %8s %9s %11s %11s %6d %6d%n",
                    s.name(),
                    hops ? String.join(",", s.consumers()) : "-",
                    s.blocks(),
                    s.samples(),
                    hops ? micros(s.p50Micros()) : "-",
                    hops ? micros(s.p99Micros()) : "-",
                    hops ? micros(s.p999Micros()) : "-",
                    hops ? micros(s.recentP99Micros()) : "-",
                    hops ? micros(s.steadyP99Micros()) : "-",
                    s.drops(),
                    s.gaps()));
        }
        return b.toString();
    }

    /** The outcome of {@code --find-max}. */
    static String searchLine(MaxSearch o) {
        if (o.max() == 0) {
            return "find-max: not even 1 probe meets the criteria";
        }
        return o.firstFailure() == 0
                ? String.format(
                        Locale.ROOT,
                        "find-max: %d probes meet the criteria, the most sim.ephys generates (%d); the host may take"
                                + " more",
                        o.max(),
                        o.limit())
                : String.format(
                        Locale.ROOT, "find-max: %d probe(s) meet the criteria; %d do not", o.max(), o.firstFailure());
    }

    private static String micros(double us) {
        return Double.isNaN(us) ? "n/a" : String.format(Locale.ROOT, "%.0f", us);
    }

    private static String bytes(double perBlock) {
        return Double.isNaN(perBlock) ? "n/a" : String.format(Locale.ROOT, "%.0f", perBlock);
    }

    private static String cores(double cores) {
        return Double.isNaN(cores) ? "n/a" : String.format(Locale.ROOT, "%.2f", cores);
    }

    /**
     * Writes the runs (and the search's outcome, when there was one) as JSON: the figures of the
     * table, numbers in µs, bytes and ms, {@code null} for what was not measured.
     */
    static void writeJson(Path file, ChainOptions o, String recordFileSystem, List<ChainResult> runs, MaxSearch search)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file);
                JsonGenerator j = new JsonFactory().createGenerator(out)) {
            j.useDefaultPrettyPrinter();
            j.writeStartObject();
            j.writeStringField("benchmark", "chain");
            j.writeNumberField("seconds", o.seconds());
            j.writeNumberField("warmupSeconds", o.warmupSeconds());
            j.writeNumberField("skipSeconds", o.skipSeconds());
            if (o.record() == null) {
                j.writeNullField("record");
            } else {
                j.writeObjectFieldStart("record");
                j.writeStringField("dir", o.record().toString());
                j.writeStringField("fileSystem", recordFileSystem);
                j.writeEndObject();
            }
            j.writeObjectFieldStart("criteria");
            j.writeNumberField("minRealTimeFactor", ChainResult.MIN_REAL_TIME_FACTOR);
            j.writeNumberField("maxHopP99Micros", ChainResult.MAX_HOP_P99_MICROS);
            j.writeNumberField("drops", 0);
            j.writeNumberField("gaps", 0);
            j.writeNumberField("sourceOverruns", 0);
            j.writeEndObject();
            j.writeArrayFieldStart("runs");
            for (ChainResult r : runs) {
                run(j, r);
            }
            j.writeEndArray();
            if (search != null) {
                j.writeObjectFieldStart("findMax");
                j.writeNumberField("maxProbes", search.max());
                j.writeNumberField("firstFailingProbes", search.firstFailure());
                j.writeNumberField("limit", search.limit());
                j.writeArrayFieldStart("order");
                for (int n : search.order()) {
                    j.writeNumber(n);
                }
                j.writeEndArray();
                j.writeEndObject();
            }
            j.writeEndObject();
        }
    }

    private static void run(JsonGenerator j, ChainResult r) throws IOException {
        j.writeStartObject();
        j.writeNumberField("probes", r.probes());
        number(j, "dataSeconds", r.dataSeconds());
        number(j, "wallSeconds", r.wallSeconds());
        number(j, "realTimeFactor", r.realTimeFactor());
        j.writeNumberField("drops", r.drops());
        j.writeNumberField("gaps", r.gaps());
        j.writeNumberField("sourceOverruns", r.sourceOverruns());
        j.writeBooleanField("realTime", r.failures().isEmpty());
        j.writeArrayFieldStart("failures");
        for (String f : r.failures()) {
            j.writeString(f);
        }
        j.writeEndArray();
        j.writeArrayFieldStart("nodes");
        for (ChainResult.Node n : r.nodes()) {
            j.writeStartObject();
            j.writeStringField("name", n.name());
            j.writeStringField("type", n.type());
            j.writeStringField("status", n.status());
            j.writeNumberField("blocks", n.blocks());
            number(j, "meanMicrosPerBlock", n.meanMicros());
            j.writeNumberField("overruns", n.overruns());
            j.writeNumberField("errors", n.errors());
            number(j, "allocBytesPerBlock", n.allocBytesPerBlock());
            number(j, "cpuCores", n.cpuCores());
            j.writeEndObject();
        }
        j.writeEndArray();
        j.writeArrayFieldStart("streams");
        for (ChainResult.Stream s : r.streams()) {
            j.writeStartObject();
            j.writeStringField("name", s.name());
            j.writeArrayFieldStart("consumers");
            for (String c : s.consumers()) {
                j.writeString(c);
            }
            j.writeEndArray();
            j.writeNumberField("blocks", s.blocks());
            j.writeNumberField("samples", s.samples());
            boolean hops = !s.consumers().isEmpty();
            number(j, "hopP50Micros", hops ? s.p50Micros() : Double.NaN);
            number(j, "hopP99Micros", hops ? s.p99Micros() : Double.NaN);
            number(j, "hopP999Micros", hops ? s.p999Micros() : Double.NaN);
            number(j, "recentHopP99Micros", hops ? s.recentP99Micros() : Double.NaN);
            number(j, "steadyHopP99Micros", hops ? s.steadyP99Micros() : Double.NaN);
            j.writeNumberField("drops", s.drops());
            j.writeNumberField("gaps", s.gaps());
            j.writeEndObject();
        }
        j.writeEndArray();
        ChainResult.Window w = r.window();
        j.writeObjectFieldStart("window");
        number(j, "startSeconds", w.startSeconds());
        number(j, "endSeconds", w.endSeconds());
        j.writeNumberField("blocks", w.blocks());
        number(j, "runnersBytesPerBlock", w.perBlock(w.runnerBytes()));
        number(j, "transportBytesPerBlock", w.perBlock(w.transportBytes()));
        number(j, "totalBytesPerBlock", w.totalPerBlock());
        j.writeObjectFieldStart("threadBytes");
        for (Map.Entry<String, Long> e : w.threads().entrySet()) {
            j.writeNumberField(e.getKey(), e.getValue());
        }
        j.writeEndObject();
        j.writeObjectFieldStart("threadCpuNanos");
        for (Map.Entry<String, Long> e : w.threadCpuNanos().entrySet()) {
            j.writeNumberField(e.getKey(), e.getValue());
        }
        j.writeEndObject();
        number(j, "processCpuCores", w.cores(w.processCpuNanos()));
        j.writeNumberField("gcPauses", w.gcPauses());
        number(j, "gcPauseMillis", w.gcPauseMillis());
        j.writeObjectFieldStart("collectors");
        for (Map.Entry<String, long[]> e : w.collectors().entrySet()) {
            j.writeObjectFieldStart(e.getKey());
            j.writeNumberField("count", e.getValue()[0]);
            j.writeNumberField("millis", e.getValue()[1]);
            j.writeEndObject();
        }
        j.writeEndObject();
        j.writeEndObject();
        j.writeEndObject();
    }

    private static void number(JsonGenerator j, String field, double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            j.writeNullField(field);
        } else {
            j.writeNumberField(field, v);
        }
    }
}
