package org.neurorig.plugin.record.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurorig.io.NpyFile;

/**
 * Makes an Open Ephys binary recording readable after its writer was killed: in every data folder
 * the files are cut to the number of rows that all of them hold completely (so sample numbers,
 * timestamps and samples stay aligned) and each {@code .npy} header is rewritten to state that
 * number. Channel counts of {@code continuous.dat} come from {@code structure.oebin}, which the
 * recorder writes atomically at the start. Leftover {@code *.tmp} files of atomic writes are removed,
 * and so is the recorder's {@code RECOVERY_NEEDED.txt} once every folder of the recording was repaired.
 * Repairing a consistent recording changes nothing.
 */
final class RecordingRepair {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=]?)([a-zA-Z])(\\d+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    /** dtypes by file name, for a header that did not survive. */
    private static final Map<String, String> DEFAULT_DESCR = Map.of(
            "sample_numbers.npy",
            "<i8",
            "timestamps.npy",
            "<f8",
            "states.npy",
            "<i2",
            "full_words.npy",
            "<u8",
            "text.npy",
            "|S" + MessageWriter.TEXT_BYTES,
            "electrode_indices.npy",
            "<u2",
            "clusters.npy",
            "<u2",
            "waveforms.npy",
            "<i2");

    /** What was done to one folder. */
    record Result(Path folder, long rows, List<String> changes, String problem) {}

    private final List<Result> results = new ArrayList<>();
    private final List<Path> markersRemoved = new ArrayList<>();

    /** Repairs every recording folder (one holding {@code structure.oebin}) under {@code dir}. */
    List<Result> repairAll(Path dir) throws IOException {
        List<Path> recordings;
        try (Stream<Path> s = Files.walk(dir)) {
            recordings = s.filter(p -> p.getFileName() != null
                            && p.getFileName().toString().equals("structure.oebin"))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        }
        for (Path r : recordings) {
            repairRecording(r);
        }
        return results;
    }

    /** Repairs one {@code recording<M>} folder. */
    List<Result> repairRecording(Path rec) throws IOException {
        int before = results.size();
        try (Stream<Path> s = Files.list(rec)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().endsWith(".tmp")) {
                    Files.delete(p);
                }
            }
        }
        JsonNode oebin;
        try {
            oebin = OpenEphysRecording.JSON.readTree(
                    rec.resolve("structure.oebin").toFile());
        } catch (IOException e) {
            results.add(new Result(rec, 0, List.of(), "structure.oebin unreadable: " + e.getMessage()));
            // the marker stays: this recording still needs someone's attention
            return results;
        }
        Map<String, Integer> channels = new HashMap<>();
        Map<String, Integer> waveformLength = new HashMap<>();
        for (JsonNode c : oebin.path("continuous")) {
            channels.put(
                    strip(c.path("folder_name").asText()),
                    c.path("num_channels").asInt());
        }
        for (JsonNode c : oebin.path("spikes")) {
            waveformLength.put(
                    strip(c.path("folder").asText()),
                    c.path("pre_peak_samples").asInt()
                            + c.path("post_peak_samples").asInt());
        }
        for (Path folder : dataFolders(rec.resolve("continuous"))) {
            Integer ch = channels.get(folder.getFileName().toString());
            if (ch == null) {
                results.add(new Result(folder, 0, List.of(), "not listed in structure.oebin; left as it is"));
                continue;
            }
            repairFolder(folder, ch, 0);
        }
        for (Path folder : dataFolders(rec.resolve("events"))) {
            repairFolder(folder, 0, 0);
        }
        for (Path folder : dataFolders(rec.resolve("spikes"))) {
            repairFolder(
                    folder, 0, waveformLength.getOrDefault(folder.getFileName().toString(), -1));
        }
        boolean repaired = results.subList(before, results.size()).stream().allMatch(r -> r.problem() == null);
        if (repaired && Files.deleteIfExists(rec.resolve(OpenEphysRecording.RECOVERY_MARKER))) {
            markersRemoved.add(rec);
        }
        return results;
    }

    /** Recordings whose {@code RECOVERY_NEEDED.txt} was removed because they are whole again. */
    List<Path> markersRemoved() {
        return markersRemoved;
    }

    private static String strip(String folderName) {
        String f = folderName.endsWith("/") ? folderName.substring(0, folderName.length() - 1) : folderName;
        int slash = f.indexOf('/');
        return slash < 0 ? f : f.substring(0, slash);
    }

    /** Folders under {@code top} that directly hold data files (.npy or .dat), any depth. */
    private static List<Path> dataFolders(Path top) throws IOException {
        if (!Files.isDirectory(top)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(top)) {
            return s.filter(Files::isDirectory)
                    .filter(RecordingRepair::holdsData)
                    .sorted()
                    .toList();
        }
    }

    private static boolean holdsData(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.toString().endsWith(".npy") || p.toString().endsWith(".dat"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Cuts the folder's files to their common complete row count and fixes the headers.
     *
     * @param datChannels channels of {@code continuous.dat} (0 when there is none)
     * @param waveformLength samples per waveform for a spike folder whose header is lost (-1 unknown)
     */
    private void repairFolder(Path folder, int datChannels, int waveformLength) throws IOException {
        List<String> changes = new ArrayList<>();
        Map<Path, Npy> arrays = new HashMap<>();
        long rows = Long.MAX_VALUE;
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".npy")) {
                    Npy a = Npy.read(p, waveformLength);
                    if (a == null) {
                        results.add(new Result(folder, 0, changes, name + ": header unreadable and dtype unknown"));
                        return;
                    }
                    arrays.put(p, a);
                    rows = Math.min(rows, a.completeRows);
                }
            }
        }
        Path dat = folder.resolve("continuous.dat");
        long datRowBytes = 2L * datChannels;
        if (datChannels > 0 && Files.exists(dat)) {
            rows = Math.min(rows, Files.size(dat) / datRowBytes);
        }
        if (rows == Long.MAX_VALUE) {
            rows = 0;
        }
        for (Map.Entry<Path, Npy> e : arrays.entrySet()) {
            Npy a = e.getValue();
            long want = NpyFile.HEADER_BYTES + rows * a.rowBytes;
            String name = e.getKey().getFileName().toString();
            if (a.size != want) {
                truncate(e.getKey(), want);
                changes.add(name + ": " + (a.size - want) + " trailing bytes cut");
            }
            if (a.headerRows != rows || !a.headerOk) {
                writeHeader(e.getKey(), NpyFile.header(a.descr, rows, a.rowShape));
                changes.add(name + ": header shape " + (a.headerOk ? a.headerRows : "unreadable") + " -> " + rows);
            }
        }
        if (datChannels > 0 && Files.exists(dat)) {
            long want = rows * datRowBytes;
            long size = Files.size(dat);
            if (size != want) {
                truncate(dat, want);
                changes.add("continuous.dat: " + (size - want) + " trailing bytes cut (" + (size - want) / datRowBytes
                        + " samples without sample numbers)");
            }
        }
        results.add(new Result(folder, rows, changes, null));
    }

    private static void truncate(Path p, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }

    private static void writeHeader(Path p, byte[] header) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(header);
            long at = 0;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
            ch.force(true);
        }
    }

    /** What a .npy file says about itself and how many complete rows it holds. */
    private record Npy(
            String descr,
            int[] rowShape,
            long rowBytes,
            long headerRows,
            boolean headerOk,
            long size,
            long completeRows) {
        static Npy read(Path p, int waveformLength) throws IOException {
            long size = Files.size(p);
            byte[] head = new byte[(int) Math.min(size, NpyFile.HEADER_BYTES)];
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.wrap(head);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // read the whole header
                }
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(text);
            Matcher s = SHAPE.matcher(text);
            boolean ok = head.length == NpyFile.HEADER_BYTES && text.startsWith("\u0093NUMPY") && d.find() && s.find();
            String descr;
            int[] rowShape;
            long headerRows = -1;
            if (ok) {
                descr = d.group(1) + d.group(2) + d.group(3);
                String[] dims = s.group(1).split(",");
                List<Integer> trailing = new ArrayList<>();
                for (int i = 0; i < dims.length; i++) {
                    String t = dims[i].trim();
                    if (t.isEmpty()) {
                        continue;
                    }
                    if (i == 0) {
                        headerRows = Long.parseLong(t);
                    } else {
                        trailing.add(Integer.parseInt(t));
                    }
                }
                rowShape = trailing.stream().mapToInt(Integer::intValue).toArray();
            } else {
                descr = DEFAULT_DESCR.get(p.getFileName().toString());
                if (descr == null || (p.getFileName().toString().equals("waveforms.npy") && waveformLength < 0)) {
                    return null;
                }
                rowShape =
                        p.getFileName().toString().equals("waveforms.npy") ? new int[] {1, waveformLength} : new int[0];
            }
            Matcher m = DESCR.matcher("'descr': '" + descr + "'");
            m.find();
            long rowBytes = Long.parseLong(m.group(3));
            for (int dim : rowShape) {
                rowBytes *= dim;
            }
            long data = Math.max(0, size - NpyFile.HEADER_BYTES);
            long complete = rowBytes == 0 ? Math.max(0, headerRows) : data / rowBytes;
            return new Npy(descr, rowShape, rowBytes, headerRows, ok, size, complete);
        }
    }
}
