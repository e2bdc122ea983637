package org.neurorig.adapter.spikeglx.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.neurorig.io.FilePlayback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code playback.spikeglx}: streams a SpikeGLX {@code .bin} (int16, {@code nSavedChans} columns,
 * sync word included) as {@code out}, with channel names, µV scale and probe geometry from its
 * {@code .meta}; sample numbers start at the meta's {@code firstSample}. Looping continues the
 * sample numbers and flags the first block of each pass {@link Block#FLAG_DISCONTINUITY}; without
 * it the last block carries {@link Block#FLAG_END_OF_STREAM}.
 */
@Designate(ocd = SpikeGlxPlaybackSourceConfig.class, factory = true)
@Component(
        name = "playback.spikeglx",
        configurationPid = "playback.spikeglx",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
@NodeType(
        type = "playback.spikeglx",
        outputs = "out:CONTINUOUS_I16",
        paths = "path",
        constraints = "fixed: blockSamples")
public final class SpikeGlxPlaybackSource implements Source {
    private SpikeGlxPlaybackSourceConfig config;
    private SpikeGlxMeta meta;
    private FilePlayback playback;
    private final FilePlayback.BlockWriter writer = this::emitBlock;
    private FileChannel bin;
    private ByteBuffer bytes;
    private ShortBuffer shorts;

    @Activate
    void activate(SpikeGlxPlaybackSourceConfig c) {
        FilePlayback.checkConfig("playback.spikeglx", c.path(), "a .bin, .meta or folder", c.pace());
        if (c.blockSamples() < 1 || c.blockSamples() > 65536) {
            throw new IllegalArgumentException(
                    "playback.spikeglx: blockSamples must be 1..65536, got " + c.blockSamples());
        }
        this.config = c;
    }

    @Override
    public List<StreamSpec> open(NodeContext context) throws IOException {
        meta = SpikeGlxMeta.open(Path.of(config.path()));
        if (meta.samples == 0) {
            throw new IOException(meta.bin + ": empty file (0 samples)");
        }
        int blockSamples = (int) Math.min(config.blockSamples(), meta.samples);
        playback = new FilePlayback(config.pace(), meta.rate, meta.samples, blockSamples, config.loop());
        bin = FileChannel.open(meta.bin, StandardOpenOption.READ);
        bytes = ByteBuffer.allocate(blockSamples * meta.channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        shorts = bytes.asShortBuffer();
        playback.start(HostClock.nowNanos());
        context.status(
                NodeStatus.OK,
                "playing " + meta.bin + " (" + meta.samples + " samples, " + meta.channels + " ch, " + meta.rate
                        + " Hz)");
        return List.of(StreamSpec.builder("out", Kind.CONTINUOUS_I16)
                .channels(meta.channelInfo)
                .sampleRate(meta.rate)
                .blockSamples(blockSamples)
                .source(context.nodeName())
                .build());
    }

    @Override
    public int read(Emitter out) throws IOException, InterruptedException {
        return playback.read(out, writer);
    }

    private int emitBlock(Emitter out, int n) throws IOException, InterruptedException {
        FilePlayback.readFully(bin, bytes, n * meta.channels * 2, playback.position() * meta.channels * 2L, meta.bin);
        Block b = out.block(0);
        shorts.get(0, b.i16(), 0, n * meta.channels);
        b.setSampleCount(n);
        b.setFirstSample(meta.firstSample + playback.played());
        b.setAcqTimeNanos(playback.acqTimeNanos());
        b.setFlags(playback.flags(n));
        out.emit(0);
        return n;
    }

    @Override
    public void close() throws IOException {
        if (bin != null) {
            bin.close();
        }
    }
}
