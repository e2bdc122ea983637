package org.neurorig.plugin.models.internal;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code model.decode.kalman}: input 0 is binned neural activity, input 1 the behaviour (e.g. pen
 * or hand position and velocity), both {@code MATRIX_F32} at one bin rate. During calibration
 * (the first {@code calibrationRows} bins, or until the behaviour input ends) the two are paired
 * bin by bin into {@link KalmanStatistics}; then the model is fitted and run live. Output
 * {@code out}: the state estimate per neural bin, numbered like the neural rows (row t estimates
 * the state of bin t + lag), NaN during calibration. Each estimate's computing time is measured
 * ({@link DecodeLatency}) and shown in the status.
 * During calibration a neural block waits until the behaviour input has reached its last bin
 * ({@link InputAligner}), so which bins are decoded before each fit does not depend on which
 * input arrived first.
 */
@Designate(ocd = KalmanDecoderConfig.class, factory = true)
@Component(
        name = "model.decode.kalman",
        configurationPid = "model.decode.kalman",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "model.decode.kalman",
        outputs = "out:MATRIX_F32@=",
        inputs = Kind.MATRIX_F32,
        minInputs = 2,
        maxInputs = 2,
        sameRate = true,
        hangMillis = 300000)
public final class KalmanDecoder implements Processor {
    private KalmanDecoderConfig config;
    private NodeContext context;
    private String[] inputNames;
    private int channels;
    private int[] stateChannels;
    private RowQueue[] queues;
    private KalmanStatistics stats;
    private double[] stateRow;
    private long calibrationBins;
    private boolean behaviourEnded;
    private boolean neuralEnded;
    private volatile KalmanModel model;
    private final DecodeLatency latency = new DecodeLatency();
    private InputAligner aligner;
    private long reportedAt;

    @Activate
    void activate(KalmanDecoderConfig c) {
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
        stateChannels = selectState(config.state(), behaviour);
        int d = stateChannels.length;
        queues = new RowQueue[] {
            new RowQueue(channels, config.maxSkewRows()), new RowQueue(behaviour.channelCount(), config.maxSkewRows())
        };
        stats = new KalmanStatistics(d, channels, config.lag());
        stateRow = new double[d];
        List<ChannelInfo> out = new ArrayList<>(d);
        for (int c : stateChannels) {
            out.add(behaviour.channels().get(c));
        }
        return List.of(StreamSpec.builder("out", Kind.MATRIX_F32)
                .channels(out)
                .sampleRate(neural.sampleRate())
                .blockSamples(neural.blockSamples())
                .build());
    }

    /** Channel indices named by {@code state} (names or indices), all when empty. */
    static int[] selectState(String state, StreamSpec behaviour) {
        if (state.isBlank()) {
            return java.util.stream.IntStream.range(0, behaviour.channelCount()).toArray();
        }
        String[] parts = state.split(",");
        int[] idx = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String name = parts[i].trim();
            idx[i] = -1;
            for (int c = 0; c < behaviour.channelCount(); c++) {
                if (behaviour.channels().get(c).name().equals(name)) {
                    idx[i] = c;
                }
            }
            if (idx[i] < 0 && name.matches("\\d+") && Integer.parseInt(name) < behaviour.channelCount()) {
                idx[i] = Integer.parseInt(name);
            }
            if (idx[i] < 0) {
                throw new IllegalArgumentException("model.decode.kalman: state channel '" + name + "' is neither a"
                        + " channel of " + behaviour.name() + " "
                        + behaviour.channels().stream().map(ChannelInfo::name).toList() + " nor an index below "
                        + behaviour.channelCount());
            }
        }
        return idx;
    }

    @Override
    public void process(Block in, Emitter out) throws Exception {
        aligner.process(in, out);
    }

    private void aligned(Block in, Emitter out) throws InterruptedException {
        int input = in.input();
        boolean gap = (in.flags() & Block.FLAG_DISCONTINUITY) != 0;
        if (input == 0) {
            decode(in, out, gap);
        }
        if (model != null) {
            return;
        }
        if (gap) {
            stats.reset();
            queues[0].clear();
            queues[1].clear();
        }
        calibrate(in);
        if ((in.flags() & Block.FLAG_END_OF_STREAM) != 0) {
            behaviourEnded |= input == 1;
            neuralEnded |= input == 0;
        }
        boolean full = config.calibrationRows() > 0 && calibrationBins >= config.calibrationRows();
        if (full || (behaviourEnded && (queues[1].size() == 0 || neuralEnded))) {
            fit();
        }
    }

    private void decode(Block in, Emitter out, boolean gap) throws InterruptedException {
        KalmanModel k = model;
        int d = stateChannels.length;
        Block b = out.block(0);
        b.setFirstSample(in.firstSample());
        b.setAcqTimeNanos(in.acqTimeNanos());
        b.setFlags(in.flags() & (Block.FLAG_DISCONTINUITY | Block.FLAG_END_OF_STREAM));
        float[] dst = b.f32();
        if (k == null) {
            Arrays.fill(dst, 0, in.sampleCount() * d, Float.NaN);
        } else {
            if (gap) {
                k.restart();
            }
            float[] src = in.f32();
            for (int r = 0; r < in.sampleCount(); r++) {
                long t0 = System.nanoTime();
                k.step(src, r * channels, dst, r * d);
                latency.add(System.nanoTime() - t0);
            }
            if (latency.bins() - reportedAt >= 1000) {
                reportedAt = latency.bins();
                context.status(NodeStatus.OK, "model.decode.kalman: decoding, " + latency);
            }
        }
        b.setSampleCount(in.sampleCount());
        out.emit(0);
    }

    private void calibrate(Block in) {
        int input = in.input();
        int limit = config.calibrationRows() > 0 ? config.calibrationRows() : Integer.MAX_VALUE;
        queues[input].push(in.f32(), in.sampleCount(), inputNames[input]);
        while (queues[0].size() > 0 && queues[1].size() > 0 && calibrationBins < limit) {
            float[] beh = queues[1].array();
            int bo = queues[1].headOffset();
            for (int i = 0; i < stateChannels.length; i++) {
                stateRow[i] = beh[bo + stateChannels[i]];
            }
            stats.add(queues[0].array(), queues[0].headOffset(), stateRow);
            queues[0].pop();
            queues[1].pop();
            calibrationBins++;
        }
    }

    private void fit() {
        KalmanModel k = KalmanModel.fit(stats);
        model = k;
        aligner.stopWaitingFor(1); // decoding no longer depends on the behaviour input
        context.status(
                NodeStatus.OK,
                "model.decode.kalman: calibrated on " + calibrationBins + " bins ("
                        + stateChannels.length + " state variables, " + channels + " channels, lag " + config.lag()
                        + "); decoding");
    }

    /** The fitted model, or null during calibration. */
    KalmanModel model() {
        return model;
    }

    /** Time per decoded bin so far. */
    DecodeLatency latency() {
        return latency;
    }
}
