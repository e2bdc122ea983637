package org.neurorig.plugin.calcium.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.Stateful;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code calcium.dff}: ΔF/F = (F − F0) / F0 per channel (ROI), where F0 is the {@code percentile}-th
 * percentile of the channel's last {@code windowS} seconds of F — causal, so it runs online; a long
 * window holds every S-th frame ({@link RunningPercentile}). Until the window has filled, F0 is
 * taken over the frames seen so far. A frame
 * whose F or F0 is not finite, or whose F0 is not above 0 (an offset-subtracted trace, not
 * fluorescence), comes out as 0 and is counted; a non-finite F does not enter the baseline.
 */
@Designate(ocd = CalciumDffConfig.class, factory = true)
@Component(
        name = "calcium.dff",
        configurationPid = "calcium.dff",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "calcium.dff",
        outputs = "out:CONTINUOUS_F32@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1)
public final class CalciumDff implements Processor, Stateful {
    /** 2: the baseline keeps every stride-th frame; 1 (every frame) is still read, for an in-place update. */
    private static final int VERSION = 2;

    private final double windowS;
    private final double percentile;
    private int channels;
    private boolean int16;
    private double[] scale;
    private RunningPercentile baseline;
    private long invalid;
    private long reportedInvalid;
    private NodeContext context;

    @Activate
    public CalciumDff(CalciumDffConfig config) {
        if (!(config.windowS() > 0) || Double.isInfinite(config.windowS())) {
            throw new IllegalArgumentException("windowS " + config.windowS() + " must be a positive number");
        }
        if (!(config.percentile() >= 0 && config.percentile() <= 100)) {
            throw new IllegalArgumentException("percentile " + config.percentile() + " must be between 0 and 100");
        }
        this.windowS = config.windowS();
        this.percentile = config.percentile();
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec in = CalciumInputs.single("calcium.dff", inputs);
        channels = Math.max(1, in.channelCount());
        int16 = in.kind() == Kind.CONTINUOUS_I16;
        scale = new double[channels];
        List<ChannelInfo> out = new ArrayList<>();
        for (int c = 0; c < in.channelCount(); c++) {
            ChannelInfo ch = in.channels().get(c);
            scale[c] = int16 ? ch.bitVolts() : 1.0;
            out.add(new ChannelInfo(ch.name(), "dF/F", 1.0, ch.x(), ch.y()));
        }
        baseline =
                new RunningPercentile(channels, CalciumInputs.frames("windowS", windowS, in.sampleRate()), percentile);
        invalid = 0;
        reportedInvalid = 0;
        context = ctx;
        return List.of(in.toBuilder()
                .name("out")
                .kind(Kind.CONTINUOUS_F32)
                .channels(out)
                .build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        if ((in.flags() & Block.FLAG_DISCONTINUITY) != 0) {
            baseline.clear(); // a gap (new session, moved field of view): the old baseline may not apply
        }
        Block o = out.block(0);
        o.copyTimingFrom(in);
        int n = in.sampleCount();
        o.setSampleCount(n);
        float[] y = o.f32();
        for (int s = 0; s < n; s++) {
            int base = s * channels;
            for (int c = 0; c < channels; c++) {
                float f = int16 ? (float) (in.i16()[base + c] * scale[c]) : in.f32()[base + c];
                if (Float.isFinite(f)) {
                    baseline.add(c, f);
                }
            }
            for (int c = 0; c < channels; c++) {
                float f = int16 ? (float) (in.i16()[base + c] * scale[c]) : in.f32()[base + c];
                double f0 = baseline.value(c);
                if (f0 > 0 && Float.isFinite(f)) {
                    y[base + c] = (float) ((f - f0) / f0);
                } else {
                    y[base + c] = 0f;
                    invalid++;
                }
            }
        }
        if (invalid > 2 * reportedInvalid && context != null) { // doublings only: no per-block strings
            reportedInvalid = invalid;
            context.status(NodeStatus.OK, invalid + " frames with non-finite F or F0 <= 0 output as 0");
        }
        out.emit(0);
    }

    /** Frames output as 0 because F was not finite or the baseline was not above 0. */
    public long invalidCount() {
        return invalid;
    }

    @Override
    public byte[] snapshot() {
        ByteBuffer b = ByteBuffer.allocate(4 + baseline.snapshotBytes());
        b.putInt(VERSION);
        baseline.write(b);
        return b.array();
    }

    @Override
    public void restore(byte[] state) {
        ByteBuffer b = ByteBuffer.wrap(state);
        int v = b.getInt();
        if (v != VERSION && v != 1) {
            throw new IllegalArgumentException("calcium.dff snapshot version " + v + ", expected 1 or " + VERSION);
        }
        baseline.read(b, v >= 2);
    }
}
