package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig chanmap DIR}: writes the Kilosort channel map ({@link KilosortChannelMap}) of every
 * continuous stream with probe geometry of every recording under DIR, and prints where, with the
 * Kilosort settings that read the stream's {@code continuous.dat} as it is. Exit codes: 0 at least
 * one map written, 1 none (no recording, or no stream with channel positions) or an I/O error,
 * 64 bad command line.
 */
@Component(service = Function.class, property = "neurorig.command=chanmap")
public final class ChanmapCommand implements Function<String[], Integer> {
    @Override
    public Integer apply(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: neurorig chanmap DIR   (a recording folder, or any folder above recordings)");
            return 64;
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            System.err.println("neurorig chanmap: " + dir + " is not a folder");
            return 64;
        }
        List<Path> recordings;
        try (Stream<Path> s = Files.walk(dir)) {
            recordings = s.filter(p -> p.getFileName() != null && p.getFileName().toString().equals("structure.oebin"))
                    .map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            System.err.println("neurorig chanmap: cannot list " + dir + ": " + e);
            return 1;
        }
        if (recordings.isEmpty()) {
            System.err.println("neurorig chanmap: no recording (structure.oebin) found under " + dir);
            return 1;
        }
        int written = 0;
        for (Path rec : recordings) {
            List<String> skipped = new ArrayList<>();
            try {
                for (KilosortChannelMap m : KilosortChannelMap.of(rec, skipped)) {
                    Path out = m.write(rec);
                    written++;
                    System.out.println(dir.relativize(out) + ": " + m.channels() + " channels; Kilosort 4: "
                            + "probe = " + out.resolve("chanMap.json").getFileName() + ", filename = continuous/"
                            + m.folder() + "/continuous.dat, n_chan_bin = " + m.channels() + ", fs = "
                            + String.format(Locale.ROOT, "%.0f", m.sampleRate()));
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("neurorig chanmap: " + rec.resolve("structure.oebin") + ": " + e);
                return 1;
            }
            for (String f : skipped) {
                System.out.println(dir.relativize(rec.resolve("continuous").resolve(f))
                        + ": no channel positions (x, y) in structure.oebin; no map written");
            }
        }
        if (written == 0) {
            System.err.println("neurorig chanmap: no stream under " + dir + " has channel positions; the source must "
                    + "declare probe geometry (ChannelInfo x, y) for a map");
            return 1;
        }
        return 0;
    }
}
