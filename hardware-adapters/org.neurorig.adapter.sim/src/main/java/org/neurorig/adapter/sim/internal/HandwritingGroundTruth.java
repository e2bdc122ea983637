package org.neurorig.adapter.sim.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code sim.handwriting} simulated: each unit's tuning type and parameters, each character's
 * pen path and stroke timing, and the trials run so far, as one JSON file. Trial lists grow by
 * doubling, so the source allocates only when one fills up.
 */
final class HandwritingGroundTruth extends GroundTruthFile {
    private final List<HandwritingUnit> units;
    private final List<PenTrajectory> characters;
    private final Header header;
    private int[] trialCharacter = new int[64];
    private long[] trialStart = new long[64];
    private long[] trialWrite = new long[64];
    private long[] trialEnd = new long[64];
    private int trials;

    HandwritingGroundTruth(Path file, List<HandwritingUnit> units, List<PenTrajectory> characters, Header header) {
        super(file, "sim.handwriting");
        this.units = units;
        this.characters = characters;
        this.header = header;
    }

    /**
     * Records a finished trial of built-in character {@code character}: marker bin, first writing
     * bin, "end" marker bin.
     */
    void trial(int character, long startBin, long writeBin, long endBin) {
        if (trials == trialStart.length) {
            int n = trials * 2;
            trialCharacter = Arrays.copyOf(trialCharacter, n);
            trialStart = Arrays.copyOf(trialStart, n);
            trialWrite = Arrays.copyOf(trialWrite, n);
            trialEnd = Arrays.copyOf(trialEnd, n);
        }
        trialCharacter[trials] = character;
        trialStart[trials] = startBin;
        trialWrite[trials] = writeBin;
        trialEnd[trials] = endBin;
        trials++;
    }

    int trials() {
        return trials;
    }

    @Override
    void fields(JsonGenerator g, long bins, boolean complete) throws IOException {
        List<Glyph> builtIn = Glyph.builtIn();
        g.writeNumberField("seed", header.seed());
        g.writeNumberField("channels", units.size());
        g.writeNumberField("binMs", header.binMs());
        g.writeNumberField("holdMs", header.holdMs());
        g.writeNumberField("restMs", header.restMs());
        g.writeStringField(
                "rateModel",
                "kinematic: max(0, baseHz + velocityGain*(vx*cos(pd) + vy*sin(pd))"
                        + " + positionGain*(x*cos(positionDirection) + y*sin(positionDirection))), pd = preferredDirectionDeg;"
                        + " feature: max(0, baseHz + characterWeights[c] during a trial of c (startBin..endBin-1)"
                        + " + strokeWeights[k] while stroke k is written); Hz, cm, cm/s; counts ~ Poisson(rate*binMs/1000)"
                        + " with kinematics taken at the bin centre");
        g.writeNumberField("bins", bins);
        g.writeBooleanField("complete", complete);
        g.writeArrayFieldStart("characters");
        for (PenTrajectory p : characters) {
            g.writeStartObject();
            g.writeStringField("name", p.glyph.name());
            g.writeNumberField("durationS", p.duration);
            g.writeArrayFieldStart("strokes");
            for (float[] s : p.glyph.strokes()) {
                g.writeStartArray();
                for (float v : s) {
                    g.writeNumber(Math.round((v - 0.5) * PenTrajectory.SIZE_CM * 1e4) / 1e4);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("units");
        for (HandwritingUnit u : units) {
            g.writeStartObject();
            g.writeNumberField("id", u.id);
            g.writeNumberField("channel", u.id);
            g.writeStringField("tuning", u.kinematic ? "kinematic" : "feature");
            g.writeNumberField("baseHz", u.baseHz);
            if (u.kinematic) {
                g.writeNumberField("preferredDirectionDeg", Math.toDegrees(u.preferredDirection));
                g.writeNumberField("velocityGain", u.velocityGain);
                g.writeNumberField("positionDirectionDeg", Math.toDegrees(u.positionDirection));
                g.writeNumberField("positionGain", u.positionGain);
            } else {
                g.writeObjectFieldStart("characterWeights");
                for (int c = 0; c < builtIn.size(); c++) {
                    g.writeNumberField(builtIn.get(c).name(), u.characterWeights[c]);
                }
                g.writeEndObject();
                g.writeFieldName("strokeWeights");
                g.writeArray(u.strokeWeights, 0, u.strokeWeights.length);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("trials");
        for (int t = 0; t < trials; t++) {
            g.writeStartObject();
            g.writeStringField("character", builtIn.get(trialCharacter[t]).name());
            g.writeNumberField("startBin", trialStart[t]);
            g.writeNumberField("writeBin", trialWrite[t]);
            g.writeNumberField("endBin", trialEnd[t]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** What the file says about the whole run. */
    record Header(long seed, double binMs, double holdMs, double restMs) {}
}
