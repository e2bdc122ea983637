package org.neurorig.plugin.rates.internal;

import java.nio.ByteBuffer;
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
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code rates.smooth}: causal per-channel smoothing of binned counts ({@code spikes.bin}) or any float
 * stream. {@code gaussian} is a half-Gaussian FIR over the current and the past ⌈4σ⌉ rows, normalised
 * to sum 1 (no look-ahead, so no delay in the pipeline, at the price of a lag of about 0.8 σ);
 * {@code exponential} is the one-pole filter {@code y = a·y + (1 − a)·x}. Rows before the stream
 * start count as 0. A discontinuity restarts from 0. Kind, rate and channels are kept.
 */
@Designate(ocd = RateSmootherConfig.class, factory = true)
@Component(
        name = "rates.smooth",
        configurationPid = "rates.smooth",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "rates.smooth",
        outputs = "out:=@=",
        inputs = {Kind.MATRIX_F32, Kind.CONTINUOUS_F32},
        maxInputs = 1)
public final class RateSmoother implements Processor, Stateful {
    private static final int VERSION = 1;
    private final boolean gaussian;
    private final double widthMs;
    private int channels;
    private double[] taps;
    /** Gaussian: the last taps.length input rows as a ring [row][channel]; exponential: y per channel. */
    private double[] history;

    private double[] acc;
    private int next;

    @Activate
    public RateSmoother(RateSmootherConfig config) {
        gaussian = switch (config.kernel()) {
            case "gaussian" -> true;
            case "exponential" -> false;
            default -> throw new IllegalArgumentException(
                    "kernel '" + config.kernel() + "' must be gaussian or exponential");
        };
        if (!(config.widthMs() > 0) || Double.isInfinite(config.widthMs())) {
            throw new IllegalArgumentException("widthMs " + config.widthMs() + " must be a positive number");
        }
        widthMs = config.widthMs();
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
        StreamSpec in = RateInputs.single("rates.smooth", inputs);
        channels = Math.max(1, in.channelCount());
        double width = widthMs * in.sampleRate() / 1000; // in rows
        if (gaussian) {
            int half = (int) Math.ceil(4 * width);
            if (half > 100_000) {
                throw new IllegalArgumentException("widthMs " + widthMs + " is " + width + " rows at " + in.sampleRate()
                        + " Hz; the Gaussian would need more than 100000 taps");
            }
            taps = new double[half + 1];
            double sum = 0;
            for (int i = 0; i <= half; i++) {
                taps[i] = Math.exp(-i * (double) i / (2 * width * width));
                sum += taps[i];
            }
            for (int i = 0; i <= half; i++) {
                taps[i] /= sum;
            }
            history = new double[taps.length * channels];
        } else {
            taps = new double[] {Math.exp(-1 / width)};
            history = new double[channels];
        }
        acc = new double[channels];
        next = 0;
        return List.of(in.withName("out"));
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        if ((in.flags() & Block.FLAG_DISCONTINUITY) != 0) {
            java.util.Arrays.fill(history, 0);
        }
        Block o = out.block(0);
        o.copyTimingFrom(in);
        int n = in.sampleCount();
        o.setSampleCount(n);
        float[] x = in.f32();
        float[] y = o.f32();
        final int ch = channels;
        if (gaussian) {
            final int len = taps.length;
            final double[] acc = this.acc;
            for (int s = 0; s < n; s++) {
                int slot = next * ch;
                for (int c = 0; c < ch; c++) {
                    history[slot + c] = x[s * ch + c];
                    acc[c] = 0;
                }
                // tap i weighs the row i back; the inner loop runs over channels so that it vectorises
                int r = next;
                for (int i = 0; i < len; i++) {
                    double k = taps[i];
                    int base = r * ch;
                    for (int c = 0; c < ch; c++) {
                        acc[c] += k * history[base + c];
                    }
                    r = r == 0 ? len - 1 : r - 1;
                }
                for (int c = 0; c < ch; c++) {
                    y[s * ch + c] = (float) acc[c];
                }
                next = next + 1 == len ? 0 : next + 1;
            }
        } else {
            double a = taps[0];
            for (int s = 0; s < n; s++) {
                for (int c = 0; c < ch; c++) {
                    double v = a * history[c] + (1 - a) * x[s * ch + c];
                    history[c] = v;
                    y[s * ch + c] = (float) v;
                }
            }
        }
        out.emit(0);
    }

    @Override
    public byte[] snapshot() {
        ByteBuffer b = ByteBuffer.allocate(16 + 8 * history.length);
        b.putInt(VERSION).putInt(history.length).putInt(next).putInt(gaussian ? 1 : 0);
        for (double v : history) {
            b.putDouble(v);
        }
        return b.array();
    }

    @Override
    public void restore(byte[] state) {
        ByteBuffer b = ByteBuffer.wrap(state);
        int v = b.getInt();
        int len = b.getInt();
        int at = b.getInt();
        boolean g = b.getInt() == 1;
        if (v != VERSION || len != history.length || g != gaussian) {
            throw new IllegalArgumentException("rates.smooth snapshot (version " + v + ", " + len + " values, "
                    + (g ? "gaussian" : "exponential") + ") does not fit this node (" + history.length
                    + " values, " + (gaussian ? "gaussian" : "exponential") + ")");
        }
        next = at;
        for (int i = 0; i < len; i++) {
            history[i] = b.getDouble();
        }
    }
}
