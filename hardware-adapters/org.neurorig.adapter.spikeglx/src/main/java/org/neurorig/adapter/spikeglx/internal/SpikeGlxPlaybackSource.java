package org.neurorig.adapter.spikeglx.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.neurorig.adapter.openephys.internal.io.PlaybackPace;
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
 * {@code playback.spikeglx}: streams a SpikeGLX {@code .bin} (int16, {@code nSavedChans} columns,
 * sync word included) as {@code out}, with channel names, µV scale and probe geometry from its
 * {@code .meta}; sample numbers start at the meta's {@code firstSample}. Looping continues the
 * sample numbers and flags the first block of each pass {@link Block#FLAG_DISCONTINUITY}; without
 * it the last block carries {@link Block#FLAG_END_OF_STREAM}.
 */
@Designate(ocd = SpikeGlxPlaybackSourceConfig.class, factory = true)
@Component(name = "playback.spikeglx", configurationPid = "playback.spikeglx",
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Source.class)
@NodeType(type = "playback.spikeglx", outputs = "out:CONTINUOUS_I16", paths = "path",
        constraints = "fixed: blockSamples")
public final class SpikeGlxPlaybackSource implements Source {
    private SpikeGlxPlaybackSourceConfig config;
    private SpikeGlxMeta meta;
    private PlaybackPace pace;
    private FileChannel bin;
    private ByteBuffer bytes;
    private ShortBuffer shorts;
    private int blockSamples;
    private long pos;
    private long played;
    private boolean newPass;
    private boolean ended;

    @Activate
    void activate(SpikeGlxPlaybackSourceConfig c) {
        if (c.path() == null || c.path().isBlank()) {
            throw new IllegalArgumentException("playback.spikeglx: path is required (a .bin, .meta or folder)");
        }
        if (c.blockSamples() < 1 || c.blockSamples() > 65536) {
            throw new IllegalArgumentException("playback.spikeglx: blockSamples must be 1..65536, got " + c.blockSamples());
        }
        PlaybackPace.parse(c.pace());
        this.config = c;
    }

    @Override
    public List<StreamSpec> open(NodeContext context) throws IOException {
        meta = SpikeGlxMeta.open(Path.of(config.path()));
        if (meta.samples == 0) {
            throw new IOException(meta.bin + ": empty file (0 samples)");
        }
        blockSamples = (int) Math.min(config.blockSamples(), meta.samples);
        pace = new PlaybackPace(config.pace(), meta.rate);
        bin = FileChannel.open(meta.bin, StandardOpenOption.READ);
        bytes = ByteBuffer.allocate(blockSamples * meta.channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        shorts = bytes.asShortBuffer();
        pos = 0;
        played = 0;
        newPass = false;
        ended = false;
        pace.start(HostClock.nowNanos());
        context.status(NodeStatus.OK, "playing " + meta.bin + " (" + meta.samples + " samples, " + meta.channels
                + " ch, " + meta.rate + " Hz)");
        return List.of(StreamSpec.builder("out", Kind.CONTINUOUS_I16).channels(meta.channelInfo).sampleRate(meta.rate)
                .blockSamples(blockSamples).source(context.nodeName()).build());
    }

    @Override
    public int read(Emitter out) throws IOException, InterruptedException {
        int produced = 0;
        for (int i = 0; i < PlaybackPace.MAX_BLOCKS_PER_READ && !ended; i++) {
            int n = (int) Math.min(blockSamples, meta.samples - pos);
            if (!pace.due(played, n)) {
                break;
            }
            produced += emitBlock(out, n);
            if (!pace.realtime()) {
                break;
            }
        }
        return produced;
    }

    private int emitBlock(Emitter out, int n) throws IOException, InterruptedException {
        int len = n * meta.channels * 2;
        bytes.clear().limit(len);
        long at = pos * meta.channels * 2L;
        while (bytes.hasRemaining()) {
            if (bin.read(bytes, at + bytes.position()) < 0) {
                throw new EOFException(meta.bin + ": ended at byte " + (at + bytes.position()) + " while reading "
                        + len + " bytes at " + at + " (the file shrank during playback)");
            }
        }
        Block b = out.block(0);
        shorts.get(0, b.i16(), 0, n * meta.channels);
        b.setSampleCount(n);
        b.setFirstSample(meta.firstSample + played);
        b.setAcqTimeNanos(pace.acqTimeNanos(played));
        boolean last = !config.loop() && pos + n == meta.samples;
        b.setFlags((newPass ? Block.FLAG_DISCONTINUITY : 0) | (last ? Block.FLAG_END_OF_STREAM : 0));
        out.emit(0);
        newPass = false;
        pos += n;
        played += n;
        if (pos == meta.samples) {
            ended = !config.loop();
            newPass = config.loop();
            pos = 0;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (bin != null) {
            bin.close();
        }
    }
}
