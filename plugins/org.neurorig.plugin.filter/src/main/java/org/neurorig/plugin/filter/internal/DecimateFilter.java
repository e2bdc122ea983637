package org.neurorig.plugin.filter.internal;

import java.util.ArrayList;
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
import org.neurorig.plugin.filter.ChebyshevDesign;
import org.neurorig.plugin.filter.SosFilterBank;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code filter.decimate}: causal anti-aliased downsampling by a whole factor q = input rate /
 * outputHz. The low-pass is {@code cheby1(order, 0.05, 0.8/q)} as second-order sections, exactly
 * as {@code scipy.signal.decimate(x, q, ftype='iir', zero_phase=False)} builds it; the kept
 * samples are those whose sample number is a multiple of q, and output sample number
 * = input sample number / q. For a stream starting at sample 0 that is SciPy's {@code y[::q]}.
 */
@Designate(ocd = DecimateFilterConfig.class, factory = true)
@Component(
        name = "filter.decimate",
        configurationPid = "filter.decimate",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "filter.decimate",
        outputs = "out:CONTINUOUS_F32@config:outputHz",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1,
        constraints = "outputHz * 2 <= input.rate")
public final class DecimateFilter implements Processor, Stateful {
    /** SciPy's decimate uses 0.05 dB of pass-band ripple. */
    static final double RIPPLE_DB = 0.05;

    private final DecimateFilterConfig config;
    private int factor;
    private double rate;
    private int channels;
    private boolean int16;
    private double[] scale;
    private SosFilterBank bank;
    private float[] filtered;

    @Activate
    public DecimateFilter(DecimateFilterConfig config) {
        FilterConfigRules.positive("outputHz", config.outputHz());
        if (config.order() < 2 || config.order() > 12) {
            throw new IllegalArgumentException("order " + config.order() + " must be between 2 and 12");
        }
        this.config = config;
    }

    /** The whole factor rate / outputHz, or an exception naming outputHz. */
    static int factor(double rate, double outputHz) {
        double q = rate / outputHz;
        long r = Math.round(q);
        if (r < 2 || Math.abs(q - r) > 1e-9 * q) {
            throw new IllegalArgumentException("outputHz " + outputHz + " must divide the input rate " + rate
                    + " Hz by a whole factor of at least 2 (got " + q + ")");
        }
        return (int) r;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
        StreamSpec in = inputs.get(0);
        factor = factor(in.sampleRate(), config.outputHz());
        rate = in.sampleRate();
        double cornerHz = 0.8 / factor * in.sampleRate() / 2;
        channels = Math.max(1, in.channelCount());
        bank = new SosFilterBank(
                ChebyshevDesign.lowpass(config.order(), RIPPLE_DB, cornerHz, in.sampleRate()), channels);
        int16 = in.kind() == Kind.CONTINUOUS_I16;
        scale = new double[channels];
        List<ChannelInfo> out = new ArrayList<>();
        for (int c = 0; c < in.channelCount(); c++) {
            ChannelInfo ch = in.channels().get(c);
            scale[c] = int16 ? ch.bitVolts() : 1.0;
            out.add(new ChannelInfo(ch.name(), ch.units(), 1.0, ch.x(), ch.y()));
        }
        filtered = new float[in.blockSamples() * channels];
        int outBlock = in.blockSamples() / factor + 1;
        return List.of(in.toBuilder()
                .name("out")
                .kind(Kind.CONTINUOUS_F32)
                .channels(out)
                .sampleRate(in.sampleRate() / factor)
                .blockSamples(outBlock)
                .build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        if ((in.flags() & Block.FLAG_DISCONTINUITY) != 0) {
            bank.reset();
        }
        int n = in.sampleCount();
        if (int16) {
            bank.filter(in.i16(), 0, scale, filtered, 0, n);
        } else {
            bank.filter(in.f32(), 0, filtered, 0, n);
        }
        long first = in.firstSample();
        int skip = (int) Math.floorMod(-first, (long) factor); // first kept index: sample % q == 0
        Block o = out.block(0);
        o.copyTimingFrom(in);
        int kept = skip >= n ? 0 : (n - skip + factor - 1) / factor;
        if (kept == 0) {
            return; // nothing of this block survives; the state still advanced
        }
        o.setFirstSample(Math.floorDiv(first + skip, (long) factor));
        o.setAcqTimeNanos(in.acqTimeNanos() + Math.round(skip * 1e9 / rate));
        float[] dst = o.f32();
        for (int k = 0; k < kept; k++) {
            System.arraycopy(filtered, (skip + k * factor) * channels, dst, k * channels, channels);
        }
        o.setSampleCount(kept);
        out.emit(0);
    }

    @Override
    public byte[] snapshot() {
        return bank.snapshot();
    }

    @Override
    public void restore(byte[] state) {
        bank.restore(state);
    }
}
