package org.neurorig.plugin.models.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurorig.accel.Accelerator;
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
import org.neurorig.plugin.models.FeatureSetComparison;
import org.neurorig.plugin.models.RidgeFit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code model.encoding.compare}: input 0 is the responses (binned counts, N neurons), inputs 1…k
 * are k feature sets (kinematics, a network's layers, …), {@code MATRIX_F32} at one bin rate and
 * paired row by row — or {@code EVENTS} whose texts become one-hot features ({@code labels},
 * {@link LabelFeatures}: e.g. the character being written, from markers numbered in bins). Response rows
 * wait until every label input has reached them ({@link InputAligner}), so a label at bin k applies
 * from bin k whatever the arrival order; fits happen at exact row counts. Each set gets its own lagged ridge model over the same design rows and
 * folds (the statistics of {@code model.encoding.ridge}); every fit compares them.
 * Outputs, one row per fit: {@code r2} — k × N held-out R² (set-major, channel {@code set:neuron}),
 * {@code best} — per neuron the index of the best set (−1 = undefined), {@code fraction} — per set
 * the fraction of neurons it explains best.
 */
@Designate(ocd = EncodingComparisonConfig.class, factory = true)
@Component(
        name = "model.encoding.compare",
        configurationPid = "model.encoding.compare",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "model.encoding.compare",
        outputs = {"r2:MATRIX_F32@0", "best:MATRIX_F32@0", "fraction:MATRIX_F32@0"},
        inputs = {Kind.MATRIX_F32, Kind.EVENTS},
        minInputs = 3,
        sameRate = true,
        hangMillis = 300000,
        constraints = "minLag <= maxLag")
public final class EncodingComparisonModel implements Processor {
    @Reference
    Accelerator accel;

    private EncodingComparisonConfig config;
    private double[] lambdas;
    private NodeContext context;
    private List<String> setNames;
    private String[] inputNames;
    private int sets;
    private int responses;
    private RowQueue[] queues;
    private LabelFeatures[] labelInputs;
    private float[][] labelRows;
    private long responseTailSample;
    private LagBuffer[] lags;
    private FoldStatistics[] stats;
    private float[][] x;
    private float[] y;
    private long rowsSinceFit;
    private int endedInputs;
    private boolean ended;
    private volatile FeatureSetComparison comparison;
    private InputAligner aligner;

    @Activate
    void activate(EncodingComparisonConfig c) {
        if (c.minLag() > c.maxLag()) {
            throw new IllegalArgumentException(
                    "model.encoding.compare: minLag " + c.minLag() + " > maxLag " + c.maxLag());
        }
        lambdas = RidgeEncodingModel.parseLambdas(c.lambdas());
        config = c;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec r = inputs.get(0);
        List<String> labels = config.labels().isBlank()
                ? List.of()
                : Arrays.stream(config.labels().split(",")).map(String::trim).toList();
        for (StreamSpec s : inputs) {
            if (s.kind() == Kind.EVENTS && s != r) {
                if (labels.isEmpty()) {
                    throw new IllegalArgumentException("model.encoding.compare: input " + s.name() + " is EVENTS;"
                            + " set 'labels' to the event texts that become its one-hot features");
                }
                continue;
            }
            if (s.kind() != Kind.MATRIX_F32) {
                throw new IllegalArgumentException("model.encoding.compare: input " + s.name() + " is " + s.kind()
                        + "; the responses must be MATRIX_F32, the feature sets MATRIX_F32 or EVENTS (labels)");
            }
            if (Double.compare(s.sampleRate(), r.sampleRate()) != 0) {
                throw new IllegalArgumentException("model.encoding.compare: " + s.name() + " at " + s.sampleRate()
                        + " Hz and responses " + r.name() + " at " + r.sampleRate() + " Hz; the bin rates must match");
            }
        }
        context = ctx;
        sets = inputs.size() - 1;
        responses = r.channelCount();
        setNames = names(inputs);
        inputNames = inputs.stream().map(StreamSpec::name).toArray(String[]::new);
        queues = new RowQueue[inputs.size()];
        labelInputs = new LabelFeatures[inputs.size()];
        labelRows = new float[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).kind() == Kind.EVENTS) {
                labelInputs[i] = new LabelFeatures(labels);
                labelRows[i] = new float[labels.size()];
            } else {
                queues[i] = new RowQueue(inputs.get(i).channelCount(), config.maxSkewRows());
            }
        }
        // response rows wait for the label inputs only: dense feature rows are paired row by row anyway
        aligner = new InputAligner(inputs, 0, this::aligned);
        for (int i = 1; i < inputs.size(); i++) {
            if (labelInputs[i] == null) {
                aligner.stopWaitingFor(i);
            }
        }
        lags = new LagBuffer[sets];
        stats = new FoldStatistics[sets];
        x = new float[sets][];
        for (int s = 0; s < sets; s++) {
            int width = labelInputs[s + 1] != null
                    ? labels.size()
                    : inputs.get(s + 1).channelCount();
            lags[s] = new LagBuffer(width, responses, config.minLag(), config.maxLag());
            int p = lags[s].designWidth();
            stats[s] = new FoldStatistics(p, responses, config.folds(), config.chunkRows(), accel);
            x[s] = new float[p];
        }
        y = new float[responses];
        List<ChannelInfo> r2Channels = new ArrayList<>();
        for (String set : setNames) {
            for (ChannelInfo c : r.channels()) {
                r2Channels.add(ChannelInfo.of(set + ":" + c.name(), "R2", 1));
            }
        }
        List<ChannelInfo> setChannels =
                setNames.stream().map(s -> ChannelInfo.of(s, "fraction", 1)).toList();
        return List.of(
                StreamSpec.builder("r2", Kind.MATRIX_F32)
                        .channels(r2Channels)
                        .sampleRate(0)
                        .blockSamples(1)
                        .build(),
                StreamSpec.builder("best", Kind.MATRIX_F32)
                        .channels(r.channels())
                        .sampleRate(0)
                        .blockSamples(1)
                        .build(),
                StreamSpec.builder("fraction", Kind.MATRIX_F32)
                        .channels(setChannels)
                        .sampleRate(0)
                        .blockSamples(1)
                        .build());
    }

    private List<String> names(List<StreamSpec> inputs) {
        if (config.sets().isBlank()) {
            return inputs.subList(1, inputs.size()).stream()
                    .map(StreamSpec::name)
                    .toList();
        }
        List<String> n =
                Arrays.stream(config.sets().split(",")).map(String::trim).toList();
        if (n.size() != inputs.size() - 1) {
            throw new IllegalArgumentException("model.encoding.compare: sets '" + config.sets() + "' names " + n.size()
                    + " sets but " + (inputs.size() - 1) + " feature inputs are connected");
        }
        return n;
    }

    @Override
    public void process(Block in, Emitter out) throws Exception {
        aligner.process(in, out);
    }

    private void aligned(Block in, Emitter out) throws InterruptedException {
        int input = in.input();
        if ((in.flags() & Block.FLAG_DISCONTINUITY) != 0) {
            for (LagBuffer l : lags) {
                l.reset();
            }
            for (RowQueue q : queues) {
                if (q != null) {
                    q.clear();
                }
            }
        }
        if (labelInputs[input] != null) {
            labelInputs[input].push(in, inputNames[input]);
        } else {
            queues[input].push(in.f32(), in.sampleCount(), inputNames[input]);
        }
        if (input == 0) {
            responseTailSample = in.firstSample() + in.sampleCount();
        }
        while (allHaveRows()) {
            RowQueue resp = queues[0];
            long sample = responseTailSample - resp.size();
            long t = -1;
            for (int s = 0; s < sets; s++) {
                RowQueue f = queues[s + 1];
                // every set sees the same pairs and lags, so every set yields the same t
                if (f == null) {
                    labelInputs[s + 1].row(sample, labelRows[s + 1]);
                    t = lags[s].add(labelRows[s + 1], 0, resp.array(), resp.headOffset(), x[s], 0, y, 0);
                } else {
                    t = lags[s].add(f.array(), f.headOffset(), resp.array(), resp.headOffset(), x[s], 0, y, 0);
                }
            }
            for (RowQueue q : queues) {
                if (q != null) {
                    q.pop();
                }
            }
            if (t < 0) {
                continue;
            }
            int fold = (int) ((t / config.foldRows()) % config.folds());
            for (int s = 0; s < sets; s++) {
                stats[s].add(x[s], 0, y, 0, fold);
            }
            rowsSinceFit++;
            if (config.fitEvery() > 0 && rowsSinceFit >= config.fitEvery()) {
                fitNow(out); // at an exact row count, however many rows this call brought
            }
        }
        if ((in.flags() & Block.FLAG_END_OF_STREAM) != 0) {
            endedInputs |= 1 << input;
        }
        boolean end = Integer.bitCount(endedInputs) == queues.length;
        // at the end, refit only if rows came after the last fit: the inputs' end flags may
        // arrive in blocks after the rows that triggered the last periodic fit
        boolean endsNow = end && !ended;
        ended |= end;
        if ((config.fitEvery() > 0 && rowsSinceFit >= config.fitEvery()) || (endsNow && rowsSinceFit > 0)) {
            fitNow(out);
        }
    }

    private boolean allHaveRows() {
        for (RowQueue q : queues) {
            if (q != null && q.size() == 0) {
                return false;
            }
        }
        return true;
    }

    private void fitNow(Emitter out) throws InterruptedException {
        for (FoldStatistics s : stats) {
            s.flush();
        }
        if (stats[0].foldsWithData() < 2) {
            return;
        }
        List<RidgeFit> fits = new ArrayList<>(sets);
        for (FoldStatistics s : stats) {
            fits.add(RidgeSolver.solve(s, lambdas));
        }
        rowsSinceFit = 0;
        FeatureSetComparison c = FeatureSetComparison.of(setNames, fits);
        comparison = c;
        if (out != null) {
            Block r2 = out.block(0);
            for (int s = 0; s < sets; s++) {
                for (int j = 0; j < responses; j++) {
                    r2.f32()[s * responses + j] = (float) c.r2(s, j);
                }
            }
            emitRow(out, 0, r2, fits.get(0).rows());
            Block best = out.block(1);
            for (int j = 0; j < responses; j++) {
                best.f32()[j] = c.best()[j];
            }
            emitRow(out, 1, best, fits.get(0).rows());
            Block fraction = out.block(2);
            for (int s = 0; s < sets; s++) {
                fraction.f32()[s] = (float) c.fraction()[s];
            }
            emitRow(out, 2, fraction, fits.get(0).rows());
        }
        StringBuilder msg = new StringBuilder("model.encoding.compare: fit on ")
                .append(fits.get(0).rows())
                .append(" rows; best set:");
        for (int s = 0; s < sets; s++) {
            msg.append(String.format(" %s %.0f%%", setNames.get(s), 100 * c.fraction()[s]));
        }
        var run = stats[0].lastRun();
        if (run != null && run.fellBack()) {
            msg.append("; XᵀY FELL BACK from ")
                    .append(run.requested())
                    .append(" to ")
                    .append(run.executed());
        }
        context.status(NodeStatus.OK, msg.toString());
    }

    private static void emitRow(Emitter out, int port, Block b, long rows) throws InterruptedException {
        b.setFirstSample(rows);
        b.setSampleCount(1);
        out.emit(port);
    }

    @Override
    public void close() {
        if (!ended && stats != null && rowsSinceFit > 0) {
            try {
                fitNow(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The latest comparison, or null before the first fit. */
    FeatureSetComparison comparison() {
        return comparison;
    }
}
