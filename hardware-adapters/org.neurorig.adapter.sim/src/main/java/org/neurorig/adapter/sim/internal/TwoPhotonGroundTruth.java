package org.neurorig.adapter.sim.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code sim.twophoton} simulated: per neuron (as columns, one array per field, index =
 * channel) its spike model, preferred texture and d', ramping flag, planted place field and
 * assembly; per trial its texture, entry, exit and reward frames; per assembly its events. Trial
 * and event lists grow by doubling.
 */
final class TwoPhotonGroundTruth extends GroundTruthFile implements Assemblies.EventLog {
    private final CalciumPopulation pop;
    private final Fluorescence fluorescence;
    private final PlaceFields places;
    private final Assemblies assemblies;
    private final List<String> textures;
    private final Header header;
    private int[] texture = new int[64];
    private long[] entry = new long[64];
    private long[] exit = new long[64];
    private long[] reward = new long[64];
    private int trials;
    private int[] eventAssembly = new int[64];
    private long[] eventStart = new long[64];
    private long[] eventEnd = new long[64];
    private int events;

    TwoPhotonGroundTruth(
            Path file,
            CalciumPopulation pop,
            Fluorescence fluorescence,
            PlaceFields places,
            Assemblies assemblies,
            List<String> textures,
            Header header) {
        super(file, "sim.twophoton");
        this.pop = pop;
        this.fluorescence = fluorescence;
        this.places = places;
        this.assemblies = assemblies;
        this.textures = textures;
        this.header = header;
    }

    /** A corridor entry at {@code frame}. */
    void entered(int tex, long frame) {
        if (trials == entry.length) {
            int n = trials * 2;
            texture = Arrays.copyOf(texture, n);
            entry = Arrays.copyOf(entry, n);
            exit = Arrays.copyOf(exit, n);
            reward = Arrays.copyOf(reward, n);
        }
        texture[trials] = tex;
        entry[trials] = frame;
        exit[trials] = -1;
        reward[trials] = -1;
        trials++;
    }

    void exited(long frame) {
        exit[trials - 1] = frame;
    }

    void rewarded(long frame) {
        reward[trials - 1] = frame;
    }

    @Override
    public void event(int assembly, long startFrame, long endFrame) {
        if (events == eventStart.length) {
            int n = events * 2;
            eventAssembly = Arrays.copyOf(eventAssembly, n);
            eventStart = Arrays.copyOf(eventStart, n);
            eventEnd = Arrays.copyOf(eventEnd, n);
        }
        eventAssembly[events] = assembly;
        eventStart[events] = startFrame;
        eventEnd[events] = endFrame;
        events++;
    }

    @Override
    void fields(JsonGenerator g, long frames, boolean complete) throws IOException {
        g.writeNumberField("seed", header.seed());
        g.writeNumberField("neurons", pop.n);
        g.writeNumberField("rateHz", pop.frameRate);
        g.writeArrayFieldStart("textures");
        for (String t : textures) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeStringField("rewardTexture", header.rewardTexture());
        g.writeNumberField("corridorCm", CorridorBehaviour.CORRIDOR_CM);
        g.writeNumberField("grayCm", CorridorBehaviour.GRAY_CM);
        g.writeNumberField("rewardCm", CorridorBehaviour.REWARD_CM);
        g.writeStringField(
                "model",
                "spikes ~ Poisson(baseHz + deltaHz in corridors of texture + rampHz*ramp),"
                        + " ramp = position/rewardCm in the rewarded corridor until the reward, else 0;"
                        + " c[n] = exp(-1/(tauS*rateHz))*c[n-1] + amplitude*spikes[n]; dff = c + drift + N(0, noiseSd);"
                        + " dPrime = (mean_pref - mean_other)/sqrt((var_pref + var_other)/2) of the stationary per-frame"
                        + " dff without drift, in corridors of the texture vs corridors of the other textures;"
                        + " place neurons add placePeakHz*exp(-(position-placeCentreCm)^2/(2*placeWidthCm^2)) while in a"
                        + " corridor (not in gray), centres (k+0.5)*corridorCm/count; assembly members add assemblyHz"
                        + " from startFrame up to (not including) endFrame of each event of their assembly;"
                        + " port f: F = f0*exp(-frame/(rateHz*bleachS))*(1 + dff)");
        g.writeNumberField("bleachS", Fluorescence.BLEACH_S);
        g.writeNumberField("frames", frames);
        g.writeBooleanField("complete", complete);
        g.writeObjectFieldStart("neuron");
        column(g, "baseHz", pop.baseHz);
        column(g, "amplitude", pop.amplitude);
        column(g, "tauS", pop.tauS);
        column(g, "noiseSd", pop.noiseSd);
        column(g, "driftAmplitude", pop.driftAmplitude);
        int[] tex = new int[pop.n];
        for (int i = 0; i < pop.n; i++) {
            tex[i] = Math.max(-1, pop.texture[i]);
        }
        g.writeFieldName("texture");
        g.writeArray(tex, 0, tex.length);
        column(g, "dPrime", pop.dPrime);
        column(g, "deltaHz", pop.deltaHz);
        g.writeArrayFieldStart("ramping");
        for (boolean r : pop.ramping) {
            g.writeBoolean(r);
        }
        g.writeEndArray();
        column(g, "rampHz", pop.rampHz);
        g.writeFieldName("f0");
        g.writeStartArray();
        for (float v : fluorescence.f0) {
            g.writeNumber(v);
        }
        g.writeEndArray();
        plantedColumns(g);
        g.writeEndObject();
        g.writeArrayFieldStart("trials");
        for (int t = 0; t < trials; t++) {
            g.writeStartObject();
            g.writeStringField("texture", textures.get(texture[t]));
            g.writeNumberField("entryFrame", entry[t]);
            g.writeNumberField("exitFrame", exit[t]);
            g.writeNumberField("rewardFrame", reward[t]);
            g.writeEndObject();
        }
        g.writeEndArray();
        assemblyEvents(g);
    }

    /** Place field (null where none) and assembly (−1 where none) of every neuron. */
    private void plantedColumns(JsonGenerator g) throws IOException {
        int[] place = new int[pop.n];
        Arrays.fill(place, -1);
        for (int k = 0; k < places.neuron.length; k++) {
            place[places.neuron[k]] = k;
        }
        nullableColumn(g, "placeCentreCm", place, places.centreCm);
        nullableColumn(g, "placeWidthCm", place, places.widthCm);
        nullableColumn(g, "placePeakHz", place, places.peakHz);
        int[] assembly = new int[pop.n];
        double[] hz = new double[pop.n];
        Arrays.fill(assembly, -1);
        for (int m = 0; m < assemblies.neuron.length; m++) {
            assembly[assemblies.neuron[m]] = m / assemblies.size;
            hz[assemblies.neuron[m]] = assemblies.memberHz[m];
        }
        g.writeFieldName("assembly");
        g.writeArray(assembly, 0, assembly.length);
        column(g, "assemblyHz", hz);
    }

    /** Per assembly: its size, event rate and the events so far, in start order. */
    private void assemblyEvents(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("assemblies");
        for (int a = 0; a < assemblies.count; a++) {
            g.writeStartObject();
            g.writeNumberField("size", assemblies.size);
            g.writeNumberField("eventsPerMin", (float) assemblies.eventsPerMin[a]);
            g.writeArrayFieldStart("startFrame");
            for (int e = 0; e < events; e++) {
                if (eventAssembly[e] == a) {
                    g.writeNumber(eventStart[e]);
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("endFrame");
            for (int e = 0; e < events; e++) {
                if (eventAssembly[e] == a) {
                    g.writeNumber(eventEnd[e]);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code v[index[i]]} for neuron {@code i}, null where {@code index[i]} is −1. */
    private static void nullableColumn(JsonGenerator g, String name, int[] index, double[] v) throws IOException {
        g.writeArrayFieldStart(name);
        for (int k : index) {
            if (k < 0) {
                g.writeNull();
            } else {
                g.writeNumber((float) v[k]);
            }
        }
        g.writeEndArray();
    }

    private static void column(JsonGenerator g, String name, double[] v) throws IOException {
        g.writeArrayFieldStart(name);
        for (double x : v) {
            // 6 significant digits keep a 100,000-neuron file near 10 MB
            g.writeNumber((float) x);
        }
        g.writeEndArray();
    }

    /** What the file says about the whole run. */
    record Header(long seed, String rewardTexture) {}
}
