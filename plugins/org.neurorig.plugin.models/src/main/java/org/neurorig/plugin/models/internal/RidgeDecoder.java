package org.neurorig.plugin.models.internal;

import java.util.Arrays;
import java.util.List;
import org.neurorig.accel.Accelerator;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.InputAligner;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.models.RidgeFit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code model.decode.ridge}: a lagged linear (Wiener) decoder. Input 0 is binned neural activity,
 * input 1 the behaviour to decode (calibration targets), both {@code MATRIX_F32} at one bin rate.
 * While behaviour rows arrive they are paired with the neural rows and summed into the
 * cross-validated ridge statistics of {@code model.encoding.ridge} (neural rows at lags
 * minLag…maxLag as features); the decoder refits every {@code fitEvery} rows and when the
 * behaviour input ends. Output {@code out}: one estimate of every behaviour channel per neural
 * bin, from that bin and the earlier ones only (NaN until the first fit), numbered like the
 * neural rows; {@code r2}: one row of held-out R² per fit. The behaviour input may stop after
 * calibration: decoding goes on.
 * During calibration a neural block waits until the behaviour input has reached its last bin
 * ({@link InputAligner}), so which bins are decoded before each fit does not depend on which
 * input arrived first.
 */
@Designate(ocd = RidgeDecoderConfig.class, factory = true)
@Component(
        name = "model.decode.ridge",
        configurationPid = "model.decode.ridge",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "model.decode.ridge",
        outputs = {"out:MATRIX_F32@=", "r2:MATRIX_F32@0"},
        inputs = Kind.MATRIX_F32,
        minInputs = 2,
        maxInputs = 2,
        sameRate = true,
        hangMillis = 300000,
        constraints = "minLag <= maxLag")
public final class RidgeDecoder implements Processor {
    @Reference
    Accelerator accel;

    private RidgeDecoderConfig config;
    private double[] lambdas;
    private NodeContext context;
    private String[] inputNames;
    private int channels;
    private int outputs;
    private RowQueue[] queues;
    private LagBuffer trainLags;
    private LagBuffer liveLags;
    private FoldStatistics stats;
    private float[] x;
    private float[] y;
    private float[] liveX;
    private final float[] none = new float[0];
    private float[] weights;
    private float[] intercepts;
    private double[] row;
    private long rowsSinceFit;
    private boolean calibrated;
    private boolean calibrationOver;
    private boolean behaviourEnded;
    private boolean neuralEnded;
    private final DecodeLatency latency = new DecodeLatency();
    private InputAligner aligner;
    private volatile RidgeFit fit;

    @Activate
    void activate(RidgeDecoderConfig c) {
        if (c.minLag() > c.maxLag()) {
            throw new IllegalArgumentException("model.decode.ridge: minLag " + c.minLag() + " > maxLag " + c.maxLag());
        }
        lambdas = RidgeEncodingModel.parseLambdas(c.lambdas());
        config = c;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec neural = inputs.get(0);
        StreamSpec behaviour = inputs.get(1);
        context = ctx;
        inputNames = new String[] {neural.name(), behaviour.name()};
        aligner = new InputAligner(inputs, 0, this::aligned);
        channels = neural.channelCount();
        outputs = behaviour.channelCount();
        queues = new RowQueue[] {
            new RowQueue(channels, config.maxSkewRows()), new RowQueue(outputs, config.maxSkewRows())
        };
        trainLags = new LagBuffer(channels, outputs, config.minLag(), config.maxLag());
        liveLags = new LagBuffer(channels, 0, config.minLag(), config.maxLag());
        int p = trainLags.designWidth();
        stats = new FoldStatistics(p, outputs, config.folds(), config.chunkRows(), accel);
        x = new float[p];
        liveX = new float[p];
        y = new float[outputs];
        weights = new float[p * outputs];
        intercepts = new float[outputs];
        Arrays.fill(intercepts, Float.NaN);
        row = new double[outputs];
        StreamSpec out = StreamSpec.builder("out", Kind.MATRIX_F32)
                .channels(behaviour.channels())
                .sampleRate(neural.sampleRate())
                .blockSamples(neural.blockSamples())
                .build();
        StreamSpec r2 = StreamSpec.builder("r2", Kind.MATRIX_F32)
                .channels(behaviour.channels())
                .sampleRate(0)
                .blockSamples(1)
                .build();
        return List.of(out, r2);
    }

    @Override
    public void process(Block in, Emitter out) throws Exception {
        aligner.process(in, out);
    }

    private void aligned(Block in, Emitter out) throws InterruptedException {
        int input = in.input();
        boolean gap = (in.flags() & Block.FLAG_DISCONTINUITY) != 0;
        if (gap) {
            trainLags.reset();
            queues[0].clear();
            queues[1].clear();
        }
        if (input == 0) {
            decode(in, out, gap);
        }
        if (calibrationOver) {
            return;
        }
        calibrate(in);
        if ((in.flags() & Block.FLAG_END_OF_STREAM) != 0) {
            behaviourEnded |= input == 1;
            neuralEnded |= input == 0;
        }
        // calibration ends with the behaviour input, once the neural rows paired with it are in
        if (behaviourEnded && (queues[1].size() == 0 || neuralEnded)) {
            calibrationOver = true;
            aligner.stopWaitingFor(1); // decoding no longer depends on the behaviour input
            fitNow(out);
        } else if (config.fitEvery() > 0 && rowsSinceFit >= config.fitEvery()) {
            fitNow(out);
        }
    }

    /** One estimate per neural row, from the lagged rows before it. */
    private void decode(Block in, Emitter out, boolean gap) throws InterruptedException {
        if (gap) {
            liveLags.reset();
        }
        Block b = out.block(0);
        b.setFirstSample(in.firstSample());
        b.setAcqTimeNanos(in.acqTimeNanos());
        b.setFlags(in.flags() & (Block.FLAG_DISCONTINUITY | Block.FLAG_END_OF_STREAM));
        float[] src = in.f32();
        float[] dst = b.f32();
        int n = outputs;
        for (int r = 0; r < in.sampleCount(); r++) {
            long t0 = System.nanoTime();
            long t = liveLags.add(src, r * channels, none, 0, liveX, 0, none, 0);
            int off = r * n;
            if (t < 0 || !calibrated) {
                Arrays.fill(dst, off, off + n, Float.NaN);
                continue;
            }
            predict(liveX, dst, off);
            latency.add(System.nanoTime() - t0);
        }
        b.setSampleCount(in.sampleCount());
        out.emit(0);
    }

    private void predict(float[] design, float[] dst, int off) {
        int p = design.length;
        int n = outputs;
        for (int j = 0; j < n; j++) {
            row[j] = intercepts[j];
        }
        for (int i = 0; i < p; i++) {
            float xi = design[i];
            if (xi == 0) {
                continue; // binned counts are mostly zero
            }
            int wo = i * n;
            for (int j = 0; j < n; j++) {
                row[j] += xi * weights[wo + j];
            }
        }
        for (int j = 0; j < n; j++) {
            dst[off + j] = (float) row[j];
        }
    }

    private void calibrate(Block in) {
        int input = in.input();
        queues[input].push(in.f32(), in.sampleCount(), inputNames[input]);
        while (queues[0].size() > 0 && queues[1].size() > 0) {
            long t = trainLags.add(
                    queues[0].array(), queues[0].headOffset(), queues[1].array(), queues[1].headOffset(), x, 0, y, 0);
            queues[0].pop();
            queues[1].pop();
            if (t >= 0) {
                stats.add(x, 0, y, 0, (int) ((t / config.foldRows()) % config.folds()));
                rowsSinceFit++;
            }
        }
    }

    private void fitNow(Emitter out) throws InterruptedException {
        stats.flush();
        if (stats.foldsWithData() < 2) {
            context.status(
                    NodeStatus.OK,
                    "model.decode.ridge: not fitted, calibration rows in " + stats.foldsWithData() + " fold(s) ("
                            + stats.rows() + " rows); cross-validation needs 2");
            return;
        }
        RidgeFit f = RidgeSolver.solve(stats, lambdas);
        rowsSinceFit = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) f.weights()[i];
        }
        for (int j = 0; j < outputs; j++) {
            intercepts[j] = (float) f.intercepts()[j];
        }
        fit = f;
        calibrated = true;
        if (out != null) {
            Block r2 = out.block(1);
            for (int j = 0; j < outputs; j++) {
                r2.f32()[j] = (float) f.r2()[j];
            }
            r2.setFirstSample(f.rows());
            r2.setSampleCount(1);
            out.emit(1);
        }
        var run = stats.lastRun();
        context.status(
                NodeStatus.OK,
                String.format(
                        "model.decode.ridge: fit on %d rows, held-out R² %s; XᵀY ran on %s%s",
                        f.rows(),
                        Arrays.toString(Arrays.stream(f.r2())
                                .map(v -> Math.round(v * 1000) / 1000.0)
                                .toArray()),
                        run == null ? "-" : run.executed(),
                        run != null && run.fellBack() ? " (FELL BACK from " + run.requested() + ")" : ""));
    }

    /** The latest fit, or null before the first. */
    RidgeFit fit() {
        return fit;
    }

    /** Time per decoded bin so far. */
    DecodeLatency latency() {
        return latency;
    }
}
