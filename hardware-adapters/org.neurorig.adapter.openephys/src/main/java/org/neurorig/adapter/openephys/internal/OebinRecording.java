package org.neurorig.adapter.openephys.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.neurorig.api.ChannelInfo;
import org.neurorig.io.NpyFile;

/**
 * One continuous stream of an Open Ephys binary-format recording, checked before playback: its
 * {@code structure.oebin} entry (rate, channel names and {@code bit_volts}), {@code continuous.dat}
 * (int16, sample-major), the per-sample sample numbers ({@code sample_numbers.npy}, or for GUI
 * versions before 0.6 {@code timestamps.npy} holding int64 sample numbers) and the TTL events of
 * the stream. Every inconsistency is an {@link IOException} naming the file and what is wrong. A
 * recording that NeuroRig's recorder did not close cleanly (it holds {@value #RECOVERY_MARKER}) is
 * played with one warning naming the folder and the {@code neurorig recover} command, and an
 * inconsistency found in it names that command too.
 */
final class OebinRecording {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(OebinRecording.class.getName());
    /** Written by {@code record.openephys} while recording, removed on a clean close or by recover (docs/RECORDING.md). */
    static final String RECOVERY_MARKER = "RECOVERY_NEEDED.txt";

    final Path oebin;
    final String guiVersion;
    final String streamFolder;
    final double rate;
    final List<ChannelInfo> channels;
    final Path dat;
    final NpyFile sampleNumbers;
    final Path sampleNumbersFile;
    final long samples;
    /** TTL events sorted by sample number: sample, 0-based line, state (1 rising, 0 falling). */
    final long[] ttlSample;

    final int[] ttlLine;
    final int[] ttlState;
    final int ttlLines;

    private OebinRecording(
            Path oebin,
            String guiVersion,
            String streamFolder,
            double rate,
            List<ChannelInfo> channels,
            Path dat,
            Path sampleNumbersFile,
            NpyFile sampleNumbers,
            long samples,
            long[] ttlSample,
            int[] ttlLine,
            int[] ttlState) {
        this.oebin = oebin;
        this.guiVersion = guiVersion;
        this.streamFolder = streamFolder;
        this.rate = rate;
        this.channels = channels;
        this.dat = dat;
        this.sampleNumbersFile = sampleNumbersFile;
        this.sampleNumbers = sampleNumbers;
        this.samples = samples;
        this.ttlSample = ttlSample;
        this.ttlLine = ttlLine;
        this.ttlState = ttlState;
        this.ttlLines = Math.max(1, Arrays.stream(ttlLine).max().orElse(0) + 1);
    }

    /**
     * Finds the recording at or below {@code path} (the first {@code structure.oebin} in path order)
     * and the continuous stream named {@code stream}: its folder name with or without the trailing
     * slash, its {@code stream_name}, or its index; empty = the first stream.
     */
    static OebinRecording open(Path path, String stream) throws IOException {
        Path oebin = find(path);
        JsonNode root;
        try {
            root = JSON.readTree(oebin.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(
                    oebin + ": not valid JSON: " + e.getOriginalMessage() + " (line "
                            + e.getLocation().getLineNr() + ")",
                    e);
        }
        Path dir = oebin.getParent();
        String recover = "";
        if (Files.exists(dir.resolve(RECOVERY_MARKER))) {
            String command =
                    "neurorig recover '" + dir.toAbsolutePath().toString().replace("'", "'\\''") + "'";
            LOG.warning("playback.openephys: " + dir + " was not closed cleanly (it holds " + RECOVERY_MARKER
                    + "): its files may disagree in length; repair it first with: " + command);
            recover = " (" + dir + " was not closed cleanly: run " + command + ")";
        }
        JsonNode continuous = root.path("continuous");
        if (!continuous.isArray() || continuous.isEmpty()) {
            throw new IOException(oebin + ": no 'continuous' streams listed");
        }
        JsonNode s = select(oebin, continuous, stream);
        String folder = require(oebin, s, "folder_name").asText().replaceAll("/+$", "");
        double rate = require(oebin, s, "sample_rate").asDouble();
        if (!(rate > 0)) {
            throw new IOException(oebin + ": stream " + folder + " has sample_rate " + rate);
        }
        int count = require(oebin, s, "num_channels").asInt();
        JsonNode chans = s.path("channels");
        if (!chans.isArray() || chans.size() != count) {
            throw new IOException(oebin + ": stream " + folder + " declares num_channels " + count + " but lists "
                    + chans.size() + " channels");
        }
        List<ChannelInfo> channels = new ArrayList<>();
        for (JsonNode c : chans) {
            String units = c.path("units").asText("");
            channels.add(ChannelInfo.of(
                    c.path("channel_name").asText("CH" + channels.size()),
                    units.isEmpty() ? "uV" : units,
                    c.path("bit_volts").asDouble(1.0)));
        }
        Path cdir = dir.resolve("continuous").resolve(folder);
        Path dat = cdir.resolve("continuous.dat");
        if (!Files.isRegularFile(dat)) {
            throw new NoSuchFileException(
                    dat.toString(), null, "missing continuous.dat of stream " + folder + " listed in " + oebin);
        }
        long bytes = Files.size(dat);
        long frame = 2L * count;
        if (bytes % frame != 0) {
            throw new IOException(dat + ": " + bytes + " bytes is not a whole number of " + count
                    + "-channel int16 samples (" + frame + " bytes each): the file is truncated or the channel count "
                    + "in " + oebin.getFileName() + " is wrong" + recover);
        }
        long samples = bytes / frame;
        Path sn = cdir.resolve("sample_numbers.npy");
        if (!Files.exists(sn)) {
            Path ts = cdir.resolve("timestamps.npy");
            if (!Files.exists(ts)) {
                throw new NoSuchFileException(
                        sn.toString(),
                        null,
                        "missing sample numbers: neither sample_numbers.npy nor timestamps.npy (GUI < 0.6) in " + cdir);
            }
            NpyFile t = NpyFile.open(ts);
            if (!t.isInt64()) {
                throw new IOException(ts + ": holds " + t.dtype() + " seconds, not int64 sample numbers, and "
                        + "sample_numbers.npy is missing beside it");
            }
            sn = ts;
        }
        NpyFile numbers = NpyFile.open(sn);
        if (!numbers.isInt64()) {
            throw new IOException(sn + ": expected int64 sample numbers, found dtype " + numbers.dtype());
        }
        if (numbers.count() != samples) {
            throw new IOException(sn + ": holds " + numbers.count() + " sample numbers but " + dat.getFileName()
                    + " holds " + samples + " samples of " + count + " channels (" + bytes + " bytes)" + recover);
        }
        String gui = root.path("GUI version").asText("");
        List<long[]> events = readTtl(oebin, root.path("events"), s, continuous);
        return new OebinRecording(
                oebin,
                gui,
                folder,
                rate,
                List.copyOf(channels),
                dat,
                sn,
                numbers,
                samples,
                events.get(0),
                toInts(events.get(1)),
                toInts(events.get(2)));
    }

    private static Path find(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "recording path does not exist");
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().equals("structure.oebin")) {
            return path;
        }
        try (Stream<Path> s = Files.walk(path, 6)) {
            return s.filter(p -> p.getFileName().toString().equals("structure.oebin"))
                    .min(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new NoSuchFileException(
                            path.toString(),
                            null,
                            "no structure.oebin at or below this folder: not an Open Ephys binary-format recording"));
        }
    }

    private static JsonNode select(Path oebin, JsonNode continuous, String stream) throws IOException {
        if (stream == null || stream.isBlank()) {
            return continuous.get(0);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode s : continuous) {
            String folder = s.path("folder_name").asText().replaceAll("/+$", "");
            names.add(folder);
            if (folder.equals(stream) || stream.equals(s.path("stream_name").asText(null))) {
                return s;
            }
        }
        if (stream.matches("\\d+") && Integer.parseInt(stream) < continuous.size()) {
            return continuous.get(Integer.parseInt(stream));
        }
        throw new IOException(oebin + ": no continuous stream '" + stream + "'; it has " + names);
    }

    private static JsonNode require(Path oebin, JsonNode node, String key) throws IOException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new IOException(oebin + ": a continuous stream has no '" + key + "'");
        }
        return v;
    }

    /**
     * TTL events of every int16 event channel of the stream (all of them before GUI 0.6, whose
     * entries carry no stream name). GUI ≥ 0.6: {@code sample_numbers.npy} + {@code states.npy}
     * (±line, 1-based); earlier: {@code timestamps.npy} (int64 sample numbers) +
     * {@code channel_states.npy}.
     */
    private static List<long[]> readTtl(Path oebin, JsonNode events, JsonNode stream, JsonNode continuous)
            throws IOException {
        String streamName = stream.path("stream_name").asText(null);
        Set<String> dataStreams = new HashSet<>();
        for (JsonNode c : continuous) {
            dataStreams.add(c.path("stream_name").asText(""));
        }
        List<long[]> rows = new ArrayList<>();
        for (JsonNode e : events) {
            if (!"int16".equals(e.path("type").asText())) {
                continue;
            }
            if (!belongsTo(e, stream, streamName, dataStreams)) {
                continue;
            }
            Path d = oebin.getParent()
                    .resolve("events")
                    .resolve(e.path("folder_name").asText().replaceAll("/+$", ""));
            Path samples = d.resolve("sample_numbers.npy");
            Path states = d.resolve("states.npy");
            if (!Files.exists(samples)) {
                samples = d.resolve("timestamps.npy");
                states = d.resolve("channel_states.npy");
            }
            NpyFile sn = NpyFile.open(samples);
            NpyFile st = NpyFile.open(states);
            if (!sn.isInt64()) {
                throw new IOException(samples + ": expected int64 sample numbers, found dtype " + sn.dtype());
            }
            long[] at = sn.readLongs(samples);
            long[] state = st.readLongs(states);
            if (at.length != state.length) {
                throw new IOException(states + ": " + state.length + " states for " + at.length + " events in "
                        + samples.getFileName());
            }
            for (int i = 0; i < at.length; i++) {
                if (state[i] == 0) {
                    throw new IOException(states + ": event " + i + " has state 0 (expected ±line)");
                }
                rows.add(new long[] {at[i], Math.abs(state[i]) - 1, state[i] > 0 ? 1 : 0});
            }
        }
        rows.sort(Comparator.comparingLong(r -> r[0])); // stable: same-sample events keep file order
        long[] s = new long[rows.size()];
        long[] l = new long[rows.size()];
        long[] v = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            s[i] = rows.get(i)[0];
            l[i] = rows.get(i)[1];
            v[i] = rows.get(i)[2];
        }
        return List.of(s, l, v);
    }

    /**
     * Whether TTL entry {@code e} is on the clock of the played stream. The GUI names the data
     * stream an event channel belongs to in its {@code stream_name}; a recorder that keeps events as
     * a stream of their own (NeuroRig's {@code record.openephys}: {@code probe.ttl} beside
     * {@code probe.ap}) names that event stream instead, which is no data stream of the recording:
     * such an entry belongs to the played stream when it comes from the same source processor at the
     * same sample rate.
     */
    private static boolean belongsTo(JsonNode e, JsonNode stream, String streamName, Set<String> dataStreams) {
        String es = e.path("stream_name").asText(null);
        if (streamName == null || es == null || streamName.equals(es)) {
            return true;
        }
        if (dataStreams.contains(es)) {
            return false;
        }
        return e.path("source_processor")
                        .asText("")
                        .equals(stream.path("source_processor_name").asText(null))
                && e.path("sample_rate").asDouble(-1)
                        == stream.path("sample_rate").asDouble(-2);
    }

    private static int[] toInts(long[] a) {
        return Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
    }
}
