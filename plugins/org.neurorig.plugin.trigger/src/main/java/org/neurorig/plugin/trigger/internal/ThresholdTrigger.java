package org.neurorig.plugin.trigger.internal;

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
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code trigger.threshold}: watches one channel of a dense stream and emits an {@code EVENTS} block
 * (state 1 on the configured line) at each sample where the channel crosses the level in the chosen
 * direction, at most once per refractory period. An event block keeps the input block's
 * {@code firstSample} and {@code acqTimeNanos} and numbers its items in input samples, so a consumer
 * can tell when the triggering sample was acquired. Every input block gives one event block, empty
 * when nothing crossed: it tells a consumer that combines the events with other streams by sample
 * time ({@code InputAligner}) that the span is finished, so that consumer never waits for a
 * crossing that will not come ({@code docs/WIRE.md} §4). State (the last value and the last
 * trigger) carries across blocks and across a hot-swap; a discontinuity forgets the last value and
 * is passed on, since the event stream's sample numbers jump with the input's.
 */
@Designate(ocd = ThresholdTriggerConfig.class, factory = true)
@Component(
        name = "trigger.threshold",
        configurationPid = "trigger.threshold",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "trigger.threshold",
        outputs = "out:EVENTS@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32, Kind.MATRIX_F32},
        maxInputs = 1)
public final class ThresholdTrigger implements Processor, Stateful {
    private static final int STATE_VERSION = 1;
    /** "No trigger yet", far enough from Long.MIN_VALUE that sample differences cannot overflow. */
    private static final long NEVER = Long.MIN_VALUE / 4;

    private volatile Settings settings;

    // fixed by prepare
    private int channels;
    private double rate;
    private boolean int16;
    private double[] bitVolts;

    // carried across blocks
    private double previous = Double.NaN;
    private long lastTrigger = NEVER;
    private long triggers;

    /** The live settings, resolved once per configuration change (never per block). */
    private record Settings(int channel, double level, boolean falling, double refractoryMs, int line) {}

    @Activate
    void activate(ThresholdTriggerConfig c) {
        settings = check(c);
    }

    @Modified
    void modified(ThresholdTriggerConfig c) {
        settings = check(c);
    }

    private static Settings check(ThresholdTriggerConfig c) {
        if (c.channel() < 0) {
            throw new IllegalArgumentException("trigger.threshold: channel must be >= 0, got " + c.channel());
        }
        if (!c.direction().equals("falling") && !c.direction().equals("rising")) {
            throw new IllegalArgumentException(
                    "trigger.threshold: direction must be falling or rising, got '" + c.direction() + "'");
        }
        if (!(c.refractoryMs() >= 0) || Double.isInfinite(c.refractoryMs())) {
            throw new IllegalArgumentException(
                    "trigger.threshold: refractoryMs must be a number >= 0, got " + c.refractoryMs());
        }
        if (Double.isNaN(c.level())) {
            throw new IllegalArgumentException("trigger.threshold: level must be a number, got NaN");
        }
        if (c.line() < 0 || c.line() > 63) {
            throw new IllegalArgumentException("trigger.threshold: line must be 0..63, got " + c.line());
        }
        return new Settings(c.channel(), c.level(), c.direction().equals("falling"), c.refractoryMs(), c.line());
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
        StreamSpec in = inputs.get(0);
        Settings s = settings;
        if (s.channel() >= in.channelCount()) {
            throw new IllegalArgumentException("trigger.threshold: channel " + s.channel() + " does not exist in "
                    + in.name() + ", which has " + in.channelCount() + " channel(s)");
        }
        channels = in.channelCount();
        rate = in.sampleRate();
        int16 = in.kind() == Kind.CONTINUOUS_I16;
        bitVolts = new double[channels];
        for (int c = 0; c < channels; c++) {
            bitVolts[c] = int16 ? in.channels().get(c).bitVolts() : 1;
        }
        return List.of(StreamSpec.builder("out", Kind.EVENTS)
                .channels(List.of(ChannelInfo.of("TRIGGER", "", 1)))
                .sampleRate(rate)
                .blockSamples(in.blockSamples())
                .source(context.nodeName())
                .build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        Settings s = settings;
        int ch = s.channel();
        if (ch >= channels) {
            throw new IllegalArgumentException(
                    "trigger.threshold: channel " + ch + " does not exist in a stream of " + channels + " channel(s)");
        }
        if ((in.flags() & Block.FLAG_DISCONTINUITY) != 0) {
            previous = Double.NaN; // no crossing across a gap
        }
        long refractory = rate > 0 ? Math.round(s.refractoryMs() * rate / 1000) : 0;
        double level = s.level();
        boolean falling = s.falling();
        Block ev = out.block(0);
        long first = in.firstSample();
        int n = in.sampleCount();
        double scale = bitVolts[ch];
        short[] i16 = in.i16();
        float[] f32 = in.f32();
        double prev = previous;
        for (int i = 0, idx = ch; i < n; i++, idx += channels) {
            double v = int16 ? i16[idx] * scale : f32[idx];
            boolean crossed = falling ? prev > level && v <= level : prev < level && v >= level;
            if (crossed && first + i - lastTrigger >= Math.max(1, refractory)) {
                lastTrigger = first + i;
                ev.addEvent(first + i, s.line(), 1, null);
                triggers++;
            }
            prev = v;
        }
        previous = prev;
        // sent even when empty: the span up to this block is then complete for aligned consumers
        ev.setFirstSample(first);
        ev.setAcqTimeNanos(in.acqTimeNanos());
        ev.setFlags(in.flags() & (Block.FLAG_END_OF_STREAM | Block.FLAG_DISCONTINUITY));
        out.emit(0);
    }

    /** Triggers emitted since this instance was created or restored. */
    long triggers() {
        return triggers;
    }

    @Override
    public byte[] snapshot() {
        return ByteBuffer.allocate(28)
                .putInt(STATE_VERSION)
                .putDouble(previous)
                .putLong(lastTrigger)
                .putLong(triggers)
                .array();
    }

    @Override
    public void restore(byte[] state) {
        ByteBuffer b = ByteBuffer.wrap(state);
        int version = b.getInt();
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException("trigger.threshold: unknown state version " + version);
        }
        previous = b.getDouble();
        lastTrigger = b.getLong();
        triggers = b.getLong();
    }
}
