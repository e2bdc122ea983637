package org.neurorig.adapter.openephys.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
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
 * {@code playback.openephys}: streams one continuous stream of an Open Ephys binary-format
 * recording ({@code out}, int16 with the file's channel names and {@code bit_volts}) and its TTL
 * events ({@code events}), stamped with the recording's own sample numbers. A jump in the sample
 * numbers (a paused recording) starts a new block flagged {@link Block#FLAG_DISCONTINUITY}; so
 * does each new pass when looping, whose sample numbers continue after the previous pass's so that
 * time never runs backwards. Without {@code loop} the last blocks carry
 * {@link Block#FLAG_END_OF_STREAM}. Files are read block by block into buffers allocated in
 * {@code open}, so recordings larger than memory play.
 */
@Designate(ocd = OpenEphysPlaybackSourceConfig.class, factory = true)
@Component(
        name = "playback.openephys",
        configurationPid = "playback.openephys",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
@NodeType(
        type = "playback.openephys",
        outputs = {"out:CONTINUOUS_I16", "events:EVENTS"},
        paths = "path",
        constraints = "fixed: blockSamples")
public final class OpenEphysPlaybackSource implements Source {
    /** Capacity of an events block; more events within one continuous block go out in several. */
    static final int EVENT_BLOCK = 256;

    private OpenEphysPlaybackSourceConfig config;
    private OebinRecording rec;
    private FilePlayback playback;
    private final FilePlayback.BlockWriter writer = this::emitBlock;
    private FileChannel dat;
    private FileChannel numbers;
    private ByteBuffer datBytes;
    private ShortBuffer datShorts;
    private ByteBuffer numberBytes;
    private LongBuffer numberLongs;
    private long[] sampleNumbers;
    private int channels;
    private int nextEvent;
    private long loopOffset;
    private long expectedNext;

    @Activate
    void activate(OpenEphysPlaybackSourceConfig c) {
        FilePlayback.checkConfig("playback.openephys", c.path(), "a recording folder", c.pace());
        if (c.blockSamples() < 1 || c.blockSamples() > 65536) {
            throw new IllegalArgumentException(
                    "playback.openephys: blockSamples must be 1..65536, got " + c.blockSamples());
        }
        this.config = c;
    }

    @Override
    public List<StreamSpec> open(NodeContext context) throws IOException {
        rec = OebinRecording.open(Path.of(config.path()), config.stream());
        channels = rec.channels.size();
        int blockSamples = (int) Math.min(config.blockSamples(), Math.max(1, rec.samples));
        playback = new FilePlayback(config.pace(), rec.rate, rec.samples, blockSamples, config.loop());
        dat = FileChannel.open(rec.dat, StandardOpenOption.READ);
        numbers = FileChannel.open(rec.sampleNumbersFile, StandardOpenOption.READ);
        datBytes = ByteBuffer.allocate(blockSamples * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        datShorts = datBytes.asShortBuffer();
        numberBytes = ByteBuffer.allocate(blockSamples * 8).order(ByteOrder.LITTLE_ENDIAN);
        numberLongs = numberBytes.asLongBuffer();
        sampleNumbers = new long[blockSamples];
        nextEvent = 0;
        loopOffset = 0;
        playback.start(HostClock.nowNanos());
        context.status(
                NodeStatus.OK,
                "playing " + rec.oebin.getParent() + " stream " + rec.streamFolder + " (" + rec.samples + " samples, "
                        + channels + " ch, " + rec.rate + " Hz)");
        String node = context.nodeName();
        return List.of(
                StreamSpec.builder("out", Kind.CONTINUOUS_I16)
                        .channels(rec.channels)
                        .sampleRate(rec.rate)
                        .blockSamples(blockSamples)
                        .source(node)
                        .build(),
                StreamSpec.builder("events", Kind.EVENTS)
                        .channelCount(rec.ttlLines)
                        .sampleRate(rec.rate)
                        .defaultChannels("", 1.0)
                        .blockSamples(EVENT_BLOCK)
                        .source(node)
                        .build());
    }

    @Override
    public int read(Emitter out) throws IOException, InterruptedException {
        return playback.read(out, writer);
    }

    private int emitBlock(Emitter out, int want) throws IOException, InterruptedException {
        long pos = playback.position();
        if (playback.newPass()) {
            // sample numbers continue after the previous pass's, so that time never runs backwards
            loopOffset = expectedNext - firstSampleNumber();
            nextEvent = 0;
        }
        FilePlayback.readFully(
                numbers, numberBytes, want * 8, rec.sampleNumbers.dataOffset() + pos * 8, rec.sampleNumbersFile);
        numberLongs.get(0, sampleNumbers, 0, want);
        int n = want;
        for (int i = 1; i < want; i++) {
            if (sampleNumbers[i] != sampleNumbers[i - 1] + 1) {
                n = i; // cut at a jump in the recording's sample numbers; the next block is flagged
                break;
            }
        }
        long first = sampleNumbers[0] + loopOffset;
        int flags = playback.flags(n);
        if (playback.played() > 0 && first != expectedNext) {
            flags |= Block.FLAG_DISCONTINUITY; // the recording was paused here
        }
        FilePlayback.readFully(dat, datBytes, n * channels * 2, pos * channels * 2L, rec.dat);
        Block b = out.block(0);
        datShorts.get(0, b.i16(), 0, n * channels);
        b.setSampleCount(n);
        b.setFirstSample(first);
        b.setAcqTimeNanos(playback.acqTimeNanos());
        b.setFlags(flags);
        out.emit(0);
        emitEvents(out, sampleNumbers[n - 1], first, flags);
        expectedNext = first + n;
        return n;
    }

    /**
     * TTL events up to {@code lastSample} (file numbering), in blocks of at most {@link #EVENT_BLOCK};
     * at least one block per continuous block, empty when it has no event, so that a consumer
     * aligning the events with other streams by sample time knows the span is finished
     * ({@code docs/WIRE.md} §4).
     */
    private void emitEvents(Emitter out, long lastSample, long blockFirst, int flags) throws InterruptedException {
        Block e = out.block(1);
        while (nextEvent < rec.ttlSample.length && rec.ttlSample[nextEvent] <= lastSample) {
            if (e.sampleCount() == e.capacity()) {
                finishEvents(out, e, blockFirst, flags & Block.FLAG_DISCONTINUITY);
            }
            e.addEvent(rec.ttlSample[nextEvent] + loopOffset, rec.ttlLine[nextEvent], rec.ttlState[nextEvent], null);
            nextEvent++;
        }
        finishEvents(out, e, blockFirst, flags);
    }

    private void finishEvents(Emitter out, Block e, long blockFirst, int flags) throws InterruptedException {
        e.setFirstSample(blockFirst);
        e.setAcqTimeNanos(playback.acqTimeNanos());
        e.setFlags(flags);
        out.emit(1);
    }

    private long firstSampleNumber() throws IOException {
        FilePlayback.readFully(numbers, numberBytes, 8, rec.sampleNumbers.dataOffset(), rec.sampleNumbersFile);
        return numberLongs.get(0);
    }

    @Override
    public void close() throws IOException {
        try {
            if (dat != null) {
                dat.close();
            }
        } finally {
            if (numbers != null) {
                numbers.close();
            }
        }
    }
}
