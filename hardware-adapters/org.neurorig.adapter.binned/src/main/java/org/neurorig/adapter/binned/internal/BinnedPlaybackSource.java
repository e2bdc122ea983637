package org.neurorig.adapter.binned.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.neurorig.adapter.openephys.internal.io.PlaybackPace;
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
@Component(name = "playback.binned", configurationPid = "playback.binned",
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Source.class)
@NodeType(type = "playback.binned", outputs = {"counts:MATRIX_F32", "behaviour:MATRIX_F32"}, paths = "path",
        constraints = "fixed: blockRows")
public final class BinnedPlaybackSource implements Source {
    private BinnedPlaybackSourceConfig config;
    private BinnedFile data;
    private PlaybackPace pace;
    private int blockRows;
    private int pos;
    private long played;
    private boolean newPass;
    private boolean ended;

    @Activate
    void activate(BinnedPlaybackSourceConfig c) {
        if (c.path() == null || c.path().isBlank()) {
            throw new IllegalArgumentException("playback.binned: path is required (a .mat, .npz or .npy file)");
        }
        if (c.blockRows() < 1 || c.blockRows() > 65536) {
            throw new IllegalArgumentException("playback.binned: blockRows must be 1..65536, got " + c.blockRows());
        }
        if (!(c.binSeconds() >= 0) || Double.isInfinite(c.binSeconds())) {
            throw new IllegalArgumentException("playback.binned: binSeconds must be >= 0, got " + c.binSeconds());
        }
        if (!List.of("auto", "rows", "columns").contains(c.orientation())) {
            throw new IllegalArgumentException("playback.binned: orientation must be auto, rows or columns, got '"
                    + c.orientation() + "'");
        }
        PlaybackPace.parse(c.pace());
        this.config = c;
    }

    @Override
    public List<StreamSpec> open(NodeContext context) throws IOException {
        data = BinnedFile.load(Path.of(config.path()), config);
        if (data.bins == 0) {
            throw new IOException(data.file + ": '" + config.counts() + "' has no bins");
        }
        double rate = 1.0 / data.binSeconds;
        blockRows = Math.min(config.blockRows(), data.bins);
        pace = new PlaybackPace(config.pace(), rate);
        pos = 0;
        played = 0;
        newPass = false;
        ended = false;
        pace.start(HostClock.nowNanos());
        context.status(NodeStatus.OK, "playing " + data.file + ": " + data.bins + " bins × " + data.units
                + " units, " + data.behaviourColumns + " behaviour columns, " + data.binSeconds + " s bins");
        String node = context.nodeName();
        return List.of(
                StreamSpec.builder("counts", Kind.MATRIX_F32).channels(columns(data.unitNames, "count"))
                        .sampleRate(rate).blockSamples(blockRows).source(node).build(),
                StreamSpec.builder("behaviour", Kind.MATRIX_F32).channels(columns(data.behaviourNames, ""))
                        .sampleRate(rate).blockSamples(blockRows).source(node).build());
    }

    private static List<ChannelInfo> columns(List<String> names, String units) {
        List<ChannelInfo> out = new ArrayList<>();
        for (String n : names) {
            out.add(ChannelInfo.of(n, units, 1.0));
        }
        return out;
    }

    @Override
    public int read(Emitter out) throws InterruptedException {
        int produced = 0;
        for (int i = 0; i < PlaybackPace.MAX_BLOCKS_PER_READ && !ended; i++) {
            int n = Math.min(blockRows, data.bins - pos);
            if (!pace.due(played, n)) {
                break;
            }
            boolean last = !config.loop() && pos + n == data.bins;
            int flags = (newPass ? Block.FLAG_DISCONTINUITY : 0) | (last ? Block.FLAG_END_OF_STREAM : 0);
            fill(out.block(0), data.counts, data.units, n, flags);
            out.emit(0);
            fill(out.block(1), data.behaviour, data.behaviourColumns, n, flags);
            out.emit(1);
            newPass = false;
            pos += n;
            played += n;
            produced += n;
            if (pos == data.bins) {
                ended = !config.loop();
                newPass = config.loop();
                pos = 0;
            }
            if (!pace.realtime()) {
                break;
            }
        }
        return produced;
    }

    private void fill(Block b, float[] values, int cols, int n, int flags) {
        System.arraycopy(values, pos * cols, b.f32(), 0, n * cols);
        b.setSampleCount(n);
        b.setFirstSample(data.firstBin + played);
        b.setAcqTimeNanos(pace.acqTimeNanos(played));
        b.setFlags(flags);
    }
}
