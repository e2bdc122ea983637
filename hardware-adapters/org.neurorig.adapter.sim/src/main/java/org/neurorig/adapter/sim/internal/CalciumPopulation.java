package org.neurorig.adapter.sim.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The neurons of {@code sim.twophoton} as ΔF/F. Each neuron spikes as a Poisson process of rate
 * {@code baseHz (+ deltaHz in corridors of its preferred texture) (+ rampHz · ramp)}; spikes are
 * drawn by time rescaling (a unit-exponential budget consumed by rate·dt each frame, so a frame
 * costs a subtraction, and a logarithm only per spike). Calcium is a first-order kernel sampled per
 * frame, {@code c[n] = γ·c[n−1] + amplitude·spikes[n]}, γ = exp(−1/(τ·rate)); the output adds
 * Gaussian noise (table lookup) and a slow drift (a sine of period 1–10 min, computed exactly once
 * per second and interpolated linearly in between). {@link #deltaHz} is solved so that the
 * stationary per-frame ΔF/F (without drift) of a selective neuron has exactly its d' between its
 * texture's corridors and the others'. Arrays are float and the loop allocates nothing.
 */
final class CalciumPopulation {
    final int n;
    final double frameRate;
    final double[] baseHz;
    final double[] amplitude;
    final double[] tauS;
    final double[] noiseSd;
    final double[] driftAmplitude;
    final double[] driftPeriodS;
    final double[] driftPhase;
    /** Preferred texture, −2 for none (−1 is the gray stretch). */
    final int[] texture;

    final double[] dPrime;
    final double[] deltaHz;
    final boolean[] ramping;
    final double[] rampHz;
    /** The neurons neither selective nor ramping, in the seeded random order: where planted structure goes. */
    final int[] unassigned;

    private final float[] baseDt;
    private final float[] deltaDt;
    private final float[] rampDt;
    private final float[] gamma;
    private final float[] amp;
    private final float[] sd;
    private final float[] budget;
    private final float[] calcium;
    private final float[] drift;
    private final float[] driftStep;
    private final int knotFrames;
    private final GaussianNoise noise;
    private final GaussianNoise spikeBits;
    private long frame;

    CalciumPopulation(
            int n,
            double frameRate,
            int textures,
            double selectiveFraction,
            double meanDPrime,
            double rampFraction,
            long seed) {
        this.n = n;
        this.frameRate = frameRate;
        double dt = 1 / frameRate;
        baseHz = new double[n];
        amplitude = new double[n];
        tauS = new double[n];
        noiseSd = new double[n];
        driftAmplitude = new double[n];
        driftPeriodS = new double[n];
        driftPhase = new double[n];
        texture = new int[n];
        dPrime = new double[n];
        deltaHz = new double[n];
        ramping = new boolean[n];
        rampHz = new double[n];
        baseDt = new float[n];
        deltaDt = new float[n];
        rampDt = new float[n];
        gamma = new float[n];
        amp = new float[n];
        sd = new float[n];
        budget = new float[n];
        calcium = new float[n];
        drift = new float[n];
        driftStep = new float[n];
        SplittableRandom rng = new SplittableRandom(seed);
        // seeded shuffle: the first selective neurons, then the ramping ones
        int[] order = Permutation.random(n, rng);
        int selective = (int) Math.round(selectiveFraction * n);
        int ramp = roles(n, selectiveFraction, rampFraction) - selective;
        unassigned = Arrays.copyOfRange(order, selective + ramp, n);
        for (int i = 0; i < n; i++) {
            texture[i] = -2;
        }
        for (int r = 0; r < selective + ramp; r++) {
            int i = order[r];
            if (r < selective) {
                texture[i] = rng.nextInt(textures);
                dPrime[i] = meanDPrime * rng.nextDouble(0.5, 1.5);
            } else {
                ramping[i] = true;
                rampHz[i] = rng.nextDouble(2, 6);
            }
        }
        for (int i = 0; i < n; i++) {
            baseHz[i] = 0.2 * StrictMath.pow(10, rng.nextDouble()); // log-uniform 0.2..2 Hz
            amplitude[i] = rng.nextDouble(0.1, 0.3);
            tauS[i] = rng.nextDouble(0.5, 1.2);
            noiseSd[i] = rng.nextDouble(0.05, 0.15);
            driftAmplitude[i] = rng.nextDouble(0, 0.03);
            driftPeriodS[i] = rng.nextDouble(60, 600);
            driftPhase[i] = rng.nextDouble(0, 2 * Math.PI);
            double g = StrictMath.exp(-dt / tauS[i]);
            if (texture[i] >= 0) {
                deltaHz[i] = deltaFor(dPrime[i], baseHz[i], amplitude[i], g, noiseSd[i], dt);
            }
            baseDt[i] = (float) (baseHz[i] * dt);
            deltaDt[i] = (float) (deltaHz[i] * dt);
            rampDt[i] = (float) (rampHz[i] * dt);
            gamma[i] = (float) g;
            amp[i] = (float) amplitude[i];
            sd[i] = (float) noiseSd[i];
        }
        noise = new GaussianNoise(seed * 31 + 7);
        spikeBits = new GaussianNoise(seed * 31 + 11);
        for (int i = 0; i < n; i++) {
            budget[i] = exponential();
        }
        knotFrames = Math.max(1, (int) Math.round(frameRate));
        for (int i = 0; i < n; i++) {
            drift[i] = (float) driftAt(i, 0);
        }
    }

    /** Selective plus ramping neurons among {@code n}: the neurons with a role here. */
    static int roles(int n, double selectiveFraction, double rampFraction) {
        int selective = (int) Math.round(selectiveFraction * n);
        return selective + Math.min(n - selective, (int) Math.round(rampFraction * n));
    }

    /**
     * Adds {@code spikes} expected spikes (rate · frame time) to neuron {@code i}'s next frame on top
     * of its own rate: planted structure ({@link PlaceFields}, {@link Assemblies}) drives its few
     * neurons this way, so the loop over all neurons stays as it is. Call before {@link #frame}.
     */
    void excite(int i, float spikes) {
        budget[i] -= spikes;
    }

    /**
     * The rate increase that gives d' = {@code d} between per-frame ΔF/F in and out of the preferred
     * corridor: with Poisson spike counts of mean λ·dt per frame, the kernel's stationary mean is aλ
     * (a = A·dt/(1−γ)) and its variance bλ (b = A²·dt/(1−γ²)); d' = aΔ / √(σ² + b(2λ₀ + Δ)/2)
     * is solved for Δ (the positive root).
     */
    static double deltaFor(double d, double base, double a0, double g, double sigma, double dt) {
        double a = a0 * dt / (1 - g);
        double b = a0 * a0 * dt / (1 - g * g);
        double d2 = d * d;
        double p = d2 * b / 2;
        return (p + Math.sqrt(p * p + 4 * a * a * d2 * (sigma * sigma + b * base))) / (2 * a * a);
    }

    /** Expected stationary ΔF/F (no drift) of neuron {@code i} at spike rate {@code hz}, and its sd. */
    double stationaryMean(int i, double hz) {
        double g = StrictMath.exp(-1 / (frameRate * tauS[i]));
        return amplitude[i] * hz / frameRate / (1 - g);
    }

    double stationarySd(int i, double hz) {
        double g = StrictMath.exp(-1 / (frameRate * tauS[i]));
        return Math.sqrt(noiseSd[i] * noiseSd[i] + amplitude[i] * amplitude[i] * hz / frameRate / (1 - g * g));
    }

    private double driftAt(int i, long f) {
        return driftAmplitude[i] * StrictMath.sin(2 * Math.PI * f / frameRate / driftPeriodS[i] + driftPhase[i]);
    }

    private float exponential() {
        double u = ((spikeBits.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
        return (float) -StrictMath.log(u);
    }

    /**
     * Writes one frame of ΔF/F into {@code out[0..n)}.
     *
     * @param corridor texture index of the corridor the mouse is in, −1 in the gray stretch
     * @param ramp the reward-prediction ramp, 0..1
     */
    void frame(int corridor, float ramp, float[] out) {
        if (frame % knotFrames == 0) {
            long knot = frame + knotFrames;
            for (int i = 0; i < n; i++) {
                driftStep[i] = (float) ((driftAt(i, knot) - drift[i]) / knotFrames);
            }
        }
        for (int i = 0; i < n; i++) {
            float h = budget[i] - baseDt[i] - rampDt[i] * ramp;
            if (texture[i] == corridor) {
                h -= deltaDt[i];
            }
            float c = calcium[i] * gamma[i];
            while (h <= 0) {
                c += amp[i];
                h += exponential();
            }
            budget[i] = h;
            calcium[i] = c;
            float d = drift[i] + driftStep[i];
            drift[i] = d;
            out[i] = c + d + sd[i] * noise.next();
        }
        frame++;
    }
}
