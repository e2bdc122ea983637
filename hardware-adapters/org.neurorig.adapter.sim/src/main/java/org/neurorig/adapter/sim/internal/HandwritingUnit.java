package org.neurorig.adapter.sim.internal;

import java.util.SplittableRandom;

/**
 * One simulated motor-cortex unit of {@code sim.handwriting}, of one of the two populations of
 * SCIENCE §1. A <b>kinematic</b> unit is cosine-tuned to pen velocity with a linear position term:
 * {@code rate = max(0, base + velocityGain·(vx·cos θ + vy·sin θ) + positionGain·(x·cos φ + y·sin φ))},
 * θ its preferred direction. A <b>feature</b> unit is tuned to higher-level features: {@code rate =
 * max(0, base + characterWeight[c] while a trial of character c runs + strokeWeight[k] while stroke
 * k is written)}. Rates in Hz, x/y in cm, vx/vy in cm/s.
 */
final class HandwritingUnit {
    final int id;
    final boolean kinematic;
    final double baseHz;
    final double preferredDirection;
    final double velocityGain;
    final double positionDirection;
    final double positionGain;
    /** Per character of the built-in set (by index in {@link Glyph#builtIn()}), Hz; empty for kinematic units. */
    final double[] characterWeights;
    /** Per stroke index, Hz; empty for kinematic units. */
    final double[] strokeWeights;

    private final double cosPd;
    private final double sinPd;
    private final double cosPos;
    private final double sinPos;

    private HandwritingUnit(
            int id,
            boolean kinematic,
            double baseHz,
            double pd,
            double vGain,
            double posDir,
            double pGain,
            double[] charW,
            double[] strokeW) {
        this.id = id;
        this.kinematic = kinematic;
        this.baseHz = baseHz;
        this.preferredDirection = pd;
        this.velocityGain = vGain;
        this.positionDirection = posDir;
        this.positionGain = pGain;
        this.characterWeights = charW;
        this.strokeWeights = strokeW;
        this.cosPd = StrictMath.cos(pd);
        this.sinPd = StrictMath.sin(pd);
        this.cosPos = StrictMath.cos(posDir);
        this.sinPos = StrictMath.sin(posDir);
    }

    /** A kinematic unit: base 10–30 Hz, 1–3 Hz per cm/s (10–30 Hz at peak pen speed), 0–3 Hz per cm. */
    static HandwritingUnit kinematic(int id, SplittableRandom rng) {
        return new HandwritingUnit(
                id,
                true,
                rng.nextDouble(10, 30),
                rng.nextDouble(0, 2 * Math.PI),
                rng.nextDouble(1, 3),
                rng.nextDouble(0, 2 * Math.PI),
                rng.nextDouble(0, 3),
                new double[0],
                new double[0]);
    }

    /** A feature unit: base 10–30 Hz, character weights N(0, 8 Hz), stroke weights N(0, 6 Hz). */
    static HandwritingUnit feature(int id, SplittableRandom rng, int characters, int strokes) {
        double base = rng.nextDouble(10, 30);
        double[] cw = new double[characters];
        for (int c = 0; c < characters; c++) {
            cw[c] = 8 * gaussian(rng);
        }
        double[] sw = new double[strokes];
        for (int k = 0; k < strokes; k++) {
            sw[k] = 6 * gaussian(rng);
        }
        return new HandwritingUnit(id, false, base, 0, 0, 0, 0, cw, sw);
    }

    /**
     * Rate in Hz given {@code kin = x, y, vx, vy, penDown, strokeIndex} (as {@link PenTrajectory#sample}),
     * the built-in index of the trial's character and whether the trial runs.
     */
    double rate(double[] kin, int character, boolean inTrial) {
        double r;
        if (kinematic) {
            r = baseHz
                    + velocityGain * (kin[2] * cosPd + kin[3] * sinPd)
                    + positionGain * (kin[0] * cosPos + kin[1] * sinPos);
        } else {
            r = baseHz;
            if (inTrial) {
                r += characterWeights[character];
            }
            int k = (int) kin[5];
            if (k >= 0) {
                r += strokeWeights[k];
            }
        }
        return r > 0 ? r : 0;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller with StrictMath, so parameters do not depend on the JVM's intrinsics
        double u = 1 - rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * rng.nextDouble());
    }
}
