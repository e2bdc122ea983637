package org.neurorig.plugin.record.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.io.AtomicFile;

/**
 * One {@code recording<M>} folder in the Open Ephys binary format (GUI 0.6.x): creates the
 * folders and files for the given input streams, writes {@code structure.oebin} at once (it
 * depends only on the streams' shapes), {@code sync_messages.txt} when each stream's first sample
 * is known, and {@code gaps.json} whenever a gap was found. Small files are written atomically
 * (temporary file, fsync, move) so that a crash never leaves half of one. While it is open the
 * folder holds {@link #RECOVERY_MARKER}, removed once every file is closed intact, so that a
 * recording left behind by a crash says so to whoever opens it.
 */
final class OpenEphysRecording {
    static final String GUI_VERSION = "0.6.7";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * Present while a recording is written and after a crash, until {@code neurorig recover}; the
     * Open Ephys playback looks for the same name (docs/RECORDING.md).
     */
    static final String RECOVERY_MARKER = "RECOVERY_NEEDED.txt";

    /** Where each input goes: its folder name {@code <src>-<id>.<stream>} and source processor. */
    record Placement(String folder, String source, int sourceId, String stream) {}

    final Path dir;
    private final List<StreamSpec> inputs;
    private final int recordNodeId;
    private final List<Placement> placements;
    private final StreamWriter[] writers;
    private final MessageWriter messages;
    private final GapLog gaps;
    private final long startMillis;
    private final long[] firstSample;
    private final boolean[] started;
    private final double[][] bitVolts;

    /**
     * Creates {@code dir} (which must not exist) and every file in it.
     *
     * @param floatBitVolts scale of float streams when stored as int16 ({@code bit_volts})
     */
    OpenEphysRecording(Path dir, List<StreamSpec> inputs, int recordNodeId, double floatBitVolts) throws IOException {
        this.dir = dir;
        this.inputs = List.copyOf(inputs);
        this.recordNodeId = recordNodeId;
        this.placements = place(inputs, recordNodeId);
        this.startMillis = System.currentTimeMillis();
        this.firstSample = new long[inputs.size()];
        this.started = new boolean[inputs.size()];
        this.bitVolts = new double[inputs.size()][];
        Files.createDirectory(dir);
        AtomicFile.write(dir.resolve(RECOVERY_MARKER), recoveryNote(dir).getBytes(StandardCharsets.UTF_8));
        messages = new MessageWriter(Files.createDirectories(dir.resolve("events/MessageCenter")));
        writers = new StreamWriter[inputs.size()];
        try {
            for (int i = 0; i < inputs.size(); i++) {
                StreamSpec s = inputs.get(i);
                bitVolts[i] = bitVolts(s, floatBitVolts);
                String folder = placements.get(i).folder();
                writers[i] = switch (s.kind()) {
                    case CONTINUOUS_I16, CONTINUOUS_F32 -> new ContinuousWriter(
                            Files.createDirectories(dir.resolve("continuous").resolve(folder)), s, bitVolts[i]);
                    case EVENTS -> new EventWriter(
                            Files.createDirectories(
                                    dir.resolve("events").resolve(folder).resolve("TTL")),
                            s,
                            messages);
                    case SPIKES -> new SpikeWriter(
                            Files.createDirectories(dir.resolve("spikes").resolve(folder)), s, bitVolts[i]);
                    default -> throw new IllegalArgumentException("record.openephys cannot record " + s.kind()
                            + " stream " + s.name() + ": it records CONTINUOUS_I16, CONTINUOUS_F32, EVENTS, SPIKES");
                };
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
        gaps = new GapLog(inputs);
        AtomicFile.write(dir.resolve("structure.oebin"), JSON.writeValueAsBytes(structure()));
        writeSyncMessages();
        writeGaps();
    }

    private static double[] bitVolts(StreamSpec s, double floatBitVolts) {
        double[] bv = new double[s.channelCount()];
        for (int c = 0; c < bv.length; c++) {
            double v = s.channels().get(c).bitVolts();
            // float samples are in units: store them as int16 at the configured resolution
            bv[c] = s.kind() == Kind.CONTINUOUS_I16 && v > 0
                    ? v
                    : s.kind() == Kind.SPIKES && v > 0 && v != 1.0 ? v : floatBitVolts;
        }
        return bv;
    }

    /** Folder names and source processor ids for the inputs, in input order. */
    static List<Placement> place(List<StreamSpec> inputs, int recordNodeId) {
        Map<String, Integer> ids = new HashMap<>();
        Set<String> folders = new HashSet<>();
        List<Placement> out = new ArrayList<>();
        int next = 100;
        for (StreamSpec s : inputs) {
            String name = s.name();
            int dot = name.indexOf('.');
            String node = dot < 0 ? name : name.substring(0, dot);
            String stream = dot < 0 ? name : name.substring(dot + 1);
            String source = s.source().isEmpty() ? node : s.source();
            Integer id = ids.get(source);
            if (id == null) {
                if (next == recordNodeId) {
                    next++;
                }
                id = next++;
                ids.put(source, id);
            }
            String base = source.replace(' ', '_') + "-" + id + "." + stream;
            String folder = base;
            for (int k = 2; !folders.add(folder); k++) {
                folder = base + "_" + k; // the same stream wired twice
            }
            out.add(new Placement(folder, source, id, stream));
        }
        return out;
    }

    /** Gap and continuity check, then the write. Shape was checked by the caller. */
    void write(int input, Block b) throws IOException {
        gaps.check(input, b);
        if (!started[input] && (b.sampleCount() > 0)) {
            started[input] = true;
            firstSample[input] = b.kind().isDense() ? b.firstSample() : b.itemSample()[0];
            writeSyncMessages();
        }
        writers[input].write(b);
    }

    /**
     * Makes every stream durable up to here: first all staged data and headers go to the operating
     * system (from then on a killed process loses nothing written so far), then every file is fsynced
     * (a power cut neither). Writing every stream before any fsync keeps one stream's slow fsync
     * from delaying the others: fsyncing stream by stream left the last streams a whole fsync time
     * beyond the flush interval.
     */
    void flush() throws IOException {
        for (StreamWriter w : writers) {
            w.flush();
        }
        messages.flush();
        if (gaps.takeChanged()) {
            writeGaps();
        }
        for (StreamWriter w : writers) {
            w.force();
        }
        messages.force();
    }

    /** Flushes with fsync and closes every file; the recording is complete and consistent after it. */
    void close() throws IOException {
        IOException first = null;
        for (StreamWriter w : writers) {
            try {
                if (w != null) {
                    w.close();
                }
            } catch (IOException e) {
                first = keep(first, e);
            }
        }
        try {
            messages.close();
        } catch (IOException e) {
            first = keep(first, e);
        }
        try {
            if (gaps != null) {
                writeGaps();
            }
        } catch (IOException e) {
            first = keep(first, e);
        }
        if (first != null) {
            throw first; // the marker stays: the files may disagree
        }
        Files.deleteIfExists(dir.resolve(RECOVERY_MARKER));
    }

    /** What {@link #RECOVERY_MARKER} says: why it is there and the command that repairs the folder. */
    static String recoveryNote(Path dir) {
        return "This Open Ephys recording was not closed cleanly, or is still being written. NeuroRig's recorder "
                + "writes this file when it starts a recording and removes it when it has closed every file intact. "
                + "If the recorder was killed or the machine lost power, the data is on disk up to the last flush "
                + "(flushSeconds), but the .dat and .npy files of a stream may disagree in length, and readers (the "
                + "Open Ephys tools, Neo, SpikeInterface) may read them without a warning. Repair it, once nothing "
                + "writes to it any more, with\n\n    " + recoverCommand(dir) + "\n\nwhich cuts every file to the "
                + "rows all of a stream's files hold, fixes the .npy headers and removes this file.\n";
    }

    /** The command line that repairs {@code dir}, quoted for a POSIX shell. */
    static String recoverCommand(Path dir) {
        return "neurorig recover '" + dir.toAbsolutePath().toString().replace("'", "'\\''") + "'";
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // already failing; the first error is the one to report
        }
    }

    private static IOException keep(IOException first, IOException e) {
        if (first == null) {
            return e;
        }
        first.addSuppressed(e);
        return first;
    }

    /** Bytes of data written so far, all streams. */
    long bytes() {
        long b = messages.bytes();
        for (StreamWriter w : writers) {
            b += w.bytes();
        }
        return b;
    }

    StreamWriter writer(int input) {
        return writers[input];
    }

    GapLog gaps() {
        return gaps;
    }

    List<Placement> placements() {
        return placements;
    }

    /** The {@code structure.oebin} document, field names as the GUI 0.6.7 writes them. */
    ObjectNode structure() {
        ObjectNode root = JSON.createObjectNode();
        root.put("GUI version", GUI_VERSION);
        ArrayNode continuous = root.putArray("continuous");
        ArrayNode events = root.putArray("events");
        ArrayNode spikes = root.putArray("spikes");
        for (int i = 0; i < inputs.size(); i++) {
            StreamSpec s = inputs.get(i);
            Placement p = placements.get(i);
            String history = p.source() + " -> Record Node";
            switch (s.kind()) {
                case CONTINUOUS_I16, CONTINUOUS_F32 -> {
                    ObjectNode c = continuous.addObject();
                    c.put("folder_name", p.folder() + "/");
                    c.put("sample_rate", s.sampleRate());
                    c.put("source_processor_name", p.source());
                    c.put("source_processor_id", p.sourceId());
                    c.put("stream_name", p.stream());
                    c.put("recorded_processor", "Record Node");
                    c.put("recorded_processor_id", recordNodeId);
                    c.put("num_channels", s.channelCount());
                    ArrayNode chans = c.putArray("channels");
                    for (int ch = 0; ch < s.channelCount(); ch++) {
                        ChannelInfo info = s.channels().get(ch);
                        ObjectNode o = chans.addObject();
                        o.put("channel_name", info.name());
                        o.put(
                                "description",
                                s.kind() == Kind.CONTINUOUS_F32
                                        ? "float32 stream stored as int16 (x bit_volts)"
                                        : "int16 stream");
                        o.put("identifier", s.name());
                        o.put("history", history);
                        o.put("bit_volts", bitVolts[i][ch]);
                        o.put("units", info.units());
                        if (info.hasPosition()) { // for Kilosort channel maps; readers ignore extra keys
                            o.put("x", info.x());
                            o.put("y", info.y());
                        }
                    }
                }
                case EVENTS -> {
                    ObjectNode e = events.addObject();
                    e.put("folder_name", p.folder() + "/TTL/");
                    e.put("channel_name", s.name());
                    e.put("description", "TTL edges of stream " + s.name());
                    e.put("identifier", s.name());
                    e.put("sample_rate", s.sampleRate());
                    e.put("type", "int16");
                    e.put("source_processor", p.source());
                    e.put("stream_name", p.stream());
                    e.put("initial_state", 0);
                }
                case SPIKES -> {
                    ObjectNode e = spikes.addObject();
                    e.put("name", s.name());
                    e.put("description", "Spikes of stream " + s.name() + "; electrode_indices = channel");
                    e.put("identifier", p.sourceId() + "|" + p.stream() + "|" + s.name());
                    e.put("source_processor_id", p.sourceId());
                    e.put("stream_name", p.stream());
                    e.put("sample_rate", s.sampleRate());
                    e.put("num_channels", 1);
                    e.put("pre_peak_samples", 0);
                    e.put("post_peak_samples", s.waveformLength());
                    e.put("folder", p.folder() + "/");
                    ArrayNode chans = e.putArray("source_channels");
                    for (int ch = 0; ch < s.channelCount(); ch++) {
                        ObjectNode o = chans.addObject();
                        o.put("name", s.channels().get(ch).name());
                        o.put("local_index", ch);
                        o.put("bit_volts", bitVolts[i][ch]);
                    }
                }
                default -> throw new IllegalStateException(s.kind().name());
            }
        }
        ObjectNode m = events.addObject();
        m.put("folder_name", "MessageCenter/");
        m.put("channel_name", "Messages");
        m.put("description", "Text events of every recorded event stream");
        m.put("identifier", "messagecenter.events");
        m.put(
                "sample_rate",
                inputs.stream()
                        .filter(s -> s.kind().isDense())
                        .mapToDouble(StreamSpec::sampleRate)
                        .findFirst()
                        .orElse(0));
        m.put("type", "string");
        m.put("source_processor", "Message Center");
        m.put("stream_name", "");
        return root;
    }

    private void writeSyncMessages() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("Software Time (milliseconds since midnight Jan 1st 1970 UTC): ")
                .append(startMillis)
                .append('\n');
        for (int i = 0; i < inputs.size(); i++) {
            StreamSpec s = inputs.get(i);
            if (started[i] && s.kind().isDense()) {
                Placement p = placements.get(i);
                sb.append("Start Time for ")
                        .append(p.source())
                        .append(" (")
                        .append(p.sourceId())
                        .append(") - ")
                        .append(p.stream())
                        .append(" @ ")
                        .append(Math.round(s.sampleRate()))
                        .append(" Hz: ")
                        .append(firstSample[i])
                        .append('\n');
            }
        }
        AtomicFile.write(dir.resolve("sync_messages.txt"), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeGaps() throws IOException {
        AtomicFile.write(dir.resolve("gaps.json"), JSON.writeValueAsBytes(gaps.toJson()));
    }
}
