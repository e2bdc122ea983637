package org.neurorig.plugin.views.internal;

import java.util.Arrays;

/**
 * What {@code view.model} keeps of a coding-direction projection ({@code model.selectivity}'s
 * {@code proj}, one value per imaging frame): a ring of the latest values by absolute sample
 * number, trial onsets waiting until their window has passed, per-condition sums of the trial
 * windows and the latest single trials. Buffers are sized in {@link #resize}; adding frames and
 * onsets, completing trials and writing JSON allocate nothing (the JSON goes into the caller's
 * reused builder).
 */
final class ProjectionTrials {
    /** Onsets waiting for their window; more than this many trials ahead of the frames drops the oldest. */
    private static final int PENDING = 64;

    static final int MAX_CONDITIONS = 8;

    private double rate;
    private int traceSamples;
    private int before;
    private int window;
    private int capacity;
    private float[] ring = new float[0];
    /** The sample after the last one written; −1 before the first. */
    private long next = -1;

    private long first;

    private final long[] pendingSample = new long[PENDING];
    private final int[] pendingCondition = new int[PENDING];
    private int pending;

    /** Condition names: configured, or learned from the first distinct onset texts when none are configured. */
    private final String[] names = new String[MAX_CONDITIONS];

    private int conditions;
    private boolean learn;
    private double[][] sum = new double[MAX_CONDITIONS][0];
    private int[][] count = new int[MAX_CONDITIONS][0];
    private final int[] trials = new int[MAX_CONDITIONS];
    private int missed;

    private float[][] single = new float[0][];
    private final int[] singleCondition = new int[20];
    private final long[] singleOnset = new long[20];
    private long completed;

    /** Re-sizes every buffer for the configuration and the projection's rate, forgetting what was kept. */
    void resize(ModelViewConfig c, double sampleRate) {
        rate = sampleRate;
        traceSamples = (int) Math.max(1, Math.round(c.seconds() * rate));
        before = (int) Math.round(c.trialBefore() * rate);
        window = (int) Math.max(1, before + Math.round(c.trialAfter() * rate));
        // the trace window, plus one trial window of slack for onsets that arrive late
        capacity = traceSamples + window;
        ring = new float[capacity];
        conditions = 0;
        for (String s : (c.conditions() == null ? "" : c.conditions()).split(",")) {
            if (!s.isBlank() && conditions < MAX_CONDITIONS) {
                names[conditions++] = s.trim();
            }
        }
        learn = conditions == 0;
        sum = new double[MAX_CONDITIONS][window];
        count = new int[MAX_CONDITIONS][window];
        int k = Math.min(c.singleTrials(), singleCondition.length);
        single = new float[k][window];
        reset();
    }

    /** Forgets the frames and trials (a new run starts its sample numbers again). */
    void reset() {
        next = -1;
        pending = 0;
        missed = 0;
        completed = 0;
        Arrays.fill(trials, 0);
        for (int k = 0; k < MAX_CONDITIONS; k++) {
            Arrays.fill(sum[k], 0);
            Arrays.fill(count[k], 0);
        }
        if (learn) {
            conditions = 0;
        }
    }

    /** Adds n projection values, one per sample from {@code firstSample}, taken every {@code stride} from v. */
    void add(float[] v, int stride, long firstSample, int n) {
        if (next >= 0 && firstSample < next) {
            reset();
        }
        if (next < 0) {
            first = firstSample;
            next = firstSample;
        }
        // a dropped block (live delivery) leaves NaN, so nothing is shifted in time
        for (long s = Math.max(next, firstSample - capacity); s < firstSample; s++) {
            ring[(int) (s % capacity)] = Float.NaN;
        }
        for (int i = 0; i < n; i++) {
            ring[(int) ((firstSample + i) % capacity)] = v[i * stride];
        }
        next = firstSample + n;
    }

    /** The value of sample s, NaN where none is kept. */
    private float value(long s) {
        return s < first || s >= next || s < next - capacity ? Float.NaN : ring[(int) (s % capacity)];
    }

    /** The index of a condition name, −1 if it is none of them (learning the first two when none are configured). */
    int condition(String text) {
        for (int k = 0; k < conditions; k++) {
            if (names[k].equals(text)) {
                return k;
            }
        }
        if (learn && conditions < 2) {
            names[conditions] = text;
            return conditions++;
        }
        return -1;
    }

    /** A trial of condition k starts at this sample (on the projection's clock). */
    void onset(long sample, int k) {
        if (pending == PENDING) {
            System.arraycopy(pendingSample, 1, pendingSample, 0, PENDING - 1);
            System.arraycopy(pendingCondition, 1, pendingCondition, 0, PENDING - 1);
            pending--;
            missed++;
        }
        pendingSample[pending] = sample;
        pendingCondition[pending] = k;
        pending++;
    }

    /** Adds every trial whose window has passed to its condition; returns how many were added. */
    int completeTrials() {
        int done = 0;
        int kept = 0;
        for (int p = 0; p < pending; p++) {
            long start = pendingSample[p] - before;
            if (next < 0 || start + window > next) {
                pendingSample[kept] = pendingSample[p];
                pendingCondition[kept++] = pendingCondition[p];
                continue;
            }
            if (start < next - capacity) {
                missed++; // its onset came after its frames had left the ring
                continue;
            }
            int k = pendingCondition[p];
            double[] s = sum[k];
            int[] c = count[k];
            float[] one = single.length == 0 ? null : single[(int) (completed % single.length)];
            for (int i = 0; i < window; i++) {
                float x = value(start + i);
                if (x == x) {
                    s[i] += x;
                    c[i]++;
                }
                if (one != null) {
                    one[i] = x;
                }
            }
            if (one != null) {
                singleCondition[(int) (completed % single.length)] = k;
                singleOnset[(int) (completed % single.length)] = pendingSample[p];
            }
            trials[k]++;
            completed++;
            done++;
        }
        pending = kept;
        return done;
    }

    /** Whether any trial has been completed since the last reset. */
    boolean hasTrials() {
        return completed > 0;
    }

    /**
     * The rolling trace: the last {@code seconds} in buckets of {@code step = ceil(N / points)} samples
     * aligned to absolute sample numbers (so they do not jitter from frame to frame), each the mean of
     * its values (null when all are NaN), at most {@code points} of them.
     */
    void writeTrace(StringBuilder b, int points) {
        int step = (traceSamples + points - 1) / points;
        long start = next < 0 ? 0 : Math.max(first, next - traceSamples);
        long aligned = (start + step - 1) / step * step;
        b.append(",\"seconds\":")
                .append((float) (traceSamples / rate))
                .append(",\"t0\":")
                .append(aligned / rate)
                .append(",\"dt\":")
                .append(step / rate)
                .append(",\"now\":")
                .append(Math.max(0, next) / rate)
                .append(",\"values\":[");
        for (long s = aligned; s < next; s += step) {
            double acc = 0;
            int n = 0;
            for (long j = s; j < Math.min(s + step, next); j++) {
                float x = value(j);
                if (x == x) {
                    acc += x;
                    n++;
                }
            }
            if (s != aligned) {
                b.append(',');
            }
            ModelView.number(b, n == 0 ? Double.NaN : acc / n);
        }
        b.append(']');
    }

    /**
     * Per condition the mean projection over its trials, aligned to onset ({@code t0 = −trialBefore}),
     * in buckets of {@code ceil(window / points)} samples (pooled mean of the non-NaN values), and
     * the latest single trials, oldest first.
     */
    void writeTrials(StringBuilder b, int points) {
        int step = (window + points - 1) / points;
        b.append(",\"conditions\":[");
        for (int k = 0; k < conditions; k++) {
            b.append(k == 0 ? "\"" : ",\"").append(TracesView.escape(names[k])).append('"');
        }
        b.append("],\"trials\":[");
        for (int k = 0; k < conditions; k++) {
            b.append(k == 0 ? "" : ",").append(trials[k]);
        }
        b.append("],\"missed\":")
                .append(missed)
                .append(",\"t0\":")
                .append(-before / rate)
                .append(",\"dt\":")
                .append(step / rate)
                .append(",\"mean\":[");
        for (int k = 0; k < conditions; k++) {
            b.append(k == 0 ? "[" : ",[");
            for (int i = 0; i < window; i += step) {
                double acc = 0;
                long n = 0;
                for (int j = i; j < Math.min(i + step, window); j++) {
                    acc += sum[k][j];
                    n += count[k][j];
                }
                if (i > 0) {
                    b.append(',');
                }
                ModelView.number(b, n == 0 ? Double.NaN : acc / n);
            }
            b.append(']');
        }
        b.append("],\"single\":[");
        long from = Math.max(0, completed - single.length);
        for (long t = from; t < completed; t++) {
            int slot = (int) (t % single.length);
            b.append(t == from ? "" : ",")
                    .append("{\"condition\":")
                    .append(singleCondition[slot])
                    .append(",\"onset\":")
                    .append(singleOnset[slot] / rate)
                    .append(",\"values\":[");
            float[] one = single[slot];
            for (int i = 0; i < window; i += step) {
                double acc = 0;
                int n = 0;
                for (int j = i; j < Math.min(i + step, window); j++) {
                    if (one[j] == one[j]) {
                        acc += one[j];
                        n++;
                    }
                }
                if (i > 0) {
                    b.append(',');
                }
                ModelView.number(b, n == 0 ? Double.NaN : acc / n);
            }
            b.append("]}");
        }
        b.append(']');
    }
}
