package org.neurorig.plugin.models.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Emitter;
import org.neurorig.api.InputAligner;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code model.selectivity} ({@code SCIENCE.md} §4): input 0 is frames of N neurons
 * ({@code MATRIX_F32} or {@code CONTINUOUS_F32}, e.g. ΔF/F or deconvolved activity), input 1 the
 * condition labels ({@code EVENTS}): an event of state 1 whose text is {@code conditionA} or
 * {@code conditionB} labels the frames from its sample number (on the frame stream's clock) on;
 * an event of state 0, or with any other text, ends the condition (text-less TTL edges are ignored). Each labelled frame updates the per-neuron running mean and
 * variance of its condition; then every frame is projected on the current coding direction
 * cd = (μA − μB) / ‖μA − μB‖. d'ᵢ = (μA,ᵢ − μB,ᵢ) / √((σ²A,ᵢ + σ²B,ᵢ) / 2), population variances.
 * Outputs: {@code proj} — one value per frame (NaN until both conditions have frames);
 * {@code dprime} and {@code cd} — one row of N values every {@code emitEvery} frames and at the end.
 * Frames are taken in sample order with the labels ({@link InputAligner}): a frame waits until
 * the label stream has reached it, so an event at frame k applies from frame k whatever the
 * arrival order (the label stream must signal progress, {@code docs/WIRE.md} §4).
 */
@Designate(ocd = SelectivityConfig.class, factory = true)
@Component(
        name = "model.selectivity",
        configurationPid = "model.selectivity",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "model.selectivity",
        outputs = {"proj:MATRIX_F32@=", "dprime:MATRIX_F32@0", "cd:MATRIX_F32@0"},
        inputs = {Kind.MATRIX_F32, Kind.CONTINUOUS_F32, Kind.EVENTS},
        minInputs = 2,
        maxInputs = 2,
        hangMillis = 300000)
public final class SelectivityModel implements Processor {
    private static final int PENDING = 4096;
    private volatile SelectivityConfig config;
    private NodeContext context;
    private int n;
    private double[][] sum;
    private double[][] sumSq;
    private final long[] count = new long[2];
    private float[] shift;
    private boolean shiftSet;
    // events not yet reached by the frames: sample and condition (−1 = none), in arrival order
    private final long[] pendingSample = new long[PENDING];
    private final int[] pendingCondition = new int[PENDING];
    private int pendingHead;
    private int pendingTail;
    private int condition = -1;
    private long frames;
    private long framesSinceEmit;
    private InputAligner aligner;

    @Activate
    void activate(SelectivityConfig c) {
        if (c.conditionA().equals(c.conditionB())) {
            throw new IllegalArgumentException(
                    "model.selectivity: conditionA and conditionB are both '" + c.conditionA() + "'");
        }
        config = c;
    }

    @Modified
    void modified(SelectivityConfig c) {
        activate(c);
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        if (!inputs.get(0).kind().isDense()
                || inputs.get(0).kind() == Kind.CONTINUOUS_I16
                || inputs.get(1).kind() != Kind.EVENTS) {
            throw new IllegalArgumentException("model.selectivity takes 2 inputs: frames (MATRIX_F32 or CONTINUOUS_F32)"
                    + " and condition labels (EVENTS), got " + inputs);
        }
        StreamSpec f = inputs.get(0);
        context = ctx;
        n = f.channelCount();
        sum = new double[2][n];
        sumSq = new double[2][n];
        shift = new float[n];
        aligner = new InputAligner(inputs, 0, this::aligned);
        return List.of(
                StreamSpec.builder("proj", Kind.MATRIX_F32)
                        .channels(List.of(ChannelInfo.of("cd", "a.u.", 1)))
                        .sampleRate(f.sampleRate())
                        .blockSamples(f.blockSamples())
                        .build(),
                StreamSpec.builder("dprime", Kind.MATRIX_F32)
                        .channels(f.channels())
                        .sampleRate(0)
                        .blockSamples(1)
                        .build(),
                StreamSpec.builder("cd", Kind.MATRIX_F32)
                        .channels(f.channels())
                        .sampleRate(0)
                        .blockSamples(1)
                        .build());
    }

    @Override
    public void process(Block in, Emitter out) throws Exception {
        aligner.process(in, out);
    }

    /** One block in sample order: labels are queued, frames labelled by the queued labels. */
    private void aligned(Block in, Emitter out) throws InterruptedException {
        if (in.input() == 1) {
            labels(in);
            return;
        }
        Block proj = out.block(0);
        proj.copyTimingFrom(in);
        float[] src = in.f32();
        float[] dst = proj.f32();
        for (int r = 0; r < in.sampleCount(); r++) {
            long sample = in.firstSample() + r;
            while (pendingHead < pendingTail && pendingSample[pendingHead % PENDING] <= sample) {
                condition = pendingCondition[pendingHead % PENDING];
                pendingHead++;
            }
            int off = r * n;
            if (condition >= 0) {
                add(src, off, condition);
            }
            dst[r] = (float) project(src, off);
            frames++;
            framesSinceEmit++;
        }
        proj.setSampleCount(in.sampleCount());
        out.emit(0);
        boolean end = (in.flags() & Block.FLAG_END_OF_STREAM) != 0;
        if (framesSinceEmit >= config.emitEvery() || end) {
            framesSinceEmit = 0;
            emitRows(out);
        }
    }

    private void labels(Block in) {
        SelectivityConfig c = config;
        for (int i = 0; i < in.sampleCount(); i++) {
            String text = in.itemText()[i];
            if (text == null) {
                continue; // a plain TTL edge carries no condition
            }
            if (pendingTail - pendingHead == PENDING) {
                throw new IllegalStateException("model.selectivity: more than " + PENDING
                        + " condition events ahead of the frames; are both inputs on the same clock?");
            }
            // state 0 (leaving a corridor, as sim.twophoton's trials) or any other text ends the condition
            int k = in.itemValue()[i] == 0
                    ? -1
                    : text.equals(c.conditionA()) ? 0 : text.equals(c.conditionB()) ? 1 : -1;
            pendingSample[pendingTail % PENDING] = in.itemSample()[i];
            pendingCondition[pendingTail % PENDING] = k;
            pendingTail++;
        }
    }

    private void add(float[] f, int off, int k) {
        if (!shiftSet) {
            // sums of values shifted by the first frame keep the variance of large baselines in float64
            System.arraycopy(f, off, shift, 0, n);
            shiftSet = true;
        }
        double[] s = sum[k];
        double[] q = sumSq[k];
        for (int i = 0; i < n; i++) {
            double v = f[off + i] - shift[i];
            s[i] += v;
            q[i] += v * v;
        }
        count[k]++;
    }

    /** Frame · cd with cd from the current means; NaN while a condition has no frame. */
    private double project(float[] f, int off) {
        if (count[0] == 0 || count[1] == 0) {
            return Double.NaN;
        }
        double ia = 1.0 / count[0];
        double ib = 1.0 / count[1];
        double[] sa = sum[0];
        double[] sb = sum[1];
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double diff = sa[i] * ia - sb[i] * ib;
            dot += diff * f[off + i];
            norm += diff * diff;
        }
        return norm > 0 ? dot / Math.sqrt(norm) : Double.NaN;
    }

    private void emitRows(Emitter out) throws InterruptedException {
        Block d = out.block(1);
        Block cd = out.block(2);
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double diff = mean(0, i) - mean(1, i);
            norm += diff * diff;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < n; i++) {
            d.f32()[i] = (float) dprime(i);
            cd.f32()[i] = (float) ((mean(0, i) - mean(1, i)) / norm);
        }
        for (Block b : new Block[] {d, cd}) {
            b.setFirstSample(frames);
            b.setSampleCount(1);
        }
        out.emit(1);
        out.emit(2);
        long early = aligner.releasedEarly();
        context.status(
                NodeStatus.OK,
                "model.selectivity: " + frames + " frames, " + count[0] + " in "
                        + config.conditionA() + ", " + count[1] + " in " + config.conditionB()
                        + (early > 0
                                ? "; " + early + " frames labelled before the labels reached them (the label stream"
                                        + " sends no empty blocks?)"
                                : ""));
    }

    /** Mean of neuron i in condition k (0 = A, 1 = B), NaN without frames. */
    double mean(int k, int i) {
        return count[k] == 0 ? Double.NaN : sum[k][i] / count[k] + shift[i];
    }

    private double variance(int k, int i) {
        double m = sum[k][i] / count[k];
        return Math.max(0, sumSq[k][i] / count[k] - m * m);
    }

    /** d' of neuron i; NaN until both conditions have frames or when both variances are 0. */
    double dprime(int i) {
        if (count[0] == 0 || count[1] == 0) {
            return Double.NaN;
        }
        double pooled = Math.sqrt((variance(0, i) + variance(1, i)) / 2);
        return pooled > 0 ? (mean(0, i) - mean(1, i)) / pooled : Double.NaN;
    }

    /** Frames counted in condition k. */
    long frames(int k) {
        return count[k];
    }
}
