package org.neurorig.adapter.spikeglx.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurorig.api.ChannelInfo;

/**
 * A SpikeGLX recording's {@code .meta} file and its {@code .bin}, checked against each other:
 * channel count ({@code nSavedChans}), rate ({@code imSampRate} or {@code niSampRate}), first
 * sample, per-channel names ({@code ~snsChanMap} of the saved subset), scale and probe geometry.
 * Imec streams are in µV: {@code imAiRangeMax / imMaxInt / gain × 1e6}, with the gain from
 * {@code ~imroTbl} (Neuropixels 1.0) or {@code imChan0apGain}/{@code imChan0lfGain}; the sync word has
 * {@code bitVolts} 1. NI-DAQ analog channels are in V: {@code niAiRangeMax / 32768 / gain}.
 */
final class SpikeGlxMeta {
    private static final Pattern ENTRY = Pattern.compile("\\(([^)]*)\\)");

    final Path meta;
    final Path bin;
    final Map<String, String> values;
    final int channels;
    final double rate;
    final long firstSample;
    final long samples;
    final List<ChannelInfo> channelInfo;

    private SpikeGlxMeta(
            Path meta,
            Path bin,
            Map<String, String> values,
            int channels,
            double rate,
            long firstSample,
            long samples,
            List<ChannelInfo> channelInfo) {
        this.meta = meta;
        this.bin = bin;
        this.values = values;
        this.channels = channels;
        this.rate = rate;
        this.firstSample = firstSample;
        this.samples = samples;
        this.channelInfo = channelInfo;
    }

    /** Opens {@code path}: a {@code .bin}, a {@code .meta}, or a folder (its first {@code *.ap.bin}, else {@code *.bin}). */
    static SpikeGlxMeta open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "recording path does not exist");
        }
        Path bin = path;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                List<Path> bins = s.filter(p -> p.getFileName().toString().endsWith(".bin"))
                        .sorted()
                        .toList();
                bin = bins.stream()
                        .filter(p -> p.getFileName().toString().endsWith(".ap.bin"))
                        .findFirst()
                        .orElse(bins.isEmpty() ? null : bins.get(0));
            }
            if (bin == null) {
                throw new NoSuchFileException(path.toString(), null, "no SpikeGLX .bin file in this folder");
            }
        }
        String name = bin.getFileName().toString();
        String stem = name.replaceAll("\\.(bin|meta)$", "");
        Path meta = bin.resolveSibling(stem + ".meta");
        bin = bin.resolveSibling(stem + ".bin");
        if (!Files.isRegularFile(meta)) {
            throw new NoSuchFileException(meta.toString(), null, "missing SpikeGLX .meta beside " + bin.getFileName());
        }
        if (!Files.isRegularFile(bin)) {
            throw new NoSuchFileException(bin.toString(), null, "missing SpikeGLX .bin beside " + meta.getFileName());
        }
        Map<String, String> v = parse(meta);
        int channels = (int) number(meta, v, "nSavedChans");
        boolean imec = v.containsKey("imSampRate");
        double rate = number(meta, v, imec ? "imSampRate" : "niSampRate");
        if (channels < 1 || !(rate > 0)) {
            throw new IOException(meta + ": nSavedChans=" + channels + " and sample rate " + rate + " must be > 0");
        }
        long bytes = Files.size(bin);
        if (v.containsKey("fileSizeBytes") && (long) number(meta, v, "fileSizeBytes") != bytes) {
            throw new IOException(bin + ": " + bytes + " bytes, but " + meta.getFileName() + " says fileSizeBytes="
                    + v.get("fileSizeBytes") + " (truncated or not the file the .meta describes)");
        }
        long frame = 2L * channels;
        if (bytes % frame != 0) {
            throw new IOException(bin + ": " + bytes + " bytes is not a whole number of " + channels
                    + "-channel int16 samples (" + frame + " bytes each, nSavedChans in " + meta.getFileName() + ")");
        }
        long first = v.containsKey("firstSample") ? (long) number(meta, v, "firstSample") : 0;
        List<ChannelInfo> info = imec ? imecChannels(meta, v, channels) : niChannels(meta, v, channels);
        return new SpikeGlxMeta(meta, bin, v, channels, rate, first, bytes / frame, info);
    }

    static Map<String, String> parse(Path meta) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        int line = 0;
        for (String l : Files.readAllLines(meta, StandardCharsets.ISO_8859_1)) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IOException(meta + ":" + line + ": not a key=value line: '" + abbreviate(l) + "'");
            }
            v.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
        }
        return v;
    }

    private static List<ChannelInfo> imecChannels(Path meta, Map<String, String> v, int channels) throws IOException {
        int[] apLfSy = counts(meta, v, "snsApLfSy", 3);
        int[] saved = savedSubset(meta, v, channels);
        Map<Integer, String> names = chanMapNames(v);
        double range = number(meta, v, "imAiRangeMax");
        String type = v.getOrDefault("imDatPrb_type", "0");
        double maxInt = v.containsKey("imMaxInt")
                ? number(meta, v, "imMaxInt")
                : type.equals("0") ? 512 : type.equals("2013") ? 2048 : 8192;
        List<String[]> imro = table(v.get("~imroTbl"));
        List<String[]> geom = table(v.get("~snsGeomMap"));
        String[] geomHead = header(v.get("~snsGeomMap"));
        double shankSep = geomHead.length > 2 ? Double.parseDouble(geomHead[2]) : 0;
        int acquiredAp = mapCounts(v, apLfSy)[0];
        List<ChannelInfo> out = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            int acq = saved[i];
            boolean ap = acq < acquiredAp;
            boolean lf = !ap && acq < acquiredAp + mapCounts(v, apLfSy)[1];
            String name = names.getOrDefault(acq, ap ? "AP" + acq : lf ? "LF" + (acq - acquiredAp) : "SY0");
            if (!ap && !lf) {
                out.add(ChannelInfo.of(name, "", 1.0));
                continue;
            }
            int electrode = ap ? acq : acq - acquiredAp;
            double gain;
            if (type.equals("0") && electrode < imro.size() && imro.get(electrode).length >= 5) {
                gain = Double.parseDouble(imro.get(electrode)[ap ? 3 : 4]);
            } else {
                String key = ap ? "imChan0apGain" : "imChan0lfGain";
                gain = v.containsKey(key) ? number(meta, v, key) : type.equals("0") ? (ap ? 500 : 250) : 80;
            }
            double x = Double.NaN;
            double y = Double.NaN;
            if (electrode < geom.size() && geom.get(electrode).length >= 3) {
                String[] g = geom.get(electrode);
                x = Integer.parseInt(g[0]) * shankSep + Double.parseDouble(g[1]);
                y = Double.parseDouble(g[2]);
            }
            out.add(new ChannelInfo(name, "uV", range / maxInt / gain * 1e6, x, y));
        }
        return out;
    }

    private static List<ChannelInfo> niChannels(Path meta, Map<String, String> v, int channels) throws IOException {
        int[] c = counts(meta, v, "snsMnMaXaDw", 4);
        int[] saved = savedSubset(meta, v, channels);
        Map<Integer, String> names = chanMapNames(v);
        double range = number(meta, v, "niAiRangeMax");
        double mn = v.containsKey("niMNGain") ? number(meta, v, "niMNGain") : 1;
        double ma = v.containsKey("niMAGain") ? number(meta, v, "niMAGain") : 1;
        List<ChannelInfo> out = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            int acq = saved[i];
            String name = names.getOrDefault(acq, "NI" + acq);
            if (acq >= c[0] + c[1] + c[2]) {
                out.add(ChannelInfo.of(name, "", 1.0)); // digital word
            } else {
                double gain = acq < c[0] ? mn : acq < c[0] + c[1] ? ma : 1;
                out.add(ChannelInfo.of(name, "V", range / 32768 / gain));
            }
        }
        return out;
    }

    /** Acquired-channel index of each saved channel, from {@code snsSaveChanSubset} ("all" or "0:383,768"). */
    private static int[] savedSubset(Path meta, Map<String, String> v, int channels) throws IOException {
        String s = v.getOrDefault("snsSaveChanSubset", "all").trim();
        List<Integer> idx = new ArrayList<>();
        if (s.equals("all")) {
            for (int i = 0; i < channels; i++) {
                idx.add(i);
            }
        } else {
            for (String part : s.split(",")) {
                String[] r = part.trim().split(":");
                int a = Integer.parseInt(r[0].trim());
                int b = r.length > 1 ? Integer.parseInt(r[1].trim()) : a;
                for (int i = a; i <= b; i++) {
                    idx.add(i);
                }
            }
        }
        if (idx.size() != channels) {
            throw new IOException(meta + ": snsSaveChanSubset=" + s + " lists " + idx.size()
                    + " channels but nSavedChans=" + channels);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Acquired AP/LF/SY counts from the channel map's header, which covers every acquired channel. */
    private static int[] mapCounts(Map<String, String> v, int[] fallback) {
        String[] h = header(v.get("~snsChanMap"));
        if (h.length >= 3) {
            return new int[] {
                Integer.parseInt(h[0].trim()), Integer.parseInt(h[1].trim()), Integer.parseInt(h[2].trim())
            };
        }
        return fallback;
    }

    /** Channel names by acquired-channel index: {@code ~snsChanMap} entries are {@code (name;index:order)}. */
    private static Map<Integer, String> chanMapNames(Map<String, String> v) {
        Map<Integer, String> names = new HashMap<>();
        for (String[] e : table(v.get("~snsChanMap"))) {
            String[] nameIndex = e[0].split(";");
            if (nameIndex.length == 2 && nameIndex[1].matches("\\d+")) {
                names.put(Integer.parseInt(nameIndex[1]), nameIndex[0]);
            }
        }
        return names;
    }

    /** The header entry of a {@code ~} table: {@code (a,b,c)}. */
    private static String[] header(String table) {
        if (table == null) {
            return new String[0];
        }
        Matcher m = ENTRY.matcher(table);
        return m.find() ? m.group(1).split(",") : new String[0];
    }

    /** The entries after the header, split on spaces or colons. */
    private static List<String[]> table(String table) {
        List<String[]> rows = new ArrayList<>();
        if (table == null) {
            return rows;
        }
        Matcher m = ENTRY.matcher(table);
        boolean head = true;
        while (m.find()) {
            if (head) {
                head = false;
                continue;
            }
            rows.add(m.group(1).trim().split("[ :]+"));
        }
        return rows;
    }

    private static int[] counts(Path meta, Map<String, String> v, String key, int n) throws IOException {
        String s = v.get(key);
        String[] parts = s == null ? new String[0] : s.split(",");
        if (parts.length != n) {
            throw new IOException(meta + ": " + key + " must hold " + n + " comma-separated counts, got '" + s + "'");
        }
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = Integer.parseInt(parts[i].trim());
        }
        return c;
    }

    private static double number(Path meta, Map<String, String> v, String key) throws IOException {
        String s = v.get(key);
        if (s == null) {
            throw new IOException(meta + ": missing key '" + key + "'");
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IOException(meta + ": " + key + "=" + abbreviate(s) + " is not a number", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
