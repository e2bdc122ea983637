package org.neurorig.plugin.models.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.neurorig.accel.Accelerator;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
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
 * {@code model.encoding.ridge}: input 0 is a feature stream (kinematics, any model's layer
 * activations), input 1 the responses (binned counts), both {@code MATRIX_F32} at one bin rate
 * and paired row by row. Design rows carry the features at lags minLag…maxLag. Sufficient
 * statistics accumulate per contiguous fold block on the accelerator; every {@code fitEvery}
 * rows (and at the end of the stream) the model is cross-validated over the penalty grid.
 * Outputs: {@code pred} — the live prediction of every response for every design row (NaN until
 * the first fit); {@code r2} — one row per fit, the held-out R² of each response.
 * Used as a decoder, the inputs swap roles: counts as features, kinematics as responses.
 */
@Designate(ocd = RidgeEncodingModelConfig.class, factory = true)
@Component(
        name = "model.encoding.ridge",
        configurationPid = "model.encoding.ridge",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "model.encoding.ridge",
        outputs = {"pred:MATRIX_F32@=", "r2:MATRIX_F32@0"},
        inputs = Kind.MATRIX_F32,
        minInputs = 2,
        maxInputs = 2,
        sameRate = true,
        hangMillis = 300000,
        paths = "saveDir",
        constraints = "minLag <= maxLag")
public final class RidgeEncodingModel implements Processor {
    @Reference
    Accelerator accel;

    private RidgeEncodingModelConfig config;
    private double[] lambdas;
    private NodeContext context;
    private String[] inputNames;
    private int features;
    private int responses;
    private RowQueue[] queues;
    private LagBuffer lags;
    private FoldStatistics stats;
    private float[] x;
    private float[] y;
    private float[] weights;
    private float[] intercepts;
    private double[] predRow;
    private long rowsSinceFit;
    private volatile RidgeFit fit;
    /** Tests pin the solver to check both against scikit-learn. */
    RidgeSolver.Method method = RidgeSolver.Method.AUTO;

    private boolean ended;
    private int endedInputs;

    @Activate
    void activate(RidgeEncodingModelConfig c) {
        if (c.minLag() > c.maxLag()) {
            throw new IllegalArgumentException(
                    "model.encoding.ridge: minLag " + c.minLag() + " > maxLag " + c.maxLag());
        }
        lambdas = parseLambdas(c.lambdas());
        config = c;
    }

    public static double[] parseLambdas(String text) {
        String[] parts = text.split(",");
        double[] l = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                l[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model.encoding.ridge: lambdas entry '" + parts[i].trim() + "' of '"
                        + text + "' is not a number");
            }
            if (!(l[i] > 0) || Double.isInfinite(l[i])) {
                throw new IllegalArgumentException(
                        "model.encoding.ridge: lambdas entry " + l[i] + " of '" + text + "' must be finite and > 0");
            }
        }
        return l;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec f = inputs.get(0);
        StreamSpec r = inputs.get(1);
        context = ctx;
        inputNames = new String[] {f.name(), r.name()};
        features = f.channelCount();
        responses = r.channelCount();
        queues = new RowQueue[] {
            new RowQueue(features, config.maxSkewRows()), new RowQueue(responses, config.maxSkewRows())
        };
        lags = new LagBuffer(features, responses, config.minLag(), config.maxLag());
        int p = lags.designWidth();
        stats = new FoldStatistics(p, responses, config.folds(), config.chunkRows(), accel);
        x = new float[p];
        y = new float[responses];
        weights = new float[p * responses];
        intercepts = new float[responses];
        Arrays.fill(intercepts, Float.NaN);
        predRow = new double[responses];
        int block = Math.max(f.blockSamples(), r.blockSamples());
        StreamSpec pred = StreamSpec.builder("pred", Kind.MATRIX_F32)
                .channels(r.channels())
                .sampleRate(f.sampleRate())
                .blockSamples(block)
                .build();
        StreamSpec r2 = StreamSpec.builder("r2", Kind.MATRIX_F32)
                .channels(r.channels())
                .sampleRate(0)
                .blockSamples(1)
                .build();
        return List.of(pred, r2);
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        int input = in.input();
        if ((in.flags() & Block.FLAG_DISCONTINUITY) != 0) {
            // rows across a gap must not share a design row; the pairing restarts too
            lags.reset();
            queues[0].clear();
            queues[1].clear();
        }
        queues[input].push(in.f32(), in.sampleCount(), inputNames[input]);
        Block pred = out.block(0);
        int n = responses;
        while (queues[0].size() > 0 && queues[1].size() > 0) {
            long t = lags.add(
                    queues[0].array(), queues[0].headOffset(), queues[1].array(), queues[1].headOffset(), x, 0, y, 0);
            queues[0].pop();
            queues[1].pop();
            if (t < 0) {
                continue;
            }
            stats.add(x, 0, y, 0, (int) ((t / config.foldRows()) % config.folds()));
            rowsSinceFit++;
            if (pred.sampleCount() == 0) {
                // rows of pred are design rows: numbered by t, so that lags leave no gap
                pred.setFirstSample(t);
                pred.setAcqTimeNanos(in.acqTimeNanos());
                pred.setFlags(0);
            }
            predict(pred.f32(), pred.sampleCount() * n);
            pred.setSampleCount(pred.sampleCount() + 1);
            if (pred.sampleCount() == pred.capacity()) {
                out.emit(0);
                pred = out.block(0);
            }
        }
        if (pred.sampleCount() > 0) {
            out.emit(0);
        }
        if ((in.flags() & Block.FLAG_END_OF_STREAM) != 0) {
            endedInputs |= 1 << input;
        }
        // the last fit waits for both streams: the other one may still hold rows
        boolean end = endedInputs == 3;
        if ((config.fitEvery() > 0 && rowsSinceFit >= config.fitEvery()) || (end && !ended)) {
            ended |= end;
            fitNow(out);
        }
    }

    private void predict(float[] dst, int off) {
        int p = x.length;
        int n = responses;
        for (int j = 0; j < n; j++) {
            predRow[j] = intercepts[j];
        }
        for (int i = 0; i < p; i++) {
            float xi = x[i];
            int wo = i * n;
            for (int j = 0; j < n; j++) {
                predRow[j] += xi * weights[wo + j];
            }
        }
        for (int j = 0; j < n; j++) {
            dst[off + j] = (float) predRow[j];
        }
    }

    /** Fits now if at least two folds hold rows; emits the held-out R² row. */
    private void fitNow(Emitter out) throws InterruptedException {
        stats.flush();
        if (stats.foldsWithData() < 2) {
            return;
        }
        RidgeFit f = RidgeSolver.solve(stats, lambdas, method);
        rowsSinceFit = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) f.weights()[i];
        }
        for (int j = 0; j < responses; j++) {
            intercepts[j] = (float) f.intercepts()[j];
        }
        fit = f;
        if (out != null) {
            Block r2 = out.block(1);
            for (int j = 0; j < responses; j++) {
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
                        "model.encoding.ridge: fit on %d rows, median held-out R² %.3f;" + " XᵀY ran on %s%s",
                        f.rows(),
                        median(f.r2()),
                        run == null ? "-" : run.executed(),
                        run != null && run.fellBack() ? " (FELL BACK from " + run.requested() + ")" : ""));
        save(f);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }

    private void save(RidgeFit f) {
        if (config.saveDir().isBlank()) {
            return;
        }
        Path file = Path.of(config.saveDir(), context.nodeName() + ".ridge.json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, RidgeFitJson.format(f));
        } catch (IOException e) {
            context.status(NodeStatus.OK, "model.encoding.ridge: cannot write " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (!ended && stats != null) {
            try {
                fitNow(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The statistics gathered so far (tests). */
    FoldStatistics statistics() {
        return stats;
    }

    /** The latest fit, or null before the first. */
    RidgeFit fit() {
        return fit;
    }
}
