package org.neurorig.adapter.sim.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code sim.sine}: a simulated rig whose every channel carries a known sine, the ground truth for
 * end-to-end checks. The value at sample {@code n}, channel {@code c} of {@code C} is
 * {@code A·sin(2π·f·n/rate + 2π·c/C)}, rounded with {@link Math#round(double)} and cast to
 * {@code short} for int16; Python checkers and the test kit's {@code SineSource} use the same
 * formula, so keep it exact. In {@code realtime} pace it emits every whole block that fell due by
 * {@link System#nanoTime()} since {@code open()}; in {@code fast} pace one block per call.
 */
@Designate(ocd = SimSineSourceConfig.class, factory = true)
@Component(
        name = "sim.sine",
        configurationPid = "sim.sine",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
@NodeType(
        type = "sim.sine",
        outputs = "out:config:kind@config:rate",
        // a float32 block stays within 4 MiB, far below the wire's frame limit
        constraints = {"channels * blockSamples <= 1048576", "frequency <= rate / 2", "fixed: channels, blockSamples"})
public final class SimSineSource implements Source {
    /** Scale of the int16 stream, as an Intan headstage (µV per count). */
    static final double I16_BIT_VOLTS = 0.195;
    /** Most blocks one realtime read() emits when catching up, so the runtime's loop stays responsive. */
    static final int MAX_BLOCKS_PER_READ = 100;

    private SimSineSourceConfig config;

    // Fixed at open(): a configuration change restarts the component, hence the node.
    private int channels;
    private double rate;
    private int blockSamples;
    private boolean int16;
    private double amplitude;
    private double frequency;
    private boolean realtime;
    private long limit;
    private double[] channelPhase;
    private long next;
    private long startNanoTime;
    private long startEpochNanos;

    @Activate
    void activate(SimSineSourceConfig c) {
        if (c.channels() < 1 || c.channels() > 4096) {
            throw new IllegalArgumentException("sim.sine: channels must be 1..4096, got " + c.channels());
        }
        if (!(c.rate() > 0) || Double.isInfinite(c.rate())) {
            throw new IllegalArgumentException("sim.sine: rate must be a finite number > 0 Hz, got " + c.rate());
        }
        if (c.blockSamples() < 1) {
            throw new IllegalArgumentException("sim.sine: blockSamples must be >= 1, got " + c.blockSamples());
        }
        if (!c.kind().equals("int16") && !c.kind().equals("float32")) {
            throw new IllegalArgumentException("sim.sine: kind must be int16 or float32, got '" + c.kind() + "'");
        }
        if (!c.pace().equals("realtime") && !c.pace().equals("fast")) {
            throw new IllegalArgumentException("sim.sine: pace must be realtime or fast, got '" + c.pace() + "'");
        }
        if (c.samples() < 0) {
            throw new IllegalArgumentException("sim.sine: samples must be >= 0 (0 = unlimited), got " + c.samples());
        }
        this.config = c;
    }

    @Override
    public List<StreamSpec> open(NodeContext context) {
        SimSineSourceConfig c = config;
        channels = c.channels();
        rate = c.rate();
        blockSamples = c.blockSamples();
        int16 = c.kind().equals("int16");
        amplitude = c.amplitude();
        frequency = c.frequency();
        realtime = c.pace().equals("realtime");
        limit = c.samples();
        channelPhase = new double[channels];
        for (int ch = 0; ch < channels; ch++) {
            channelPhase[ch] = 2 * Math.PI * ch / channels;
        }
        next = 0;
        startNanoTime = 0; // the clock starts at the first read: acquisition begins when data flows
        Kind kind = int16 ? Kind.CONTINUOUS_I16 : Kind.CONTINUOUS_F32;
        return List.of(StreamSpec.builder("out", kind)
                .channelCount(channels)
                .sampleRate(rate)
                .defaultChannels("uV", int16 ? I16_BIT_VOLTS : 1.0)
                .blockSamples(blockSamples)
                .source(context.nodeName())
                .build());
    }

    @Override
    public int read(Emitter out) throws InterruptedException {
        long end = limit > 0 ? limit : Long.MAX_VALUE;
        if (next >= end) {
            return 0;
        }
        if (startNanoTime == 0) {
            // Started here, not in open(): the runtime wires the pipeline between the two, and a
            // clock started at open() would make the first read catch up on that time in a burst.
            startEpochNanos = HostClock.nowNanos();
            startNanoTime = System.nanoTime();
        }
        if (!realtime) {
            return emitBlock(out, (int) Math.min(blockSamples, end - next), end);
        }
        long due = (long) ((System.nanoTime() - startNanoTime) / 1e9 * rate);
        int produced = 0;
        for (int b = 0; b < MAX_BLOCKS_PER_READ && next < end; b++) {
            int count = (int) Math.min(blockSamples, end - next);
            if (next + count > due) {
                break;
            }
            produced += emitBlock(out, count, end);
        }
        return produced;
    }

    private int emitBlock(Emitter out, int count, long end) throws InterruptedException {
        Block b = out.block(0);
        b.setFirstSample(next);
        b.setAcqTimeNanos(startEpochNanos + Math.round(next * 1e9 / rate));
        b.setSampleCount(count);
        if (next + count == end) {
            b.setFlags(b.flags() | Block.FLAG_END_OF_STREAM);
        }
        int i = 0;
        if (int16) {
            short[] d = b.i16();
            for (int s = 0; s < count; s++) {
                double t = 2 * Math.PI * frequency * (next + s) / rate;
                for (int ch = 0; ch < channels; ch++) {
                    d[i++] = (short) Math.round(amplitude * Math.sin(t + channelPhase[ch]));
                }
            }
        } else {
            float[] d = b.f32();
            for (int s = 0; s < count; s++) {
                double t = 2 * Math.PI * frequency * (next + s) / rate;
                for (int ch = 0; ch < channels; ch++) {
                    d[i++] = (float) (amplitude * Math.sin(t + channelPhase[ch]));
                }
            }
        }
        out.emit(0);
        next += count;
        return count;
    }
}
