package org.neurorig.plugin.spikes.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.Stateful;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code spikes.threshold}: emits a spike whenever a channel crosses its threshold — k × the
 * channel's robust noise σ (MAD / 0.6745 over a subsampled window, refreshed periodically), or a
 * fixed µV level — in the configured direction, at most once per refractory period.
 *
 * <p>A crossing is {@code previous ≥ −T && current < −T} (negative) or {@code previous ≤ T &&
 * current > T} (positive). With {@code alignToPeak} the spike sample is the extreme within
 * {@code peakWindowMs} after the crossing; with {@code waveforms} each spike carries
 * {@code preSamples + postSamples} values around its sample. Both need look-ahead, so such
 * spikes leave in a later block than the one they were found in.
 *
 * <p>Every output block's {@code firstSample} is the detection horizon: all spikes with a sample
 * number below it have been emitted; the very first output block is empty and carries the input's
 * first sample number. Downstream binning uses these to start and close bins.
 *
 * <p>{@link Stateful}: the noise window and estimates, last samples, refractory deadlines, the
 * snippet ring and spikes still waiting for look-ahead carry over a hot-swap, so the swapped node
 * emits exactly the spikes an uninterrupted one would. The snapshot fits a node prepared for the
 * same channel count, snippet shape and noise window.
 */
@Designate(ocd = ThresholdDetectorConfig.class, factory = true)
@Component(
        name = "spikes.threshold",
        configurationPid = "spikes.threshold",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "spikes.threshold",
        outputs = "spikes:SPIKES@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1)
public final class ThresholdDetector implements Processor, Stateful {
    private static final int VERSION = 2;
    /**
     * A renewal of the noise estimate is spread over this long (or the refresh period, if shorter):
     * done at once it takes about 100 ms for 3,072 channels, a stall of the acquisition path that
     * backs up every queue before it. The first estimate too: a channel detects from its own on.
     */
    private static final double SWEEP_SECONDS = 1.0;

    private static final int NOISE_VALUES = 2048;
    private static final int NEGATIVE = 1;
    private static final int POSITIVE = 2;

    private volatile ThresholdDetectorConfig config;
    private volatile boolean reconfigure;

    // shape, fixed in prepare
    private int channels;
    private double rate;
    private boolean int16;
    private double[] scale;
    private int pre;
    private int post;
    private int peakWindow;
    private int lookahead;
    private int waveformLength;
    private int ringLength;

    // live settings, copied out of the config: DS hands configs over as proxies, whose calls allocate
    private int polarity;
    private double k;
    private double fixedUv;
    private long refractory;
    private long refreshSamples;

    // state and scratch, allocated in prepare
    private float[] row;
    private float[] prev;
    private float[] lowThr;
    private float[] highThr;
    private long[] deadUntil;
    private float[] ring;
    private long[] pendingSample;
    private int[] pendingChannel;
    private int[] pendingPolarity;
    private int pendingHead;
    private int pendingCount;
    private RobustNoise noise;
    private long nextRefresh;
    /** Channels renewed in the current sweep ({@code channels} when none runs) and where it began. */
    private int sweepNext;

    private long sweepStart;
    private long sweepRows = 1;
    private long spikeCount;
    private boolean started;
    /** Newest sample number in the ring: look-ahead never reads past it. */
    private long newest;

    @Activate
    public ThresholdDetector(ThresholdDetectorConfig config) {
        this.config = check(config);
    }

    @Modified
    void modified(ThresholdDetectorConfig c) {
        config = check(c);
        reconfigure = true; // k, level, sign, refractory act at the next block; snippet shape at the next prepare
    }

    static ThresholdDetectorConfig check(ThresholdDetectorConfig c) {
        polarityOf(c.sign());
        if (!(c.k() > 0)) {
            throw new IllegalArgumentException("k " + c.k() + " must be above 0");
        }
        if (!(c.thresholdUv() >= 0)) {
            throw new IllegalArgumentException("thresholdUv " + c.thresholdUv() + " must be 0 (use k) or above");
        }
        if (!(c.refractoryMs() >= 0)) {
            throw new IllegalArgumentException("refractoryMs " + c.refractoryMs() + " must be 0 or above");
        }
        if (!(c.noiseWindowS() > 0) || !(c.noiseRefreshS() > 0)) {
            throw new IllegalArgumentException("noiseWindowS " + c.noiseWindowS() + " and noiseRefreshS "
                    + c.noiseRefreshS() + " must be above 0");
        }
        if (c.waveforms() && (c.preSamples() < 0 || c.postSamples() < 1)) {
            throw new IllegalArgumentException(
                    "preSamples " + c.preSamples() + " must be >= 0 and postSamples " + c.postSamples() + " >= 1");
        }
        if (!(c.peakWindowMs() >= 0)) {
            throw new IllegalArgumentException("peakWindowMs " + c.peakWindowMs() + " must be 0 or above");
        }
        return c;
    }

    private static int polarityOf(String sign) {
        return switch (sign) {
            case "negative" -> NEGATIVE;
            case "positive" -> POSITIVE;
            case "both" -> NEGATIVE | POSITIVE;
            default -> throw new IllegalArgumentException("sign '" + sign + "' must be negative, positive or both");
        };
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
        StreamSpec in = inputs.get(0);
        if (!(in.sampleRate() > 0)) {
            throw new IllegalArgumentException("input " + in.name() + " has no sample rate");
        }
        ThresholdDetectorConfig c = config;
        channels = Math.max(1, in.channelCount());
        rate = in.sampleRate();
        int16 = in.kind() == Kind.CONTINUOUS_I16;
        scale = new double[channels];
        for (int ch = 0; ch < in.channelCount(); ch++) {
            scale[ch] = int16 ? in.channels().get(ch).bitVolts() : 1.0;
        }
        pre = c.waveforms() ? c.preSamples() : 0;
        post = c.waveforms() ? c.postSamples() : 0;
        waveformLength = pre + post;
        peakWindow = c.alignToPeak() ? (int) Math.round(c.peakWindowMs() * rate / 1000) : 0;
        lookahead = peakWindow + Math.max(0, post - 1);
        ringLength = pre + lookahead + 2;
        boolean needRing = c.waveforms() || c.alignToPeak();

        row = new float[channels];
        prev = new float[channels];
        started = false;
        lowThr = new float[channels];
        highThr = new float[channels];
        deadUntil = new long[channels];
        java.util.Arrays.fill(deadUntil, Long.MIN_VALUE);
        ring = needRing ? new float[ringLength * channels] : null;
        int pendingCapacity = channels * (lookahead + 2);
        pendingSample = new long[pendingCapacity];
        pendingChannel = new int[pendingCapacity];
        pendingPolarity = new int[pendingCapacity];
        pendingHead = 0;
        pendingCount = 0;
        int stride = (int) Math.max(1, Math.round(c.noiseWindowS() * rate / NOISE_VALUES));
        noise = new RobustNoise(channels, NOISE_VALUES, stride);
        nextRefresh = Long.MIN_VALUE;
        sweepNext = channels;
        applyLiveSettings(c);
        reconfigure = false;

        int capacity = Math.max(256, channels * 8);
        return List.of(StreamSpec.builder("spikes", Kind.SPIKES)
                .channels(in.channels())
                .sampleRate(rate)
                .source(in.source())
                .blockSamples(capacity)
                .waveformLength(waveformLength)
                .build());
    }

    private void applyLiveSettings(ThresholdDetectorConfig c) {
        polarity = polarityOf(c.sign());
        k = c.k();
        fixedUv = c.thresholdUv();
        refractory = Math.round(c.refractoryMs() * rate / 1000);
        refreshSamples = Math.max(1, Math.round(c.noiseRefreshS() * rate));
        sweepRows = Math.max(1, Math.min(refreshSamples, Math.round(SWEEP_SECONDS * rate)));
        updateThresholds();
    }

    private void updateThresholds() {
        for (int ch = 0; ch < channels; ch++) {
            updateThreshold(ch);
        }
    }

    private void updateThreshold(int ch) {
        double t = fixedUv > 0 ? fixedUv : k * noise.sigma(ch);
        boolean known = t > 0; // NaN before the first noise estimate: detect nothing yet
        lowThr[ch] = (polarity & NEGATIVE) != 0 && known ? (float) -t : Float.NEGATIVE_INFINITY;
        highThr[ch] = (polarity & POSITIVE) != 0 && known ? (float) t : Float.POSITIVE_INFINITY;
    }

    /** Spikes emitted so far. */
    public long spikeCount() {
        return spikeCount;
    }

    /** The current threshold magnitude of a channel in µV (NaN before the first estimate). */
    public double threshold(int channel) {
        return fixedUv > 0 ? fixedUv : k * noise.sigma(channel);
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        if (reconfigure) {
            reconfigure = false;
            applyLiveSettings(config);
        }
        if ((in.flags() & Block.FLAG_DISCONTINUITY) != 0) {
            pendingCount = 0; // their look-ahead would come from unrelated samples
            java.util.Arrays.fill(prev, 0f);
        }
        Block o = out.block(0);
        o.copyTimingFrom(in);
        if (!started) {
            started = true;
            o.setFlags(o.flags() & ~Block.FLAG_END_OF_STREAM);
            out.emit(0); // an empty block whose horizon is the stream's first sample: binning starts there
            o = out.block(0);
            o.copyTimingFrom(in);
        }
        final int n = channels;
        final long first = in.firstSample();
        final int count = in.sampleCount();
        final boolean adaptive = fixedUv <= 0;
        for (int s = 0; s < count; s++) {
            long t = first + s;
            // float input is read in place; int16 is scaled into the row buffer first
            final float[] x = int16 ? scaleRow(in.i16(), s * n) : in.f32();
            final int xo = int16 ? 0 : s * n;
            newest = t;
            if (ring != null) {
                System.arraycopy(x, xo, ring, (int) Math.floorMod(t, (long) ringLength) * n, n);
            }
            for (int c = 0; c < n; c++) {
                float v = x[xo + c];
                float p = prev[c];
                prev[c] = v;
                float lo = lowThr[c];
                float hi = highThr[c];
                // non-short-circuit: one rarely taken branch per channel instead of four
                boolean down = (v < lo) & (p >= lo);
                boolean up = (v > hi) & (p <= hi);
                if ((down | up) && t >= deadUntil[c]) {
                    deadUntil[c] = t + refractory;
                    if (lookahead == 0 && ring == null) {
                        o = add(o, out, in, t, c, t);
                    } else {
                        enqueue(t, c, down ? NEGATIVE : POSITIVE);
                    }
                }
            }
            while (pendingCount > 0 && pendingSample[pendingHead] + lookahead <= t) {
                o = finish(o, out, in);
            }
            noise.offer(x, xo);
            if (adaptive && noise.ready()) {
                if (t >= nextRefresh) {
                    sweepStart = t;
                    sweepNext = 0;
                    nextRefresh = t + refreshSamples;
                }
                if (sweepNext < channels) {
                    sweep(t);
                }
            }
        }
        long horizon = first + count - lookahead;
        if ((in.flags() & Block.FLAG_END_OF_STREAM) != 0) {
            while (pendingCount > 0) { // no more look-ahead will come: finish with what there is
                o = finish(o, out, in);
            }
            horizon = first + count;
        }
        o.setFirstSample(horizon);
        out.emit(0);
    }

    private float[] scaleRow(short[] a, int base) {
        for (int c = 0; c < channels; c++) {
            row[c] = (float) (a[base + c] * scale[c]);
        }
        return row;
    }

    /**
     * Renews the estimate of the channels due by row {@code t} of the current sweep, which covers
     * every channel in {@code sweepRows} rows; each renewed channel's thresholds follow at once.
     */
    private void sweep(long t) {
        long due = Math.min(channels, (channels * (t - sweepStart + 1) + sweepRows - 1) / sweepRows);
        for (; sweepNext < due; sweepNext++) {
            noise.update(sweepNext);
            updateThreshold(sweepNext);
        }
    }

    private void enqueue(long t, int c, int pol) {
        if (pendingCount == pendingSample.length) {
            throw new IllegalStateException("pending spike queue full (" + pendingCount + ")");
        }
        int i = (pendingHead + pendingCount) % pendingSample.length;
        pendingSample[i] = t;
        pendingChannel[i] = c;
        pendingPolarity[i] = pol;
        pendingCount++;
    }

    /** Completes the oldest pending spike: peak search and snippet from the ring. */
    private Block finish(Block o, Emitter out, Block in) throws InterruptedException {
        int i = pendingHead;
        pendingHead = (pendingHead + 1) % pendingSample.length;
        pendingCount--;
        long t = pendingSample[i];
        int c = pendingChannel[i];
        long peak = t;
        if (peakWindow > 0) {
            float best = sample(t, c);
            boolean neg = pendingPolarity[i] == NEGATIVE;
            for (long u = t + 1; u <= Math.min(t + peakWindow, newest); u++) {
                float v = sample(u, c);
                if (neg ? v < best : v > best) {
                    best = v;
                    peak = u;
                }
            }
        }
        return add(o, out, in, peak, c, t);
    }

    private float sample(long t, int c) {
        return ring[(int) Math.floorMod(t, (long) ringLength) * channels + c];
    }

    /**
     * Appends a spike, emitting the block first when it is full; {@code horizon} is a sample number
     * no later spike will precede.
     */
    private Block add(Block o, Emitter out, Block in, long sample, int c, long horizon) throws InterruptedException {
        if (o.sampleCount() == o.capacity()) {
            o.setFirstSample(horizon);
            o.setFlags(o.flags() & ~Block.FLAG_END_OF_STREAM); // only the block that ends the call ends the stream
            out.emit(0);
            o = out.block(0);
            o.copyTimingFrom(in);
        }
        int k = o.addSpike(sample, c, 0);
        if (waveformLength > 0) {
            float[] w = o.f32();
            int base = k * waveformLength;
            for (int j = 0; j < waveformLength; j++) {
                long u = sample - pre + j;
                w[base + j] = u <= newest ? sample(u, c) : 0f; // past the end of the stream
            }
        }
        spikeCount++;
        return o;
    }

    @Override
    public byte[] snapshot() {
        if (noise == null) {
            throw new IllegalStateException("snapshot before prepare");
        }
        int ringLen = ring == null ? 0 : ring.length;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(
                64 + noise.snapshotBytes() + 4 * channels + 8 * channels + 4 * ringLen + 16 * pendingCount);
        b.putInt(VERSION).putInt(channels).putInt(ringLen).putInt(lookahead);
        b.put((byte) (started ? 1 : 0)).putLong(newest).putLong(nextRefresh).putLong(spikeCount);
        b.putInt(sweepNext).putLong(sweepStart);
        noise.write(b);
        for (int c = 0; c < channels; c++) {
            b.putFloat(prev[c]).putLong(deadUntil[c]);
        }
        for (int i = 0; i < ringLen; i++) {
            b.putFloat(ring[i]);
        }
        b.putInt(pendingCount);
        for (int k = 0; k < pendingCount; k++) {
            int i = (pendingHead + k) % pendingSample.length;
            b.putLong(pendingSample[i]).putInt(pendingChannel[i]).putInt(pendingPolarity[i]);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Override
    public void restore(byte[] state) {
        if (noise == null) {
            throw new IllegalStateException("restore before prepare");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(state);
        int version = b.getInt();
        int ch = b.getInt();
        int ringLen = b.getInt();
        int look = b.getInt();
        int myRing = ring == null ? 0 : ring.length;
        // Version 1 (before the spread noise estimate) is read too, so that an update of the
        // bundle in place keeps the detector's state.
        if ((version != VERSION && version != 1) || ch != channels || ringLen != myRing || look != lookahead) {
            throw new IllegalArgumentException("spikes.threshold snapshot (version " + version + ", " + ch
                    + " channels, ring " + ringLen + ", look-ahead " + look + ") does not fit this node ("
                    + channels + " channels, ring " + myRing + ", look-ahead " + lookahead + ")");
        }
        started = b.get() == 1;
        newest = b.getLong();
        nextRefresh = b.getLong();
        spikeCount = b.getLong();
        if (version >= 2) {
            sweepNext = Math.min(channels, Math.max(0, b.getInt()));
            sweepStart = b.getLong();
        } else {
            sweepNext = channels; // no sweep under way: the next renewal falls due at nextRefresh
        }
        noise.read(b);
        for (int c = 0; c < channels; c++) {
            prev[c] = b.getFloat();
            deadUntil[c] = b.getLong();
        }
        for (int i = 0; i < ringLen; i++) {
            ring[i] = b.getFloat();
        }
        pendingHead = 0;
        pendingCount = 0;
        int n = b.getInt();
        for (int k = 0; k < n; k++) {
            enqueue(b.getLong(), b.getInt(), b.getInt());
        }
        updateThresholds();
    }
}
