package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.neurorig.command.Command;
import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig chanmap DIR}: writes the Kilosort channel map ({@link KilosortChannelMap}) of every
 * continuous stream with probe geometry of every recording under DIR, and prints where, with the
 * Kilosort settings that read the stream's {@code continuous.dat} as it is. Exit codes: 0 at least
 * one map written, 1 none (no recording, or no stream with channel positions) or an I/O error,
 * 64 bad command line.
 */
@Component(service = Command.class)
public final class ChanmapCommand implements Command {
    @Override
    public String name() {
        return "chanmap";
    }

    @Override
    public String usage() {
        return "DIR";
    }

    @Override
    public String summary() {
        return "write the Kilosort channel map of every recorded stream with probe geometry under DIR";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            err.println("usage: neurorig chanmap DIR   (a recording folder, or any folder above recordings)");
            return USAGE_ERROR;
        }
        Path dir = Path.of(args.get(0)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            err.println("neurorig chanmap: " + dir + " is not a folder");
            return USAGE_ERROR;
        }
        List<Path> recordings;
        try (Stream<Path> s = Files.walk(dir)) {
            recordings = s.filter(p -> p.getFileName() != null
                            && p.getFileName().toString().equals("structure.oebin"))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            err.println("neurorig chanmap: cannot list " + dir + ": " + e);
            return 1;
        }
        if (recordings.isEmpty()) {
            err.println("neurorig chanmap: no recording (structure.oebin) found under " + dir);
            return 1;
        }
        int written = 0;
        for (Path rec : recordings) {
            List<String> skipped = new ArrayList<>();
            try {
                for (KilosortChannelMap m : KilosortChannelMap.of(rec, skipped)) {
                    Path map = m.write(rec);
                    written++;
                    out.println(dir.relativize(map) + ": " + m.channels() + " channels; Kilosort 4: "
                            + "probe = " + map.resolve("chanMap.json").getFileName() + ", filename = continuous/"
                            + m.folder() + "/continuous.dat, n_chan_bin = " + m.channels() + ", fs = "
                            + String.format(Locale.ROOT, "%.0f", m.sampleRate()));
                }
            } catch (IOException | RuntimeException e) {
                err.println("neurorig chanmap: " + rec.resolve("structure.oebin") + ": " + e);
                return 1;
            }
            for (String f : skipped) {
                out.println(dir.relativize(rec.resolve("continuous").resolve(f))
                        + ": no channel positions (x, y) in structure.oebin; no map written");
            }
        }
        if (written == 0) {
            err.println("neurorig chanmap: no stream under " + dir + " has channel positions; the source must "
                    + "declare probe geometry (ChannelInfo x, y) for a map");
            return 1;
        }
        return 0;
    }
}
