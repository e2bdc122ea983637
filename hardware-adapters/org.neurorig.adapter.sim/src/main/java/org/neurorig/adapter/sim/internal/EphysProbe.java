package org.neurorig.adapter.sim.internal;

/**
 * One simulated Neuropixels 1.0-like probe: 384 channels in the checkerboard layout (four columns
 * at x = 43, 11, 59, 27 µm, two channels per 20 µm row), per-channel background noise, its units,
 * and an LFP made of spatially smooth 1/f noise plus a theta rhythm whose amplitude changes sign
 * with depth. It writes into a block shared with other probes: its channels start at
 * {@link #channelOffset} and a sample row is {@code stride} channels wide.
 */
final class EphysProbe {
    static final int CHANNELS = 384;
    /** Probes sit side by side, this far apart in x. */
    static final double PROBE_SPACING_UM = 1000;

    static final double THETA_HZ = 7;
    /** LFP latent sources along the shank; channels interpolate between the two nearest. */
    private static final int LATENTS = 8;

    private static final double PINK_UV = 25;
    private static final double THETA_UV = 60;
    private static final double LFP_WHITE_UV = 3;

    final int index;
    final int channelOffset;
    final double[] x = new double[CHANNELS];
    final double[] y = new double[CHANNELS];
    final EphysUnit[] units;
    private final float[] noiseCounts = new float[CHANNELS];
    private final GaussianNoise apNoise;
    private final GaussianNoise lfpNoise;
    // LFP: 3-pole pink filters (Kellet), one per latent source, and per-channel mixing weights
    private final double[] pink0 = new double[LATENTS];
    private final double[] pink1 = new double[LATENTS];
    private final double[] pink2 = new double[LATENTS];
    private final float[] latent = new float[LATENTS];
    private final int[] latentIndex = new int[CHANNELS];
    private final float[] latentWeight = new float[CHANNELS];
    private final float[] thetaCounts = new float[CHANNELS];
    private final float pinkCounts;
    private final float lfpWhiteCounts;
    private final double lfpRate;
    private final double thetaPhase;

    EphysProbe(int index, int unitCount, long seed, double noiseUv, double apRate, double lfpRate, double bitVolts) {
        this.index = index;
        this.channelOffset = index * CHANNELS;
        this.lfpRate = lfpRate;
        long probeSeed = seed * 1_000_003L + index * 7919L;
        GaussianNoise setup = new GaussianNoise(probeSeed ^ 0x5E7L);
        final double[] columns = {43, 11, 59, 27};
        double depth = (CHANNELS / 2 - 1) * 20.0;
        double spacing = depth / (LATENTS - 1);
        for (int c = 0; c < CHANNELS; c++) {
            x[c] = columns[c % 4] + index * PROBE_SPACING_UM;
            y[c] = 20.0 * (c / 2);
            // channels differ by ±20 % in noise level, as real sites do
            noiseCounts[c] = (float) (noiseUv * (1 + 0.2 * (2 * (setup.nextLong() >>> 11) * 0x1.0p-53 - 1)) / bitVolts);
            int k = Math.min(LATENTS - 2, (int) (y[c] / spacing));
            latentIndex[c] = k;
            latentWeight[c] = (float) (y[c] / spacing - k);
            // theta reverses polarity across the cell layer a third of the way down the shank
            thetaCounts[c] = (float) (THETA_UV * StrictMath.cos(Math.PI * y[c] / (depth * 0.66)) / bitVolts);
        }
        this.pinkCounts = (float) (PINK_UV / bitVolts);
        this.lfpWhiteCounts = (float) (LFP_WHITE_UV / bitVolts);
        this.thetaPhase = 2 * Math.PI * ((setup.nextLong() >>> 11) * 0x1.0p-53);
        this.apNoise = new GaussianNoise(probeSeed ^ 0xA9L);
        this.lfpNoise = new GaussianNoise(probeSeed ^ 0x1F9L);
        this.units = new EphysUnit[unitCount];
        for (int u = 0; u < unitCount; u++) {
            units[u] =
                    new EphysUnit(index * unitCount + u, probeSeed * 31 + u + 1, x, y, channelOffset, apRate, bitVolts);
        }
    }

    /** Background noise of channel {@code c} (within the probe), µV rms. */
    double noiseUv(int c, double bitVolts) {
        return noiseCounts[c] * bitVolts;
    }

    /**
     * Writes AP samples {@code [first, first + count)}: noise, then every unit's spikes, into the
     * probe's columns of a sample-major block {@code stride} channels wide.
     */
    void fillAp(short[] d, int stride, long first, int count, EphysGroundTruth truth) {
        float[] scale = noiseCounts;
        for (int s = 0; s < count; s++) {
            int base = s * stride + channelOffset;
            for (int c = 0; c < CHANNELS; c += 4) {
                long w = apNoise.nextWord();
                d[base + c] = round(GaussianNoise.at(w, 0) * scale[c]);
                d[base + c + 1] = round(GaussianNoise.at(w, 1) * scale[c + 1]);
                d[base + c + 2] = round(GaussianNoise.at(w, 2) * scale[c + 2]);
                d[base + c + 3] = round(GaussianNoise.at(w, 3) * scale[c + 3]);
            }
        }
        for (EphysUnit u : units) {
            u.addTo(d, stride, first, count, truth);
        }
    }

    /** Writes LFP samples {@code [first, first + count)} (LFP sample numbers) into the probe's columns. */
    void fillLfp(short[] d, int stride, long first, int count) {
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < LATENTS; k++) {
                double w = lfpNoise.next();
                // Paul Kellet's economy pink filter: -3 dB/octave from about 1 Hz up
                pink0[k] = 0.99765 * pink0[k] + w * 0.0990460;
                pink1[k] = 0.96300 * pink1[k] + w * 0.2965164;
                pink2[k] = 0.57000 * pink2[k] + w * 1.0526913;
                latent[k] = (float) (pink0[k] + pink1[k] + pink2[k] + w * 0.1848);
            }
            float theta = (float) StrictMath.sin(2 * Math.PI * THETA_HZ * (first + s) / lfpRate + thetaPhase);
            int base = s * stride + channelOffset;
            for (int c = 0; c < CHANNELS; c += 4) {
                long w = lfpNoise.nextWord();
                for (int j = 0; j < 4; j++) {
                    int ch = c + j;
                    int k = latentIndex[ch];
                    float a = latentWeight[ch];
                    float v = ((1 - a) * latent[k] + a * latent[k + 1]) * pinkCounts
                            + thetaCounts[ch] * theta
                            + GaussianNoise.at(w, j) * lfpWhiteCounts;
                    d[base + ch] = round(v);
                }
            }
        }
    }

    /**
     * {@code (short) Math.round(v)} for every float: {@code v + 0.5} in double is exact below 2^52
     * in magnitude (floats from 2^23 up are integers already, where both give v), the int cast
     * saturates and maps NaN to 0 as {@code Math.round} does. Twice as fast on Java 17, whose
     * {@code Math.round(float)} is not intrinsified: at 8 probes it was half of the simulator's time.
     */
    static short round(float v) {
        return (short) (int) Math.floor(v + 0.5d);
    }
}
