package org.neurorig.adapter.openephys.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
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
@Component(name = "playback.openephys", configurationPid = "playback.openephys",
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Source.class)
@NodeType(type = "playback.openephys", outputs = {"out:CONTINUOUS_I16", "events:EVENTS"}, paths = "path",
        constraints = "fixed: blockSamples")
public final class OpenEphysPlaybackSource implements Source {
    /** Capacity of an events block; more events within one continuous block go out in several. */
    static final int EVENT_BLOCK = 256;

    private OpenEphysPlaybackSourceConfig config;
    private OebinRecording rec;
    private PlaybackPace pace;
    private FileChannel dat;
    private FileChannel numbers;
    private ByteBuffer datBytes;
    private ShortBuffer datShorts;
    private ByteBuffer numberBytes;
    private LongBuffer numberLongs;
    private long[] sampleNumbers;
    private int channels;
    private int blockSamples;
    private boolean loop;
    private long pos;
    private long played;
    private int nextEvent;
    private long loopOffset;
    private long expectedNext;
    private boolean discontinuity;
    private boolean ended;

    @Activate
    void activate(OpenEphysPlaybackSourceConfig c) {
        if (c.path() == null || c.path().isBlank()) {
            throw new IllegalArgumentException("playback.openephys: path is required (a recording folder)");
        }
        if (c.blockSamples() < 1 || c.blockSamples() > 65536) {
            throw new IllegalArgumentException("playback.openephys: blockSamples must be 1..65536, got " + c.blockSamples());
        }
        PlaybackPace.parse(c.pace());
        this.config = c;
    }

    @Override
    public List<StreamSpec> open(NodeContext context) throws IOException {
        rec = OebinRecording.open(Path.of(config.path()), config.stream());
        channels = rec.channels.size();
        blockSamples = (int) Math.min(config.blockSamples(), Math.max(1, rec.samples));
        loop = config.loop();
        pace = new PlaybackPace(config.pace(), rec.rate);
        dat = FileChannel.open(rec.dat, StandardOpenOption.READ);
        numbers = FileChannel.open(rec.sampleNumbersFile, StandardOpenOption.READ);
        datBytes = ByteBuffer.allocate(blockSamples * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        datShorts = datBytes.asShortBuffer();
        numberBytes = ByteBuffer.allocate(blockSamples * 8).order(ByteOrder.LITTLE_ENDIAN);
        numberLongs = numberBytes.asLongBuffer();
        sampleNumbers = new long[blockSamples];
        pos = 0;
        played = 0;
        nextEvent = 0;
        loopOffset = 0;
        discontinuity = false;
        ended = rec.samples == 0;
        pace.start(HostClock.nowNanos());
        context.status(NodeStatus.OK, "playing " + rec.oebin.getParent() + " stream " + rec.streamFolder + " ("
                + rec.samples + " samples, " + channels + " ch, " + rec.rate + " Hz)");
        String node = context.nodeName();
        return List.of(
                StreamSpec.builder("out", Kind.CONTINUOUS_I16).channels(rec.channels).sampleRate(rec.rate)
                        .blockSamples(blockSamples).source(node).build(),
                StreamSpec.builder("events", Kind.EVENTS).channelCount(rec.ttlLines).sampleRate(rec.rate)
                        .defaultChannels("", 1.0).blockSamples(EVENT_BLOCK).source(node).build());
    }

    @Override
    public int read(Emitter out) throws IOException, InterruptedException {
        int produced = 0;
        for (int b = 0; b < PlaybackPace.MAX_BLOCKS_PER_READ && !ended; b++) {
            int n = (int) Math.min(blockSamples, rec.samples - pos);
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

    private int emitBlock(Emitter out, int want) throws IOException, InterruptedException {
        readFully(numbers, numberBytes, want * 8, rec.sampleNumbers.dataOffset() + pos * 8, rec.sampleNumbersFile);
        numberLongs.get(0, sampleNumbers, 0, want);
        int n = want;
        for (int i = 1; i < want; i++) {
            if (sampleNumbers[i] != sampleNumbers[i - 1] + 1) {
                n = i; // cut at a jump in the recording's sample numbers; the next block is flagged
                break;
            }
        }
        long first = sampleNumbers[0] + loopOffset;
        if (played > 0 && first != expectedNext) {
            discontinuity = true;
        }
        readFully(dat, datBytes, n * channels * 2, pos * channels * 2L, rec.dat);
        Block b = out.block(0);
        datShorts.get(0, b.i16(), 0, n * channels);
        b.setSampleCount(n);
        b.setFirstSample(first);
        b.setAcqTimeNanos(pace.acqTimeNanos(played));
        boolean last = !loop && pos + n == rec.samples;
        int flags = (discontinuity ? Block.FLAG_DISCONTINUITY : 0) | (last ? Block.FLAG_END_OF_STREAM : 0);
        b.setFlags(flags);
        out.emit(0);
        emitEvents(out, sampleNumbers[n - 1], first, flags);
        discontinuity = false;
        expectedNext = first + n;
        pos += n;
        played += n;
        if (pos == rec.samples) {
            if (loop) {
                loopOffset += sampleNumbers[n - 1] + 1 - firstSampleNumber();
                pos = 0;
                nextEvent = 0;
                discontinuity = true;
            } else {
                ended = true;
            }
        }
        return n;
    }

    /** TTL events up to {@code lastSample} (file numbering), in blocks of at most {@link #EVENT_BLOCK}. */
    private void emitEvents(Emitter out, long lastSample, long blockFirst, int flags) throws InterruptedException {
        Block e = out.block(1);
        boolean any = false;
        while (nextEvent < rec.ttlSample.length && rec.ttlSample[nextEvent] <= lastSample) {
            if (e.sampleCount() == e.capacity()) {
                finishEvents(out, e, blockFirst, flags & Block.FLAG_DISCONTINUITY);
            }
            e.addEvent(rec.ttlSample[nextEvent] + loopOffset, rec.ttlLine[nextEvent], rec.ttlState[nextEvent], null);
            nextEvent++;
            any = true;
        }
        if (any || (flags & Block.FLAG_END_OF_STREAM) != 0) {
            finishEvents(out, e, blockFirst, flags);
        }
    }

    private void finishEvents(Emitter out, Block e, long blockFirst, int flags) throws InterruptedException {
        e.setFirstSample(blockFirst);
        e.setAcqTimeNanos(pace.acqTimeNanos(played));
        e.setFlags(flags);
        out.emit(1);
    }

    private long firstSampleNumber() throws IOException {
        readFully(numbers, numberBytes, 8, rec.sampleNumbers.dataOffset(), rec.sampleNumbersFile);
        return numberLongs.get(0);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, int bytes, long at, Path file) throws IOException {
        buf.clear().limit(bytes);
        long p = at;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new EOFException(file + ": ended at byte " + p + " while reading " + bytes + " bytes at " + at
                        + " (the file shrank during playback)");
            }
            p += r;
        }
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
