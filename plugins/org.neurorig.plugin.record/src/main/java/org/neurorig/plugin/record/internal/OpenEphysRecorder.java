package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeProperties;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code record.openephys}: a lossless sink that records every input stream in the Open Ephys
 * binary format as the GUI 0.6.x writes it ({@code docs/RECORDING.md}). Each instance is one
 * experiment ({@code experiment<N>}); each {@code prepare} starts a recording
 * ({@code recording<M>}). Data is flushed, the {@code .npy} headers made consistent and fsynced
 * every {@code flushSeconds}, so a crash loses at most that much once {@code neurorig recover} has
 * repaired the folder. A full disk, an unwritable file or a stream changing shape stops the
 * recording with the files closed intact and the node FAILED with a message naming the path; later
 * blocks are counted as not recorded, never half-written.
 */
@Designate(ocd = OpenEphysRecorderConfig.class, factory = true)
@Component(name = "record.openephys", configurationPid = "record.openephys",
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Sink.class,
        property = {NodeProperties.TYPE + "=record.openephys", NodeProperties.INPUTS + "=CONTINUOUS_I16",
                NodeProperties.INPUTS + "=CONTINUOUS_F32", NodeProperties.INPUTS + "=EVENTS",
                NodeProperties.INPUTS + "=SPIKES", NodeProperties.DELIVERY + "=lossless"})
public final class OpenEphysRecorder implements Sink {
    /** Host clock for the flush interval; tests replace it to stay independent of timing. */
    LongSupplier clock = System::nanoTime;
    /** Free bytes at the destination; tests replace it to simulate a filling disk. */
    FreeSpace freeSpace = FileStore::getUsableSpace;

    /** Reads the usable space of a file store. */
    interface FreeSpace {
        long of(FileStore store) throws IOException;
    }

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
    private long lastFlush;
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
            recording = new OpenEphysRecording(experiment.nextRecording(), inputs, config.recordNodeId(),
                    config.floatBitVolts());
            if (first && !experiment.continued) {
                experiment.writeSettings(inputs, recording.placements(), config.recordNodeId());
            }
        } catch (IOException e) {
            throw new IOException("record.openephys: cannot start a recording under " + root + ": " + e, e);
        }
        prepared = List.copyOf(inputs);
        stopReason = null;
        saturationReported = false;
        lastFlush = clock.getAsLong();
        ctx.status(NodeStatus.OK, "recording to " + recording.dir);
    }

    @Override
    public void accept(Block in) {
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
        if (in.kind() != s.kind() || in.channelCount() != s.channelCount()
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
        if (clock.getAsLong() - lastFlush >= flushNanos) {
            flushNow();
        }
    }

    private void flushNow() {
        lastFlush = clock.getAsLong();
        try {
            recording.flush(true);
        } catch (IOException e) {
            stop("cannot flush: " + e);
            return;
        }
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
                context.status(NodeStatus.OK, "recording to " + recording.dir + "; " + n + " value(s) of "
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
            msg += " (closing failed too: " + e + "; run 'neurorig recover " + dir + "')";
        }
        recording = null;
        stopReason = msg;
        context.status(NodeStatus.FAILED, msg);
    }

    private void closeRecording() throws IOException {
        OpenEphysRecording r = recording;
        recording = null;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeRecording();
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
