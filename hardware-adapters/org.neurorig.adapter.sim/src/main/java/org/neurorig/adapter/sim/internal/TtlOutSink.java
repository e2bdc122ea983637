package org.neurorig.adapter.sim.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code sim.ttl-out}: a simulated digital output (laser, reward valve). Each event with a selected
 * edge and line "fires" the output the moment its block reaches the node; the node records that
 * moment and the latency from the acquisition of the triggering sample, i.e. the block's
 * {@code acqTimeNanos} plus {@code (itemSample − firstSample) / sampleRate}. That is the closed
 * loop's latency, sample acquired → trigger issued, across every hop in between. Statistics cover
 * all triggers after
 * {@code warmupMs} of stream time; the first {@code logTriggers} are kept one by one. The report is written on close.
 */
@Designate(ocd = TtlOutSinkConfig.class, factory = true)
@Component(
        name = "sim.ttl-out",
        configurationPid = "sim.ttl-out",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(type = "sim.ttl-out", inputs = Kind.EVENTS, paths = "file")
public final class TtlOutSink implements Sink {
    /** When the output fires; tests replace it. */
    LongSupplier clock = HostClock::nowNanos;

    private TtlOutSinkConfig config;
    private boolean rising;
    private boolean falling;
    private int line;
    private double[] nanosPerSample = new double[0];
    private long[] warmupSamples = new long[0];
    private long warmupTriggers;
    private String[] inputNames = new String[0];
    private MicrosecondHistogram histogram = new MicrosecondHistogram();
    private long[] logSample = new long[0];
    private long[] logFiredNanos = new long[0];
    private long[] logLatencyNanos = new long[0];
    private int[] logLine = new int[0];
    private int logged;

    @Activate
    void activate(TtlOutSinkConfig c) {
        String e = c.edges();
        if (!e.equals("rising") && !e.equals("falling") && !e.equals("both")) {
            throw new IllegalArgumentException("sim.ttl-out: edges must be rising, falling or both, got '" + e + "'");
        }
        if (c.line() < -1 || c.line() > 63) {
            throw new IllegalArgumentException("sim.ttl-out: line must be -1 (any) or 0..63, got " + c.line());
        }
        if (!(c.warmupMs() >= 0)) {
            throw new IllegalArgumentException("sim.ttl-out: warmupMs must be >= 0, got " + c.warmupMs());
        }
        if (c.logTriggers() < 0) {
            throw new IllegalArgumentException("sim.ttl-out: logTriggers must be >= 0, got " + c.logTriggers());
        }
        config = c;
    }

    @Override
    public void prepare(List<StreamSpec> inputs, NodeContext context) {
        TtlOutSinkConfig c = config;
        rising = !c.edges().equals("falling");
        falling = !c.edges().equals("rising");
        line = c.line();
        nanosPerSample = new double[inputs.size()];
        inputNames = new String[inputs.size()];
        warmupSamples = new long[inputs.size()];
        warmupTriggers = 0;
        for (int i = 0; i < inputs.size(); i++) {
            double rate = inputs.get(i).sampleRate();
            nanosPerSample[i] = rate > 0 ? 1e9 / rate : 0;
            inputNames[i] = inputs.get(i).name();
            warmupSamples[i] = rate > 0 ? Math.round(c.warmupMs() * rate / 1000) : 0;
        }
        histogram = new MicrosecondHistogram();
        logSample = new long[c.logTriggers()];
        logFiredNanos = new long[c.logTriggers()];
        logLatencyNanos = new long[c.logTriggers()];
        logLine = new int[c.logTriggers()];
        logged = 0;
    }

    @Override
    public void accept(Block in) {
        int n = in.sampleCount();
        if (n == 0) {
            return;
        }
        long fired = clock.getAsLong(); // the whole block reaches the output at once
        double perSample = nanosPerSample[in.input()];
        long warmup = warmupSamples[in.input()];
        long[] sample = in.itemSample();
        int[] lines = in.itemChannel();
        int[] states = in.itemValue();
        for (int i = 0; i < n; i++) {
            boolean edge = states[i] != 0 ? rising : falling;
            if (!edge || (line >= 0 && lines[i] != line)) {
                continue;
            }
            if (sample[i] < warmup) {
                warmupTriggers++;
                continue;
            }
            long acquired = in.acqTimeNanos() + Math.round((sample[i] - in.firstSample()) * perSample);
            long latency = fired - acquired;
            histogram.add(latency);
            if (logged < logSample.length) {
                logSample[logged] = sample[i];
                logFiredNanos[logged] = fired;
                logLatencyNanos[logged] = latency;
                logLine[logged] = lines[i];
                logged++;
            }
        }
    }

    /** Latency statistics so far (for tests and the closed-loop benchmark in this bundle). */
    MicrosecondHistogram latencies() {
        return histogram;
    }

    @Override
    public void close() throws IOException {
        String f = config.file() == null ? "" : config.file().trim();
        if (!f.isEmpty()) {
            write(Path.of(f));
        }
    }

    private void write(Path file) throws IOException {
        MicrosecondHistogram h = histogram;
        JsonReport.write(file, "sim.ttl-out", g -> {
            g.writeArrayFieldStart("inputs");
            for (String name : inputNames) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeNumberField("triggers", h.count());
            g.writeNumberField("warmupMs", config.warmupMs());
            g.writeNumberField("warmupTriggers", warmupTriggers);
            g.writeObjectFieldStart("latencyMicros");
            writeNumber(g, "p50", h.percentileMicros(0.50));
            writeNumber(g, "p90", h.percentileMicros(0.90));
            writeNumber(g, "p99", h.percentileMicros(0.99));
            writeNumber(g, "p999", h.percentileMicros(0.999));
            writeNumber(g, "max", h.maxMicros());
            writeNumber(g, "mean", h.meanMicros());
            writeNumber(g, "min", h.minMicros());
            g.writeEndObject();
            g.writeStringField(
                    "latencyDefinition",
                    "fired (host clock when the event reached sim.ttl-out) minus"
                            + " acquired (acqTimeNanos + (sample - firstSample) / sampleRate of the event's block)");
            g.writeNumberField("logged", logged);
            g.writeArrayFieldStart("log");
            for (int i = 0; i < logged; i++) {
                g.writeStartObject();
                g.writeNumberField("sample", logSample[i]);
                g.writeNumberField("line", logLine[i]);
                g.writeNumberField("firedNanos", logFiredNanos[i]);
                g.writeNumberField("latencyMicros", logLatencyNanos[i] / 1000.0);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private static void writeNumber(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }
}
