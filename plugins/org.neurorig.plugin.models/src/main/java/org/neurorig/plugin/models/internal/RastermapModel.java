package org.neurorig.plugin.models.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code model.sort.rastermap} ({@code SCIENCE.md} §4): a Rastermap-style order of the N neurons of
 * one dense stream (ΔF/F or deconvolved frames), refitted every {@code refitSeconds} on the newest
 * {@code windowSeconds} by {@link RastermapSorter} on a background thread. {@code process()} only
 * copies each frame (or the mean of {@code binFrames} frames) into a ring and, when a fit has
 * finished, emits it: it allocates nothing (but the status line of the call that emits a fit, once
 * per refit) and never waits for a fit, except at the end of the
 * stream, where it waits for a fit still running so that it is not lost. A fit due while the
 * previous one still runs is skipped and counted (status). Outputs, one row per fit, numbered by
 * the frames counted when the fit was started: {@code order} — N values, entry r the index of the
 * neuron shown at row r; {@code bands} — N values, entry r the band of row r (position of its
 * cluster in the cluster order; silent neurons form the last band), non-decreasing, so a cluster
 * boundary is where it steps.
 */
@Designate(ocd = RastermapConfig.class, factory = true)
@Component(
        name = "model.sort.rastermap",
        configurationPid = "model.sort.rastermap",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "model.sort.rastermap",
        outputs = {"order:MATRIX_F32@0", "bands:MATRIX_F32@0"},
        inputs = {Kind.MATRIX_F32, Kind.CONTINUOUS_F32},
        maxInputs = 1,
        hangMillis = 300000)
public final class RastermapModel implements Processor {
    /** How long the end of the stream waits for a running fit (within {@code hangMillis}). */
    private static final long END_WAIT_MILLIS = 240_000;

    private RastermapConfig config;
    private NodeContext context;
    private int n;
    private int windowRows;
    /** Ring rows: the window plus a margin the writer fills while a fit copies the window. */
    private int capacity;

    private long refitFrames;
    private int binFrames;
    private float[] ring;
    private float[] binSum;
    private int binCount;
    private long rows;
    private long frames;
    private long skipped;
    private long fits;
    private RastermapSorter sorter;
    private Worker worker;
    /** Rows being written or written (a row is counted before its copy starts), for the copy's check. */
    private volatile long claimed;

    private final AtomicReference<Done> done = new AtomicReference<>();

    /** A finished fit waiting to be emitted by {@code process()}. */
    private record Done(RastermapSorter.Fit fit, long frame, int rows, long millis) {}

    @Activate
    void activate(RastermapConfig c) {
        config = c;
        sorter = new RastermapSorter(c.components(), c.clusters(), c.powerIterations(), c.locality(), c.seed());
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec in = inputs.get(0);
        if (in.kind() != Kind.MATRIX_F32 && in.kind() != Kind.CONTINUOUS_F32) {
            throw new IllegalArgumentException(
                    "model.sort.rastermap takes one MATRIX_F32 or CONTINUOUS_F32 stream of frames, got " + in);
        }
        if (!(in.sampleRate() > 0)) {
            throw new IllegalArgumentException("model.sort.rastermap: input " + in.name() + " has sample rate "
                    + in.sampleRate() + "; windowSeconds and refitSeconds need frames at a known rate");
        }
        stopWorker();
        context = ctx;
        n = in.channelCount();
        binFrames = config.binFrames();
        windowRows = (int) Math.max(2, Math.round(config.windowSeconds() * in.sampleRate() / binFrames));
        capacity = windowRows + Math.max(16, windowRows / 4);
        refitFrames = Math.max(1, Math.round(config.refitSeconds() * in.sampleRate()));
        if ((long) capacity * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model.sort.rastermap: a window of " + windowRows + " rows ("
                    + config.windowSeconds() + " s at " + in.sampleRate() + " Hz / binFrames " + binFrames
                    + ") of " + n + " neurons does not fit one array; raise binFrames or shorten windowSeconds");
        }
        ring = new float[capacity * n];
        binSum = new float[n];
        binCount = 0;
        rows = 0;
        frames = 0;
        claimed = 0;
        done.set(null);
        worker = new Worker(ring, new float[windowRows * n], capacity, windowRows, n, ctx.nodeName());
        worker.start();
        return List.of(
                StreamSpec.builder("order", Kind.MATRIX_F32)
                        .channelCount(n)
                        .sampleRate(0)
                        .blockSamples(1)
                        .build(),
                StreamSpec.builder("bands", Kind.MATRIX_F32)
                        .channelCount(n)
                        .sampleRate(0)
                        .blockSamples(1)
                        .build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        emitDone(out);
        float[] src = in.f32();
        for (int r = 0; r < in.sampleCount(); r++) {
            add(src, r * n);
            frames++;
            if (frames % refitFrames == 0) {
                if (worker.running) {
                    skipped++;
                } else {
                    worker.request(rows, frames);
                }
            }
        }
        if ((in.flags() & Block.FLAG_END_OF_STREAM) != 0) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(END_WAIT_MILLIS);
            while (worker.running && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000L);
            }
            emitDone(out);
        }
    }

    private void add(float[] src, int off) {
        if (binFrames == 1) {
            claimed = rows + 1;
            System.arraycopy(src, off, ring, (int) (rows % capacity) * n, n);
            rows++;
            return;
        }
        for (int i = 0; i < n; i++) {
            binSum[i] += src[off + i];
        }
        if (++binCount == binFrames) {
            claimed = rows + 1;
            int o = (int) (rows % capacity) * n;
            float inv = 1f / binFrames;
            for (int i = 0; i < n; i++) {
                ring[o + i] = binSum[i] * inv;
                binSum[i] = 0;
            }
            binCount = 0;
            rows++;
        }
    }

    private void emitDone(Emitter out) throws InterruptedException {
        Done d = done.getAndSet(null);
        if (d == null || d.fit().order().length != n) {
            return; // none, or one handed in by a worker of the shape before a re-prepare
        }
        Block order = out.block(0);
        Block bands = out.block(1);
        float[] o = order.f32();
        float[] b = bands.f32();
        int[] fo = d.fit().order();
        int[] fb = d.fit().band();
        for (int r = 0; r < n; r++) {
            o[r] = fo[r];
            b[r] = fb[r];
        }
        order.setFirstSample(d.frame());
        order.setSampleCount(1);
        bands.setFirstSample(d.frame());
        bands.setSampleCount(1);
        out.emit(0);
        out.emit(1);
        fits++;
        context.status(
                NodeStatus.OK,
                "model.sort.rastermap: fit " + fits + " at frame " + d.frame() + ", " + n + " neurons × " + d.rows()
                        + " rows in " + d.millis() + " ms: " + d.fit().clusters() + " clusters, "
                        + d.fit().components() + " components; " + skipped + " fits skipped (previous one running)"
                        + (worker.torn > 0 ? ", " + worker.torn + " dropped (window overwritten while copied)" : ""));
    }

    @Override
    public void close() throws InterruptedException {
        stopWorker();
    }

    /** A component taken away without close() must not leave its worker parked for ever. */
    @Deactivate
    void deactivate() {
        stopWorker();
    }

    private void stopWorker() {
        Worker w = worker;
        worker = null;
        if (w != null) {
            w.stopping = true;
            LockSupport.unpark(w);
            try {
                w.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Fits taken and emitted so far. */
    long fits() {
        return fits;
    }

    /** Fits skipped because the previous one was still running. */
    long skipped() {
        return skipped;
    }

    /** Runs the fits, one at a time, off the acquisition path. */
    private final class Worker extends Thread {
        // the shape it was made for: a re-prepare makes a new worker and never changes these
        private final float[] ring;
        private final float[] window;
        private final int capacity;
        private final int windowRows;
        private final int n;
        volatile boolean running;
        volatile boolean stopping;
        volatile long torn;
        private volatile long requestFrame;
        private volatile long requestRows = -1;

        Worker(float[] ring, float[] window, int capacity, int windowRows, int n, String node) {
            super("model.sort.rastermap " + node);
            this.ring = ring;
            this.window = window;
            this.capacity = capacity;
            this.windowRows = windowRows;
            this.n = n;
            setDaemon(true);
            setPriority(Thread.MIN_PRIORITY);
        }

        /** Called by process(): fit the rows written so far, up to {@code end}. */
        void request(long end, long frame) {
            running = true;
            requestFrame = frame;
            requestRows = end; // published last: the worker reads it first
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (!stopping) {
                long end = requestRows;
                if (end < 0) {
                    LockSupport.park(this);
                    continue;
                }
                requestRows = -1;
                try {
                    fit(end, requestFrame);
                } catch (RuntimeException | OutOfMemoryError e) {
                    // the node itself is fine (frames keep flowing): report, keep the last order
                    context.status(
                            NodeStatus.OK,
                            "model.sort.rastermap: the fit at frame " + requestFrame + " failed (" + e
                                    + "); the order emitted before stays");
                } finally {
                    running = false;
                }
            }
        }

        private void fit(long end, long frame) {
            int count = (int) Math.min(end, windowRows);
            if (count < 2) {
                context.status(
                        NodeStatus.OK,
                        "model.sort.rastermap: " + count + " rows at frame " + frame + ", a fit needs 2; none taken");
                return;
            }
            long first = end - count;
            for (long a = first; a < end; a++) {
                System.arraycopy(ring, (int) (a % capacity) * n, window, (int) (a - first) * n, n);
            }
            // the writer reaches the slot of row `first` only with row first + capacity
            if (claimed > first + capacity) {
                torn++;
                return;
            }
            long t0 = System.nanoTime();
            RastermapSorter.Fit fit = sorter.sort(window, count, n);
            if (!stopping) { // a worker stopped by a re-prepare must not hand in a fit of the old shape
                done.set(new Done(fit, frame, count, (System.nanoTime() - t0) / 1_000_000));
            }
        }
    }
}
