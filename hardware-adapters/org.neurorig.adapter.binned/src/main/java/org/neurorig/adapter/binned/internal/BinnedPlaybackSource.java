package org.neurorig.adapter.binned.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
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
 * {@code playback.binned}: plays binned spike counts ({@code counts}, bins × units) and the
 * behaviour recorded with them ({@code behaviour}, bins × components) as {@link Kind#MATRIX_F32}
 * streams at the bin rate, rows aligned: the blocks of both ports with the same {@code seq} hold
 * the same bins. {@code firstSample} is the bin number. Decoders and encoding models run on real
 * data this way. Looping continues the bin numbers and flags each new pass.
 */
@Designate(ocd = BinnedPlaybackSourceConfig.class, factory = true)
@Component(
        name = "playback.binned",
        configurationPid = "playback.binned",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
@NodeType(
        type = "playback.binned",
        outputs = {"counts:MATRIX_F32", "behaviour:MATRIX_F32"},
        paths = "path",
        constraints = "fixed: blockRows")
public final class BinnedPlaybackSource implements Source {
    private BinnedPlaybackSourceConfig config;
    private BinnedFile data;
    private FilePlayback playback;
    private final FilePlayback.BlockWriter writer = this::emitBlocks;

    @Activate
    void activate(BinnedPlaybackSourceConfig c) {
        FilePlayback.checkConfig("playback.binned", c.path(), "a .mat, .npz or .npy file", c.pace());
        if (c.blockRows() < 1 || c.blockRows() > 65536) {
            throw new IllegalArgumentException("playback.binned: blockRows must be 1..65536, got " + c.blockRows());
        }
        if (!(c.binSeconds() >= 0) || Double.isInfinite(c.binSeconds())) {
            throw new IllegalArgumentException("playback.binned: binSeconds must be >= 0, got " + c.binSeconds());
        }
        if (!List.of("auto", "rows", "columns").contains(c.orientation())) {
            throw new IllegalArgumentException(
                    "playback.binned: orientation must be auto, rows or columns, got '" + c.orientation() + "'");
        }
        this.config = c;
    }

    @Override
    public List<StreamSpec> open(NodeContext context) throws IOException {
        data = BinnedFile.load(Path.of(config.path()), config);
        if (data.bins == 0) {
            throw new IOException(data.file + ": '" + config.counts() + "' has no bins");
        }
        double rate = 1.0 / data.binSeconds;
        int blockRows = Math.min(config.blockRows(), data.bins);
        playback = new FilePlayback(config.pace(), rate, data.bins, blockRows, config.loop());
        playback.start(HostClock.nowNanos());
        context.status(
                NodeStatus.OK,
                "playing " + data.file + ": " + data.bins + " bins × " + data.units + " units, " + data.behaviourColumns
                        + " behaviour columns, " + data.binSeconds + " s bins");
        String node = context.nodeName();
        return List.of(
                StreamSpec.builder("counts", Kind.MATRIX_F32)
                        .channels(columns(data.unitNames, "count"))
                        .sampleRate(rate)
                        .blockSamples(blockRows)
                        .source(node)
                        .build(),
                StreamSpec.builder("behaviour", Kind.MATRIX_F32)
                        .channels(columns(data.behaviourNames, ""))
                        .sampleRate(rate)
                        .blockSamples(blockRows)
                        .source(node)
                        .build());
    }

    private static List<ChannelInfo> columns(List<String> names, String units) {
        List<ChannelInfo> out = new ArrayList<>();
        for (String n : names) {
            out.add(ChannelInfo.of(n, units, 1.0));
        }
        return out;
    }

    @Override
    public int read(Emitter out) throws IOException, InterruptedException {
        return playback.read(out, writer);
    }

    /** The same bins of both ports, so that blocks with the same seq hold the same rows. */
    private int emitBlocks(Emitter out, int n) throws InterruptedException {
        int flags = playback.flags(n);
        fill(out.block(0), data.counts, data.units, n, flags);
        out.emit(0);
        fill(out.block(1), data.behaviour, data.behaviourColumns, n, flags);
        out.emit(1);
        return n;
    }

    private void fill(Block b, float[] values, int cols, int n, int flags) {
        System.arraycopy(values, (int) playback.position() * cols, b.f32(), 0, n * cols);
        b.setSampleCount(n);
        b.setFirstSample(data.firstBin + playback.played());
        b.setAcqTimeNanos(playback.acqTimeNanos());
        b.setFlags(flags);
    }
}
