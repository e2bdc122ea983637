package org.neurorig.adapter.sim.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The spikes {@code sim.ephys} actually put into its signal, per unit, and the JSON file that
 * reports them with each unit's template and peak channel. Spike lists grow by doubling, so the
 * generator allocates only when a list fills up, not per block.
 */
final class EphysGroundTruth extends GroundTruthFile {
    private final List<EphysUnit> units;
    private final Ephys header;
    private final long[][] spikes;
    private final int[] counts;

    EphysGroundTruth(Path file, List<EphysUnit> units, Ephys header) {
        super(file, "sim.ephys");
        this.units = units;
        this.header = header;
        this.spikes = new long[units.size()][];
        this.counts = new int[units.size()];
        for (int u = 0; u < spikes.length; u++) {
            spikes[u] = new long[256];
        }
    }

    /** Records a spike of unit {@code id} (its global index) with its trough at AP sample {@code sample}. */
    void spike(int id, long sample) {
        if (counts[id] == spikes[id].length) {
            spikes[id] = Arrays.copyOf(spikes[id], spikes[id].length * 2);
        }
        spikes[id][counts[id]++] = sample;
    }

    /** Spikes recorded so far for unit {@code id}. */
    int count(int id) {
        return counts[id];
    }

    @Override
    void fields(JsonGenerator g, long samples, boolean complete) throws IOException {
        g.writeNumberField("seed", header.seed());
        g.writeNumberField("probes", header.probes());
        g.writeNumberField("channelsPerProbe", EphysProbe.CHANNELS);
        g.writeNumberField("sampleRate", header.sampleRate());
        g.writeNumberField("bitVolts", header.bitVolts());
        g.writeNumberField("templatePre", EphysUnit.PRE);
        g.writeNumberField("templateLength", EphysUnit.LENGTH);
        g.writeStringField(
                "templateUnits",
                "int16 counts added to the signal (x bitVolts = uV);" + " row t is sample (spike - templatePre + t)");
        g.writeNumberField("samples", samples);
        g.writeBooleanField("complete", complete);
        g.writeArrayFieldStart("units");
        for (int u = 0; u < units.size(); u++) {
            EphysUnit unit = units.get(u);
            g.writeStartObject();
            g.writeNumberField("id", unit.id);
            g.writeNumberField("probe", unit.peakChannel / EphysProbe.CHANNELS);
            g.writeNumberField("peakChannel", unit.peakChannel);
            g.writeNumberField("amplitudeUv", unit.amplitudeUv);
            g.writeNumberField("rateHz", unit.rateHz);
            g.writeNumberField("refractorySamples", unit.refractorySamples);
            g.writeFieldName("channels");
            g.writeArray(unit.channels, 0, unit.channels.length);
            g.writeArrayFieldStart("template");
            int n = unit.channels.length;
            for (int t = 0; t < EphysUnit.LENGTH; t++) {
                g.writeStartArray();
                for (int j = 0; j < n; j++) {
                    g.writeNumber(unit.template[t * n + j]);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeNumberField("spikeCount", counts[u]);
            g.writeFieldName("spikeSamples");
            g.writeArray(spikes[u], 0, counts[u]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** What the file says about the whole recording. */
    record Ephys(long seed, int probes, double sampleRate, double bitVolts) {}
}
