package org.neurorig.plugin.rates.internal;

import java.nio.ByteBuffer;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
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
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code rates.zscore}: per channel {@code z = (x − m) / sqrt(v)} with a running mean m and variance
 * v that include the current row. Row t (from 0) updates them with weight {@code w = max(1/(t+1),
 * 1/W)}, W = the window in rows: {@code d = x − m; m += w·d; v = (1 − w)(v + w·d²)} — the exact
 * mean and (population) variance over the first W rows, an exponentially weighted estimate with
 * memory W after that (West 1979). z is 0 while a channel's variance is 0 (a silent channel).
 * A discontinuity restarts the statistics. Kind, rate and channel names are kept; units become "z".
 */
@Designate(ocd = RateZscoreConfig.class, factory = true)
@Component(
        name = "rates.zscore",
        configurationPid = "rates.zscore",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "rates.zscore",
        outputs = "out:=@=",
        inputs = {Kind.MATRIX_F32, Kind.CONTINUOUS_F32},
        maxInputs = 1)
public final class RateZscore implements Processor, Stateful {
    private static final int VERSION = 1;
    private static final double MIN_VARIANCE = 1e-12;
    private final double windowS;
    private int channels;
    private double minWeight;
    private double[] mean;
    private double[] var;
    private long rows;

    @Activate
    public RateZscore(RateZscoreConfig config) {
        if (!(config.windowS() > 0) || Double.isInfinite(config.windowS())) {
            throw new IllegalArgumentException("windowS " + config.windowS() + " must be a positive number");
        }
        windowS = config.windowS();
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
        StreamSpec in = RateInputs.single("rates.zscore", inputs);
        channels = Math.max(1, in.channelCount());
        minWeight = 1 / Math.max(1, windowS * in.sampleRate());
        mean = new double[channels];
        var = new double[channels];
        rows = 0;
        List<ChannelInfo> out = in.channels().stream()
                .map(c -> new ChannelInfo(c.name(), "z", 1.0, c.x(), c.y()))
                .toList();
        return List.of(in.toBuilder().name("out").channels(out).build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        if ((in.flags() & Block.FLAG_DISCONTINUITY) != 0) {
            rows = 0;
        }
        Block o = out.block(0);
        o.copyTimingFrom(in);
        int n = in.sampleCount();
        o.setSampleCount(n);
        float[] x = in.f32();
        float[] y = o.f32();
        final int ch = channels;
        for (int s = 0; s < n; s++) {
            double w = Math.max(1.0 / (rows + 1), minWeight); // rows = 0 gives w = 1: the old m, v drop out
            rows++;
            for (int c = 0; c < ch; c++) {
                double v0 = x[s * ch + c];
                double d = v0 - mean[c];
                double m = mean[c] + w * d;
                double v = (1 - w) * (var[c] + w * d * d);
                mean[c] = m;
                var[c] = v;
                y[s * ch + c] = v > MIN_VARIANCE ? (float) ((v0 - m) / Math.sqrt(v)) : 0f;
            }
        }
        out.emit(0);
    }

    @Override
    public byte[] snapshot() {
        ByteBuffer b = ByteBuffer.allocate(16 + 16 * channels);
        b.putInt(VERSION).putInt(channels).putLong(rows);
        for (int c = 0; c < channels; c++) {
            b.putDouble(mean[c]).putDouble(var[c]);
        }
        return b.array();
    }

    @Override
    public void restore(byte[] state) {
        ByteBuffer b = ByteBuffer.wrap(state);
        int v = b.getInt();
        int ch = b.getInt();
        if (v != VERSION || ch != channels) {
            throw new IllegalArgumentException("rates.zscore snapshot (version " + v + ", " + ch
                    + " channels) does not fit this node (" + channels + " channels)");
        }
        rows = b.getLong();
        for (int c = 0; c < channels; c++) {
            mean[c] = b.getDouble();
            var[c] = b.getDouble();
        }
    }
}
