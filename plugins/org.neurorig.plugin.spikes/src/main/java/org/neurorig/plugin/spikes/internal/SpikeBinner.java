package org.neurorig.plugin.spikes.internal;

import java.util.Arrays;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.Stateful;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code spikes.bin}: counts spikes per channel in bins of W = binMs·rate/1000 samples, aligned to
 * sample numbers, and emits one {@code MATRIX_F32} row per bin (columns = channels,
 * {@code firstSample} = the first row's bin number b, i.e. its sample number at the output rate, so
 * consecutive blocks are sample-continuous as the wire format's gap check expects; the bin starts
 * at input sample b·W). A bin is emitted once the input's detection
 * horizon (the {@code firstSample} of spike blocks, see {@code spikes.threshold}) has passed its
 * end; bins start at the bin holding the first block's horizon (the stream's first sample).
 * Spikes for a bin already emitted are counted as late and dropped. At FLAG_END_OF_STREAM the
 * last, partial bin is emitted as well, and the flag is passed on (on an empty block when no bin
 * was left to close).
 *
 * <p>{@link Stateful}: the open bins and the next bin to close carry over a hot-swap.
 */
@Designate(ocd = SpikeBinnerConfig.class, factory = true)
@Component(
        name = "spikes.bin",
        configurationPid = "spikes.bin",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(type = "spikes.bin", outputs = "bins:MATRIX_F32@1000/config:binMs", inputs = Kind.SPIKES, maxInputs = 1)
public final class SpikeBinner implements Processor, Stateful {
    private static final int VERSION = 1;
    private final SpikeBinnerConfig config;
    private int channels;
    private long width;
    /** Open bins, a ring of {@code ring} rows × channels starting at bin {@code firstOpen}. */
    private float[] counts;

    private int ring;
    private long firstOpen;
    private boolean started;
    private long late;
    private long reportedLate;
    private NodeContext context;

    @Activate
    public SpikeBinner(SpikeBinnerConfig config) {
        if (!(config.binMs() > 0)) {
            throw new IllegalArgumentException("binMs " + config.binMs() + " must be above 0");
        }
        this.config = config;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec in = inputs.get(0);
        double w = config.binMs() * in.sampleRate() / 1000;
        width = Math.round(w);
        if (width < 1 || Math.abs(w - width) > 1e-9 * w) {
            throw new IllegalArgumentException("binMs " + config.binMs() + " is " + w + " samples at " + in.sampleRate()
                    + " Hz; it must be a whole number of samples");
        }
        channels = in.channelCount();
        int rowsPerBlock = (int) Math.min(4096, Math.max(4, 2 * in.blockSamples() / width + 4));
        ring = Math.max(64, rowsPerBlock * 4);
        counts = new float[ring * Math.max(1, channels)];
        started = false;
        late = 0;
        reportedLate = 0;
        context = ctx;
        return List.of(StreamSpec.builder("bins", Kind.MATRIX_F32)
                .channels(in.channels())
                .sampleRate(in.sampleRate() / width)
                .source(in.source())
                .blockSamples(rowsPerBlock)
                .build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        long horizon = in.firstSample();
        if (!started) {
            started = true;
            firstOpen = Math.floorDiv(horizon, width);
        }
        for (int i = 0; i < in.sampleCount(); i++) {
            long b = Math.floorDiv(in.itemSample()[i], width);
            int c = in.itemChannel()[i];
            if (b < firstOpen || c < 0 || c >= channels) {
                late++;
                continue;
            }
            while (b - firstOpen >= ring) { // far ahead of the horizon: make room by closing bins
                emitRows(in, out, firstOpen + 1, false);
            }
            counts[(int) Math.floorMod(b, (long) ring) * channels + c] += 1;
        }
        boolean end = (in.flags() & Block.FLAG_END_OF_STREAM) != 0;
        // at the end of the stream the last, partial bin is emitted too
        boolean emitted =
                emitRows(in, out, end ? Math.floorDiv(horizon - 1, width) + 1 : Math.floorDiv(horizon, width), true);
        if (end && !emitted) { // nothing left to close: still tell downstream that the stream ended
            Block o = out.block(0);
            o.copyTimingFrom(in);
            o.setFirstSample(firstOpen);
            out.emit(0);
        }
        if (late > 2 * reportedLate && context != null) {
            reportedLate = late;
            context.status(NodeStatus.OK, late + " spikes arrived after their bin was emitted");
        }
    }

    /**
     * Emits every open bin before bin {@code until}; returns whether it emitted anything. Only the
     * last block of the call ({@code last}) may carry the input's FLAG_END_OF_STREAM.
     */
    private boolean emitRows(Block in, Emitter out, long until, boolean last) throws InterruptedException {
        Block o = null;
        while (firstOpen < until) {
            if (o == null) {
                o = out.block(0);
                o.copyTimingFrom(in);
                if (!last) {
                    o.setFlags(o.flags() & ~Block.FLAG_END_OF_STREAM);
                }
                o.setFirstSample(firstOpen);
            }
            int row = o.sampleCount();
            int slot = (int) Math.floorMod(firstOpen, (long) ring) * channels;
            System.arraycopy(counts, slot, o.f32(), row * channels, channels);
            Arrays.fill(counts, slot, slot + channels, 0f);
            o.setSampleCount(row + 1);
            firstOpen++;
            if (o.sampleCount() == o.capacity() && firstOpen < until) {
                o.setFlags(o.flags() & ~Block.FLAG_END_OF_STREAM); // more rows follow
                out.emit(0);
                o = null;
            }
        }
        if (o != null) {
            out.emit(0);
            return true;
        }
        return false;
    }

    /** Spikes dropped because their bin had already been emitted (or their channel was unknown). */
    public long lateCount() {
        return late;
    }

    @Override
    public byte[] snapshot() {
        if (counts == null) {
            throw new IllegalStateException("snapshot before prepare");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(40 + 4 * counts.length);
        b.putInt(VERSION)
                .putInt(channels)
                .putInt(ring)
                .putLong(width)
                .put((byte) (started ? 1 : 0))
                .putLong(firstOpen)
                .putLong(late);
        for (float v : counts) {
            b.putFloat(v);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Override
    public void restore(byte[] state) {
        if (counts == null) {
            throw new IllegalStateException("restore before prepare");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(state);
        int version = b.getInt();
        int ch = b.getInt();
        int r = b.getInt();
        long w = b.getLong();
        if (version != VERSION || ch != channels || w != width) {
            throw new IllegalArgumentException("spikes.bin snapshot (version " + version + ", " + ch
                    + " channels, bins of " + w + " samples) does not fit this node (" + channels
                    + " channels, bins of " + width + " samples)");
        }
        started = b.get() == 1;
        firstOpen = b.getLong();
        late = b.getLong();
        java.util.Arrays.fill(counts, 0f);
        for (int i = 0; i < r * Math.max(1, ch); i++) { // open bins keep their bin → slot mapping only if ring matches
            float v = b.getFloat();
            long bin = firstOpen + Math.floorMod(i / Math.max(1, ch) - Math.floorMod(firstOpen, (long) r), (long) r);
            if (bin - firstOpen < ring) {
                counts[(int) Math.floorMod(bin, (long) ring) * Math.max(1, ch) + i % Math.max(1, ch)] = v;
            }
        }
    }
}
