package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.neurorig.command.Command;
import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig recover DIR}: repairs every Open Ephys binary recording under DIR after the
 * recorder was killed (see {@link RecordingRepair}); prints what it changed per folder.
 * Exit codes: 0 repaired (or nothing to do), 1 a folder could not be repaired, 64 bad command line.
 */
@Component(service = Command.class)
public final class RecoverCommand implements Command {
    @Override
    public String name() {
        return "recover";
    }

    @Override
    public String usage() {
        return "DIR";
    }

    @Override
    public String summary() {
        return "repair the Open Ephys recordings under DIR after a crash (kill -9, power loss)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            err.println("usage: neurorig recover DIR   (a folder holding Open Ephys binary recordings)");
            return USAGE_ERROR;
        }
        Path dir = Path.of(args.get(0)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            err.println("neurorig recover: " + dir + " is not a folder");
            return USAGE_ERROR;
        }
        List<RecordingRepair.Result> results;
        RecordingRepair repair = new RecordingRepair();
        try {
            results = repair.repairAll(dir);
        } catch (IOException e) {
            err.println("neurorig recover: " + e);
            return 1;
        }
        if (results.isEmpty()) {
            out.println("no recording (structure.oebin) found under " + dir);
            return 0;
        }
        int bad = 0;
        for (RecordingRepair.Result r : results) {
            Path rel = dir.relativize(r.folder());
            if (r.problem() != null) {
                bad++;
                out.println(rel + ": NOT REPAIRED: " + r.problem());
            } else if (r.changes().isEmpty()) {
                out.println(rel + ": " + r.rows() + " rows, consistent");
            } else {
                out.println(rel + ": " + r.rows() + " rows; " + String.join("; ", r.changes()));
            }
        }
        for (Path rec : repair.markersRemoved()) {
            out.println(dir.relativize(rec) + ": " + OpenEphysRecording.RECOVERY_MARKER + " removed");
        }
        out.println(bad == 0 ? "recovered " + results.size() + " folder(s)" : bad + " folder(s) not repaired");
        return bad == 0 ? 0 : 1;
    }
}
