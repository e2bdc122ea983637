package org.neurorig.testkit;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;

/**
 * What the fake sources share: one port {@code out}, one full block per {@code read()} (as fast as
 * called), sample numbers from 0 at each {@code open()}, {@code acqTimeNanos = n·1e9/rate}.
 */
abstract class SyntheticSource implements Source {
    /** Scale of the int16 fake streams, as an Intan headstage (µV per count). */
    static final double I16_BIT_VOLTS = 0.195;

    final int channels;
    final double rate;
    final int blockSamples;
    final Kind kind;
    private long next;

    SyntheticSource(int channels, double rate, int blockSamples, Kind kind) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1: " + channels);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number > 0: " + rate);
        }
        if (blockSamples < 1) {
            throw new IllegalArgumentException("blockSamples must be >= 1: " + blockSamples);
        }
        if (kind != Kind.CONTINUOUS_I16 && kind != Kind.CONTINUOUS_F32) {
            throw new IllegalArgumentException("kind must be CONTINUOUS_I16 or CONTINUOUS_F32: " + kind);
        }
        this.channels = channels;
        this.rate = rate;
        this.blockSamples = blockSamples;
        this.kind = kind;
    }

    @Override
    public List<StreamSpec> open(NodeContext context) {
        next = 0;
        reset();
        double bitVolts = kind == Kind.CONTINUOUS_I16 ? I16_BIT_VOLTS : 1.0;
        return List.of(StreamSpec.builder("out", kind)
                .channelCount(channels)
                .sampleRate(rate)
                .defaultChannels("uV", bitVolts)
                .blockSamples(blockSamples)
                .source(context.nodeName())
                .build());
    }

    @Override
    public int read(Emitter out) throws InterruptedException {
        Block b = out.block(0);
        b.setFirstSample(next);
        b.setAcqTimeNanos(Math.round(next * 1e9 / rate));
        b.setSampleCount(blockSamples);
        fill(b, next, blockSamples);
        out.emit(0);
        next += blockSamples;
        return blockSamples;
    }

    /** Restarts the generator at sample 0; called by every {@code open()}. */
    void reset() {}

    /** Writes samples {@code first … first+count-1} of every channel into the block's data array. */
    abstract void fill(Block b, long first, int count);
}
