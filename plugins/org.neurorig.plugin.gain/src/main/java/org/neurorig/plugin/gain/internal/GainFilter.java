package org.neurorig.plugin.gain.internal;

import java.util.List;
import java.util.function.LongSupplier;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
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
 * {@code gain.scale}: multiplies every sample by {@code gain}, which can change live (it applies
 * from the next block). int16 results are rounded and saturate at the int16 range; saturated
 * samples are counted and reported as a status message at most once per second.
 */
@Designate(ocd = GainFilterConfig.class, factory = true)
@Component(
        name = "gain.scale",
        configurationPid = "gain.scale",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
// formerly filter.gain: renamed so that type prefix and module agree (org.neurorig.plugin.gain)
@NodeType(
        type = "gain.scale",
        aliases = "filter.gain",
        outputs = "out:=@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1)
public final class GainFilter implements Processor {
    /** Saturation reports are rate-limited so that a clipping stream cannot flood the status log. */
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;

    /** Host clock for the report rate limit; tests replace it to stay independent of timing. */
    LongSupplier clock = System::nanoTime;

    private volatile double gain;
    private NodeContext context;
    private long saturatedUnreported;
    private long saturatedTotal;
    private long lastReportNanos;
    private boolean reported;

    @Activate
    void activate(GainFilterConfig c) {
        modified(c);
    }

    @Modified
    void modified(GainFilterConfig c) {
        double g = c.gain();
        if (!(g >= -1000 && g <= 1000)) {
            throw new IllegalArgumentException("gain.scale: gain must be within -1000..1000, got " + g);
        }
        gain = g;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec in = inputs.get(0);
        this.context = ctx;
        return List.of(in.withName("out"));
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        double g = gain;
        Block o = out.block(0);
        o.copyTimingFrom(in);
        o.setSampleCount(in.sampleCount());
        int n = in.sampleCount() * in.channelCount();
        int saturated = 0;
        if (in.kind() == Kind.CONTINUOUS_I16) {
            short[] src = in.i16();
            short[] dst = o.i16();
            for (int i = 0; i < n; i++) {
                long v = Math.round(src[i] * g);
                if (v > Short.MAX_VALUE) {
                    v = Short.MAX_VALUE;
                    saturated++;
                } else if (v < Short.MIN_VALUE) {
                    v = Short.MIN_VALUE;
                    saturated++;
                }
                dst[i] = (short) v;
            }
        } else {
            float[] src = in.f32();
            float[] dst = o.f32();
            for (int i = 0; i < n; i++) {
                dst[i] = (float) (src[i] * g);
            }
        }
        out.emit(0);
        if (saturated > 0) {
            saturatedUnreported += saturated;
            saturatedTotal += saturated;
        }
        if (saturatedUnreported > 0) {
            reportSaturation(g);
        }
    }

    private void reportSaturation(double g) {
        long now = clock.getAsLong();
        if (reported && now - lastReportNanos < REPORT_INTERVAL_NANOS) {
            return;
        }
        context.status(
                NodeStatus.OK,
                "gain.scale: " + saturatedUnreported + " int16 samples saturated at gain " + g + " (" + saturatedTotal
                        + " since start)");
        saturatedUnreported = 0;
        lastReportNanos = now;
        reported = true;
    }
}
