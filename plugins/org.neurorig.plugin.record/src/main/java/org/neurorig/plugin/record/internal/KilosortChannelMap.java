package org.neurorig.plugin.record.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurorig.io.AtomicFile;
import org.neurorig.io.NpyFile;

/**
 * The Kilosort channel map of one continuous stream of a recording, taken from the channel
 * positions ({@code x}, {@code y} in µm) that {@code record.openephys} writes into
 * {@code structure.oebin} when the source declared probe geometry. Written to
 * {@code <recording>/kilosort/<stream folder>/}: {@code chanMap.json} (a Kilosort 4 probe:
 * {@code chanMap}, {@code xc}, {@code yc}, {@code kcoords}, {@code n_chan}) and the same map as
 * {@code chanMap.npy} (int32, 0-based, the row of each channel in {@code continuous.dat}),
 * {@code xcoords.npy}, {@code ycoords.npy}, {@code kcoords.npy} (float64). The map lives outside
 * {@code continuous/} so that {@code neurorig recover} never mistakes it for recorded data.
 *
 * @param folder    the stream's {@code folder_name} without the trailing slash
 * @param sampleRate the stream's rate (Kilosort's {@code fs})
 * @param x         x of each channel, µm, in {@code continuous.dat} column order
 * @param y         y of each channel, µm
 */
record KilosortChannelMap(String folder, double sampleRate, double[] x, double[] y) {

    /**
     * The maps of every continuous stream of the recording whose channels all carry a position;
     * streams without one are named in {@code skipped}.
     */
    static List<KilosortChannelMap> of(Path recording, List<String> skipped) throws IOException {
        Path oebin = recording.resolve("structure.oebin");
        JsonNode root = OpenEphysRecording.JSON.readTree(oebin.toFile());
        List<KilosortChannelMap> maps = new ArrayList<>();
        for (JsonNode c : root.path("continuous")) {
            String folder = c.path("folder_name").asText().replaceAll("/+$", "");
            JsonNode chans = c.path("channels");
            double[] x = new double[chans.size()];
            double[] y = new double[chans.size()];
            boolean placed = chans.size() > 0;
            for (int i = 0; i < chans.size() && placed; i++) {
                JsonNode ch = chans.get(i);
                placed = ch.path("x").isNumber() && ch.path("y").isNumber();
                x[i] = ch.path("x").asDouble();
                y[i] = ch.path("y").asDouble();
            }
            if (placed) {
                maps.add(new KilosortChannelMap(folder, c.path("sample_rate").asDouble(), x, y));
            } else {
                skipped.add(folder);
            }
        }
        return maps;
    }

    int channels() {
        return x.length;
    }

    /** Writes the map files; returns the folder they are in. */
    Path write(Path recording) throws IOException {
        Path out = Files.createDirectories(recording.resolve("kilosort").resolve(folder));
        int n = channels();
        ObjectNode probe = OpenEphysRecording.JSON.createObjectNode();
        ArrayNode map = probe.putArray("chanMap");
        ArrayNode xc = probe.putArray("xc");
        ArrayNode yc = probe.putArray("yc");
        ArrayNode k = probe.putArray("kcoords");
        for (int i = 0; i < n; i++) {
            map.add(i);
            xc.add(x[i]);
            yc.add(y[i]);
            k.add(0); // one shank group: structure.oebin says nothing about shanks
        }
        probe.put("n_chan", n);
        AtomicFile.write(out.resolve("chanMap.json"), OpenEphysRecording.JSON.writeValueAsBytes(probe));
        ByteBuffer ints = npy("<i4", n, 4);
        for (int i = 0; i < n; i++) {
            ints.putInt(i);
        }
        AtomicFile.write(out.resolve("chanMap.npy"), ints.array());
        AtomicFile.write(out.resolve("xcoords.npy"), doubles(x));
        AtomicFile.write(out.resolve("ycoords.npy"), doubles(y));
        AtomicFile.write(out.resolve("kcoords.npy"), doubles(new double[n]));
        return out;
    }

    private static byte[] doubles(double[] v) {
        ByteBuffer b = npy("<f8", v.length, 8);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    private static ByteBuffer npy(String descr, int rows, int itemBytes) {
        byte[] header = NpyFile.header(descr, rows, new int[0]);
        ByteBuffer b = ByteBuffer.allocate(header.length + rows * itemBytes).order(ByteOrder.LITTLE_ENDIAN);
        return b.put(header);
    }
}
