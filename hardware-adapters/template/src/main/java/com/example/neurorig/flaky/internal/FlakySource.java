package com.example.neurorig.flaky.internal;

import java.io.IOException;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code sim.flaky}: a device adapter whose device is simulated and drops its link mid-stream. Copy it and replace
 * the three {@code link…} methods with your SDK's calls. It shows the lifecycle: connect in {@link #open}, stream in
 * {@link #read} (never blocking: it returns 0 when nothing is ready), report {@code OFFLINE} with a message when the
 * link drops, retry with doubling back-off, and flag the first block after a reconnect {@link Block#FLAG_DISCONTINUITY}
 * (the samples taken meanwhile are lost). {@code firstSample} is the device's sample counter; {@code acqTimeNanos}
 * maps it onto the host clock.
 */
@Designate(ocd = FlakySourceConfig.class, factory = true)
@Component(
        name = "sim.flaky",
        configurationPid = "sim.flaky",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
// the channel count and block size shape the stream: a live change of them is refused
@NodeType(
        type = "sim.flaky",
        outputs = "out:CONTINUOUS_I16@config:rate",
        constraints = {"channels * blockSamples <= 1048576", "fixed: channels, blockSamples"})
public final class FlakySource implements Source {
    private static final int MAX_BLOCKS_PER_READ = 100;
    private static final long MAX_BACKOFF_NANOS = 1_000_000_000L;
    private FlakySourceConfig config;
    private NodeContext context;
    private boolean connected;
    private long next; // device sample number of the next sample to read
    private long sinceConnect; // samples read since the last (re)connect
    private boolean gap; // the next block follows lost samples
    private int failures; // failed attempts since the link dropped
    private long retryAtNanos;
    private long backoffNanos;
    private long deviceStartNanoTime; // System.nanoTime() when the device started counting
    private long deviceStartEpochNanos; // the same instant on the host clock
    private long pluggedInNanoTime; // System.nanoTime() from which the simulated device answers

    @Activate
    void activate(FlakySourceConfig c) {
        if (c.channels() < 1 || c.channels() > 1024 || !(c.rate() > 0) || c.blockSamples() < 1) {
            throw new IllegalArgumentException("sim.flaky: need channels 1..1024, rate > 0 and blockSamples >= 1, got "
                    + c.channels() + ", " + c.rate() + ", " + c.blockSamples());
        }
        this.config = c;
        pluggedInNanoTime = System.nanoTime() + c.absentMillis() * 1_000_000L;
    }

    @Override
    public List<StreamSpec> open(NodeContext ctx) throws IOException {
        context = ctx;
        if (System.nanoTime() < pluggedInNanoTime) { // a real adapter: the SDK finds no device
            throw new IOException("sim.flaky: no device answers; is it plugged in?");
        }
        linkConnect(); // a device that is absent at start fails here: the node is OFFLINE and open() retried
        deviceStartNanoTime = System.nanoTime();
        deviceStartEpochNanos = HostClock.nowNanos();
        next = 0;
        return List.of(StreamSpec.builder("out", Kind.CONTINUOUS_I16)
                .channelCount(config.channels())
                .sampleRate(config.rate())
                .defaultChannels("uV", 0.195)
                .blockSamples(config.blockSamples())
                .source(ctx.nodeName())
                .build());
    }

    @Override
    public int read(Emitter out) throws InterruptedException {
        if (!connected) {
            return reconnect() ? read(out) : 0;
        }
        int b = 0;
        for (; b < MAX_BLOCKS_PER_READ && next + config.blockSamples() <= deviceCounter(); b++) {
            if (config.dropEvery() > 0 && sinceConnect >= config.dropEvery()) {
                linkLost();
                break;
            }
            Block block = out.block(0);
            linkReadFrame(block, config.blockSamples());
            block.setFirstSample(next);
            block.setAcqTimeNanos(deviceStartEpochNanos + Math.round(next * 1e9 / config.rate()));
            block.setFlags(gap ? Block.FLAG_DISCONTINUITY : 0);
            out.emit(0);
            gap = false;
            next += config.blockSamples();
            sinceConnect += config.blockSamples();
        }
        return b * config.blockSamples();
    }

    private void linkLost() {
        connected = false;
        failures = 0;
        backoffNanos = config.backoffMillis() * 1_000_000L;
        retryAtNanos = System.nanoTime() + backoffNanos;
        context.status(
                NodeStatus.OFFLINE,
                "sim.flaky: link lost at device sample " + next + "; reconnecting in " + config.backoffMillis()
                        + " ms");
    }

    /** One attempt, when the back-off has passed; true once connected again. */
    private boolean reconnect() {
        if (System.nanoTime() < retryAtNanos) {
            return false;
        }
        if (failures < config.failedAttempts()) { // a real adapter: catch the SDK's connect exception
            failures++;
            backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
            retryAtNanos = System.nanoTime() + backoffNanos;
            context.status(
                    NodeStatus.OFFLINE,
                    "sim.flaky: reconnect attempt " + failures + " failed; next in " + backoffNanos / 1_000_000
                            + " ms");
            return false;
        }
        linkConnect();
        long resumeAt = deviceCounter() / config.blockSamples() * config.blockSamples();
        context.status(
                NodeStatus.OK,
                "sim.flaky: reconnected after " + (failures + 1) + " attempts; samples " + next + ".." + (resumeAt - 1)
                        + " lost");
        next = resumeAt;
        gap = true;
        return true;
    }

    /** The device's own sample counter: it keeps counting while the link is down. */
    private long deviceCounter() {
        return (long) ((System.nanoTime() - deviceStartNanoTime) / 1e9 * config.rate());
    }

    private void linkConnect() {
        connected = true;
        sinceConnect = 0;
    }

    /** Fills one frame; the simulated value of sample n, channel c is {@link #value(long, int)}. */
    private void linkReadFrame(Block block, int samples) {
        for (int s = 0, i = 0; s < samples; s++) {
            for (int c = 0; c < config.channels(); c++) {
                block.i16()[i++] = value(next + s, c);
            }
        }
        block.setSampleCount(samples);
    }

    static short value(long sample, int channel) {
        return (short) ((sample * (channel + 1)) % 1000);
    }

    @Override
    public void close() {
        connected = false; // a real adapter: release the device handle here
    }
}
