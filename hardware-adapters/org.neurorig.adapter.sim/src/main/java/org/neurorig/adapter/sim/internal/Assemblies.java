package org.neurorig.adapter.sim.internal;

import java.util.SplittableRandom;

/**
 * The planted assemblies of {@code sim.twophoton}: groups of neurons that fire together,
 * independently of position and texture. Each assembly has its own train of events: gaps between
 * events exponential (a Poisson train of {@link #eventsPerMin} events a minute, drawn per assembly
 * in 2–5, with at least one frame between events), each event lasting 0.2–0.5 s (at least one
 * frame). During an event every member's rate rises by its own {@link #memberHz} (10–30 Hz), so
 * the members' calcium rises together. Events are drawn one ahead, as the frames come, and
 * reported to an {@link EventLog} when they start.
 */
final class Assemblies {
    static final double MIN_EVENTS_PER_MIN = 2;
    static final double MAX_EVENTS_PER_MIN = 5;
    static final double MIN_EVENT_S = 0.2;
    static final double MAX_EVENT_S = 0.5;
    static final double MIN_MEMBER_HZ = 10;
    static final double MAX_MEMBER_HZ = 30;

    /** Who hears of events (the ground truth). */
    interface EventLog {
        /** Assembly {@code assembly} fires from {@code startFrame} up to (not including) {@code endFrame}. */
        void event(int assembly, long startFrame, long endFrame);
    }

    /** An event log that keeps nothing (no ground-truth file). */
    static final EventLog NONE = (assembly, startFrame, endFrame) -> {};

    final int count;
    final int size;
    /** Members: assembly {@code a} is {@code neuron[a·size .. (a+1)·size)}. */
    final int[] neuron;
    /** Each member's added rate during its assembly's events, parallel to {@link #neuron}. */
    final double[] memberHz;

    final double[] eventsPerMin;
    private final float[] memberDt;
    private final double frameRate;
    private final SplittableRandom rng;
    private final long[] start;
    private final long[] end;

    /**
     * @param candidates neurons free for planted structure, in seeded random order
     * @param from the first candidate to use (those before it went to other structure)
     */
    Assemblies(int[] candidates, int from, int count, int size, double frameRate, long seed) {
        this.count = count;
        this.size = size;
        this.frameRate = frameRate;
        this.rng = new SplittableRandom(seed);
        neuron = new int[count * size];
        memberHz = new double[count * size];
        memberDt = new float[count * size];
        for (int m = 0; m < neuron.length; m++) {
            neuron[m] = candidates[from + m];
            memberHz[m] = rng.nextDouble(MIN_MEMBER_HZ, MAX_MEMBER_HZ);
            memberDt[m] = (float) (memberHz[m] / frameRate);
        }
        eventsPerMin = new double[count];
        start = new long[count];
        end = new long[count];
        for (int a = 0; a < count; a++) {
            eventsPerMin[a] = rng.nextDouble(MIN_EVENTS_PER_MIN, MAX_EVENTS_PER_MIN);
        }
        for (int a = 0; a < count; a++) {
            schedule(a, 0);
        }
    }

    /** Draws assembly {@code a}'s next event, starting at or after frame {@code from}. */
    private void schedule(int a, long from) {
        double gapS = -StrictMath.log(1 - rng.nextDouble()) * 60 / eventsPerMin[a];
        start[a] = from + (long) (gapS * frameRate);
        end[a] = start[a] + Math.max(1, Math.round(rng.nextDouble(MIN_EVENT_S, MAX_EVENT_S) * frameRate));
    }

    /** Drives the members of the assemblies firing in {@code frame} (called for frames 0, 1, 2, …). */
    void excite(CalciumPopulation pop, long frame, EventLog log) {
        for (int a = 0; a < count; a++) {
            if (frame == end[a]) {
                schedule(a, frame + 1);
            }
            if (frame == start[a]) {
                log.event(a, start[a], end[a]);
            }
            if (frame >= start[a]) {
                for (int m = a * size, last = m + size; m < last; m++) {
                    pop.excite(neuron[m], memberDt[m]);
                }
            }
        }
    }
}
