package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.neurorig.api.Block;
import org.neurorig.api.HostClock;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeProperties;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code record.openephys}: a lossless sink that records every input stream in the Open Ephys
 * binary format as the GUI 0.6.x writes it ({@code docs/RECORDING.md}). Each instance is one
 * experiment ({@code experiment<N>}); each {@code prepare} starts a recording
 * ({@code recording<M>}). Every stream is flushed (data written, {@code .npy} headers made
 * consistent, fsynced) before its oldest unflushed sample is {@code flushSeconds} old, counted from
 * the sample's acquisition: checked on every block and, for streams that fall quiet, by a timer
 * thread of the recorder. A crash therefore loses at most the last {@code flushSeconds} of any
 * stream once {@code neurorig recover} has repaired the folder. A full disk, an unwritable file or a stream changing shape stops the
 * recording with the files closed intact and the node FAILED with a message naming the path; later
 * blocks are counted as not recorded, never half-written.
 */
@Designate(ocd = OpenEphysRecorderConfig.class, factory = true)
@Component(
        name = "record.openephys",
        configurationPid = "record.openephys",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(
        type = "record.openephys",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32, Kind.EVENTS, Kind.SPIKES},
        paths = "dir",
        roles = "recorder")
public final class OpenEphysRecorder implements Sink {
    /**
     * Host clock (the scale of {@code Block.acqTimeNanos}) for the flush deadlines; tests replace it
     * to stay independent of timing, and then switch {@link #flushTimer} off.
     */
    LongSupplier clock = HostClock::nowNanos;
    /** Whether a timer thread flushes streams that fall quiet; off in tests that drive the clock. */
    boolean flushTimer = true;
    /** Free bytes at the destination; tests replace it to simulate a filling disk. */
    FreeSpace freeSpace = FileStore::getUsableSpace;

    /** Reads the usable space of a file store. */
    interface FreeSpace {
        long of(FileStore store) throws IOException;
    }

    /** Longest sleep of the flush timer, so that it notices a deadline set while it slept. */
    private static final long QUIET_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Configuration property by which the runtime names the run (one start of acquisition). */
    static final String RUN_PROPERTY = "neurorig.run";

    private OpenEphysRecorderConfig config;
    /** Run and node this instance records for, or null outside the runtime. */
    private String acquisition;

    private Path root;
    private long flushNanos;
    private NodeContext context;
    private List<StreamSpec> prepared = List.of();
    private ExperimentFolder experiment;
    private FileStore store;
    private OpenEphysRecording recording;
    /** Serialises the runner's calls and the flush timer; taken once per block, uncontended. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Per input: something was written since the last flush (its deadline is in {@link #nextDue}). */
    private boolean[] staged = new boolean[0];
    /** Clock time by which the next flush must start; {@code Long.MAX_VALUE} when nothing is staged. */
    private volatile long nextDue = Long.MAX_VALUE;
    /** How long the last flush took: the next one starts that much before its deadline. */
    private long lastFlushTook;

    private Thread flusher;
    private long notRecorded;
    private String stopReason;
    private boolean saturationReported;

    /**
     * With the component properties: the runtime stamps each node's configuration with the run
     * ({@code neurorig.run}) and the node's name. A new instance of the same node in the same run
     * (a hot-swapped bundle, a changed setting) continues that run's experiment with the next
     * {@code recording<M>}; only a new run (a restart of acquisition) starts {@code experiment<N+1>}.
     */
    @Activate
    void activate(OpenEphysRecorderConfig c, Map<String, Object> props) {
        String d = c.dir() == null ? "" : c.dir().trim();
        if (d.isEmpty()) {
            throw new IllegalArgumentException("record.openephys: 'dir' must name a folder, got '" + c.dir() + "'");
        }
        if (!(c.flushSeconds() > 0)) {
            throw new IllegalArgumentException("record.openephys: flushSeconds must be > 0, got " + c.flushSeconds());
        }
        if (!(c.floatBitVolts() > 0) || Double.isInfinite(c.floatBitVolts())) {
            throw new IllegalArgumentException("record.openephys: floatBitVolts must be > 0, got " + c.floatBitVolts());
        }
        config = c;
        root = Path.of(d).toAbsolutePath().normalize();
        flushNanos = Math.round(c.flushSeconds() * 1e9);
        Object run = props.get(RUN_PROPERTY);
        acquisition = run == null ? null : run + " " + props.get(NodeProperties.NODE);
    }

    @Override
    public void prepare(List<StreamSpec> inputs, NodeContext ctx) throws Exception {
        lock.lock();
        try {
            prepareLocked(inputs, ctx);
        } finally {
            lock.unlock();
        }
        startFlusher();
    }

    private void prepareLocked(List<StreamSpec> inputs, NodeContext ctx) throws Exception {
        context = ctx;
        if (recording != null) {
            boolean same = inputs.equals(prepared);
            Path was = recording.dir;
            closeRecording();
            if (!same) {
                throw new IllegalStateException("record.openephys: the input streams changed while recording (was "
                        + prepared + ", now " + inputs + "); " + was + " was closed intact; restart the pipeline "
                        + "to record the new streams");
            }
        }
        for (StreamSpec s : inputs) {
            if (s.kind() == Kind.MATRIX_F32) {
                throw new IllegalArgumentException("record.openephys cannot record MATRIX_F32 stream " + s.name()
                        + ": the Open Ephys format has no place for it");
            }
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IOException("record.openephys: cannot create the recording folder " + root + ": " + e, e);
        }
        if (!Files.isWritable(root)) {
            throw new IOException("record.openephys: the recording folder " + root + " is not writable");
        }
        store = Files.getFileStore(root);
        long free = freeSpace.of(store);
        if (free < config.minFreeBytes()) {
            throw new IOException("record.openephys: only " + mib(free) + " free at " + root + " (" + store
                    + "), less than minFreeBytes = " + mib(config.minFreeBytes()) + "; refusing to record");
        }
        try {
            boolean first = experiment == null;
            if (first) {
                experiment = ExperimentFolder.create(root, config.recordNodeId(), acquisition);
            }
            recording = new OpenEphysRecording(
                    experiment.nextRecording(), inputs, config.recordNodeId(), config.floatBitVolts());
            if (first && !experiment.continued) {
                experiment.writeSettings(inputs, recording.placements(), config.recordNodeId());
            }
        } catch (IOException e) {
            throw new IOException("record.openephys: cannot start a recording under " + root + ": " + e, e);
        }
        prepared = List.copyOf(inputs);
        stopReason = null;
        saturationReported = false;
        staged = new boolean[inputs.size()];
        nextDue = Long.MAX_VALUE;
        lastFlushTook = 0;
        ctx.status(NodeStatus.OK, "recording to " + recording.dir);
    }

    @Override
    public void accept(Block in) {
        lock.lock();
        try {
            acceptLocked(in);
        } finally {
            lock.unlock();
        }
    }

    private void acceptLocked(Block in) {
        if (recording == null) {
            notRecorded++;
            return;
        }
        int i = in.input();
        if (i < 0 || i >= prepared.size()) {
            throw new IllegalArgumentException("record.openephys: block on input " + i + " but " + prepared.size()
                    + " input(s) were prepared: " + in);
        }
        StreamSpec s = prepared.get(i);
        if (in.kind() != s.kind()
                || in.channelCount() != s.channelCount()
                || (s.kind() == Kind.SPIKES && in.waveformLength() > s.waveformLength())) {
            notRecorded++;
            stop("stream " + s.name() + " changed shape while recording (expected " + s.kind() + " with "
                    + s.channelCount() + " channels, got " + in + ")");
            return;
        }
        try {
            recording.write(i, in);
        } catch (IOException e) {
            stop("cannot write stream " + s.name() + ": " + e);
            return;
        }
        long now = clock.getAsLong();
        if (!staged[i] && in.sampleCount() > 0) {
            staged[i] = true;
            // The deadline runs from the block's acquisition, so time spent queueing counts against
            // it; at most half an interval of queueing is credited (a recorder that far behind cannot
            // keep the bound anyway, and flushing at every block would only slow it further), and a
            // clock ahead of ours counts as now.
            long born = Math.max(Math.min(in.acqTimeNanos(), now), now - flushNanos / 2);
            long due = born + flushNanos - headroom();
            if (due < nextDue) {
                nextDue = due;
            }
        }
        if (now >= nextDue) {
            flushNow();
        }
    }

    /**
     * How long before a stream's deadline its flush starts: the last flush's duration (so that the
     * fsync too ends in time), at least a twentieth of the interval (the margin for the writes alone,
     * which is what a killed process needs), at most a quarter (so flushes stay at least 3/4 apart
     * and the timer, waking every quarter, meets every deadline).
     */
    private long headroom() {
        return Math.min(Math.max(lastFlushTook, flushNanos / 20), flushNanos / 4);
    }

    /**
     * Checks the flush deadline from the timer thread, for streams that fall quiet; a block being
     * accepted meanwhile checks it itself, so the timer never waits for the lock.
     */
    private void flushWhenDue() {
        while (!Thread.currentThread().isInterrupted()) {
            long wait = nextDue - clock.getAsLong();
            if (wait > 0) {
                // a deadline set meanwhile is at least flushNanos/4 away: waking that often meets it
                LockSupport.parkNanos(Math.min(wait, Math.min(flushNanos / 4, QUIET_CHECK_NANOS)));
                continue;
            }
            if (lock.tryLock()) {
                try {
                    if (recording != null && clock.getAsLong() >= nextDue) {
                        flushNow();
                    }
                } finally {
                    lock.unlock();
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void startFlusher() {
        if (!flushTimer || flusher != null) {
            return;
        }
        Thread t = new Thread(this::flushWhenDue, "record.openephys flush " + root);
        t.setDaemon(true);
        t.start();
        flusher = t;
    }

    private void stopFlusher() {
        Thread t = flusher;
        flusher = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void flushNow() {
        long start = clock.getAsLong();
        try {
            recording.flush();
        } catch (IOException e) {
            stop("cannot flush: " + e);
            return;
        }
        java.util.Arrays.fill(staged, false);
        nextDue = Long.MAX_VALUE;
        lastFlushTook = Math.max(0, clock.getAsLong() - start);
        reportSaturation();
        long free;
        try {
            free = freeSpace.of(store);
        } catch (IOException e) {
            stop("cannot read the free space of " + store + ": " + e);
            return;
        }
        if (free < config.minFreeBytes()) {
            stop("disk nearly full: " + mib(free) + " free at " + root + ", less than minFreeBytes = "
                    + mib(config.minFreeBytes()));
        }
    }

    private void reportSaturation() {
        if (saturationReported) {
            return;
        }
        for (int i = 0; i < prepared.size(); i++) {
            long n = saturated(i);
            if (n > 0) {
                saturationReported = true;
                context.status(
                        NodeStatus.OK,
                        "recording to " + recording.dir + "; " + n + " value(s) of "
                                + prepared.get(i).name() + " clamped to int16 (raise floatBitVolts)");
                return;
            }
        }
    }

    /** Values clamped to int16 on input {@code i} so far. */
    long saturated(int i) {
        if (recording == null) {
            return 0;
        }
        StreamWriter w = recording.writer(i);
        return w instanceof ContinuousWriter c ? c.saturated() : w instanceof SpikeWriter s ? s.saturated() : 0;
    }

    /** Ends the recording with its files closed intact and reports why; later blocks are not recorded. */
    private void stop(String why) {
        Path dir = recording.dir;
        String msg = "record.openephys stopped recording: " + why + "; " + dir + " holds everything up to here";
        try {
            recording.close();
        } catch (IOException e) {
            msg += " (closing failed too: " + e + "; run " + OpenEphysRecording.recoverCommand(dir) + ")";
        }
        recording = null;
        nextDue = Long.MAX_VALUE;
        stopReason = msg;
        context.status(NodeStatus.FAILED, msg);
    }

    private void closeRecording() throws IOException {
        OpenEphysRecording r = recording;
        recording = null;
        nextDue = Long.MAX_VALUE;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public void close() throws IOException {
        stopFlusher();
        lock.lock();
        try {
            closeRecording();
        } finally {
            lock.unlock();
        }
    }

    /** SCR disposes of the instance: the timer must not outlive it, even when close was never called. */
    @Deactivate
    void deactivate() {
        stopFlusher();
    }

    /** The recording being written, or null when stopped or closed (for tests). */
    OpenEphysRecording recording() {
        return recording;
    }

    /** Why recording stopped early, or null. */
    String stopReason() {
        return stopReason;
    }

    /** Blocks received but not recorded because recording had stopped. */
    long notRecorded() {
        return notRecorded;
    }

    /** The experiment folder of this instance, or null before the first prepare. */
    Path experimentDir() {
        return experiment == null ? null : experiment.dir;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
