package org.neurorig.adapter.sim.internal;

import java.util.SplittableRandom;

/**
 * One simulated neuron on a probe: a spike template (int16 counts, {@link #LENGTH} samples on the
 * channels within {@link #RADIUS_UM} of its peak channel) and a spike train with a refractory period
 * (a dead time plus an exponential interval, so the rate stays near {@link #rateHz}). Everything is
 * drawn from the unit's own random stream at construction and as the train advances, so the train
 * does not depend on how the signal is cut into blocks.
 */
final class EphysUnit {
    /** Template samples before the trough. */
    static final int PRE = 16;
    /** Template samples from the trough on. */
    static final int POST = 48;
    /** Template length (2.13 ms at 30 kHz). */
    static final int LENGTH = PRE + POST;
    /** Channels farther than this from the peak channel get nothing. */
    static final double RADIUS_UM = 70;

    final int id;
    /** Peak channel, index within the whole stream (probe offset included). */
    final int peakChannel;
    /** Channels the template covers, index within the whole stream; the peak channel first. */
    final int[] channels;
    /** Template in counts, {@code template[t * channels.length + j]}, trough at t = {@link #PRE}. */
    final short[] template;
    /** Trough amplitude on the peak channel, µV (positive number; the trough is negative). */
    final double amplitudeUv;

    final double rateHz;
    /** Shortest interval between two spikes, in samples (≥ {@link #LENGTH}, so windows never overlap). */
    final int refractorySamples;

    private final SplittableRandom trainRandom;
    private final double samplesPerSecond;
    /** Trough sample of the earliest spike whose window has not been fully written yet. */
    private long current;

    /**
     * @param peakLocal peak channel index within its probe
     * @param channelOffset index of the probe's first channel in the stream
     */
    EphysUnit(int id, long seed, double[] x, double[] y, int channelOffset, double sampleRate, double bitVolts) {
        this.id = id;
        SplittableRandom r = new SplittableRandom(seed);
        int probeChannels = x.length;
        int peakLocal = r.nextInt(probeChannels);
        this.peakChannel = channelOffset + peakLocal;
        this.amplitudeUv = 50 + 250 * r.nextDouble();
        // log-uniform 2..40 Hz: many slow units, a few fast ones
        this.rateHz = 2 * StrictMath.exp(StrictMath.log(20) * r.nextDouble());
        this.refractorySamples = LENGTH + r.nextInt(30);
        double lambda = 20 + 20 * r.nextDouble(); // spatial decay, µm
        double troughWidth = 2.5 + 3.0 * r.nextDouble(); // σ of the trough, samples
        double peakDelay = 7 + 6 * r.nextDouble(); // trough → repolarisation peak, samples
        double peakWidth = 4 + 5 * r.nextDouble();
        double peakRatio = 0.15 + 0.35 * r.nextDouble();

        int[] near = new int[probeChannels];
        double[] gain = new double[probeChannels];
        int n = 0;
        near[n] = peakLocal;
        gain[n++] = 1;
        for (int c = 0; c < probeChannels; c++) {
            double d = StrictMath.hypot(x[c] - x[peakLocal], y[c] - y[peakLocal]);
            if (c != peakLocal && d <= RADIUS_UM) {
                near[n] = c;
                // strictly below 1 off the peak channel, so the peak channel is unambiguous
                gain[n++] = StrictMath.exp(-Math.max(d, 1) / lambda);
            }
        }
        channels = new int[n];
        template = new short[LENGTH * n];
        // the repolarisation bump can pull the sampled minimum off u = 0: shift so it lies at PRE
        int shift = 0;
        double best = 0;
        for (int u = -4; u <= 4; u++) {
            double v = waveform(u, troughWidth, peakDelay, peakWidth, peakRatio);
            if (v < best) {
                best = v;
                shift = u;
            }
        }
        double[] shape = new double[LENGTH];
        double min = 0;
        for (int t = 0; t < LENGTH; t++) {
            // taper the window's ends so a spike starts and ends at zero
            double edge = Math.min(1, Math.min((t + 1) / 6.0, (LENGTH - t) / 12.0));
            shape[t] = waveform(t - PRE + shift, troughWidth, peakDelay, peakWidth, peakRatio) * edge;
            min = Math.min(min, shape[t]);
        }
        for (int j = 0; j < n; j++) {
            channels[j] = channelOffset + near[j];
            for (int t = 0; t < LENGTH; t++) {
                template[t * n + j] = (short) Math.round(shape[t] / -min * amplitudeUv * gain[j] / bitVolts);
            }
        }
        this.trainRandom = r.split();
        this.samplesPerSecond = sampleRate;
        this.current = drawAfter(0);
    }

    /** Biphasic extracellular spike: a Gaussian trough at 0 and a smaller, wider positive bump after it. */
    private static double waveform(double u, double troughWidth, double peakDelay, double peakWidth, double peakRatio) {
        double a = u / troughWidth;
        double b = (u - peakDelay) / peakWidth;
        return -StrictMath.exp(-0.5 * a * a) + peakRatio * StrictMath.exp(-0.5 * b * b);
    }

    /** Trough sample of the next spike after one at {@code previous}. */
    private long drawAfter(long previous) {
        double interval = -StrictMath.log(1 - trainRandom.nextDouble()) / rateHz * samplesPerSecond;
        return previous + refractorySamples + (long) interval;
    }

    /**
     * Adds this unit's spikes to samples {@code [first, first + count)} of a sample-major block of
     * {@code stride} channels, saturating at the int16 range, and reports each spike whose trough
     * falls in the range to {@code truth} (may be null).
     */
    void addTo(short[] d, int stride, long first, int count, EphysGroundTruth truth) {
        long end = first + count;
        int n = channels.length;
        while (true) {
            long s = current;
            long w0 = s - PRE;
            if (w0 >= end) {
                return;
            }
            long from = Math.max(w0, first);
            long to = Math.min(s + POST, end);
            for (long t = from; t < to; t++) {
                int row = (int) (t - w0) * n;
                int base = (int) (t - first) * stride;
                for (int j = 0; j < n; j++) {
                    int v = d[base + channels[j]] + template[row + j];
                    d[base + channels[j]] =
                            (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE : v < Short.MIN_VALUE ? Short.MIN_VALUE : v);
                }
            }
            if (truth != null && s >= first && s < end) {
                truth.spike(id, s);
            }
            if (s + POST > end) {
                return; // the window continues in the next block; the next spike starts after it
            }
            current = drawAfter(s);
        }
    }
}
