package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.osgi.service.component.annotations.Component;

/**
 * {@code neurorig recover DIR}: repairs every Open Ephys binary recording under DIR after the
 * recorder was killed (see {@link RecordingRepair}); prints what it changed per folder.
 * Exit codes: 0 repaired (or nothing to do), 1 a folder could not be repaired, 64 bad command line.
 */
@Component(service = Function.class, property = "neurorig.command=recover")
public final class RecoverCommand implements Function<String[], Integer> {
    @Override
    public Integer apply(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: neurorig recover DIR   (a folder holding Open Ephys binary recordings)");
            return 64;
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            System.err.println("neurorig recover: " + dir + " is not a folder");
            return 64;
        }
        List<RecordingRepair.Result> results;
        RecordingRepair repair = new RecordingRepair();
        try {
            results = repair.repairAll(dir);
        } catch (IOException e) {
            System.err.println("neurorig recover: " + e);
            return 1;
        }
        if (results.isEmpty()) {
            System.out.println("no recording (structure.oebin) found under " + dir);
            return 0;
        }
        int bad = 0;
        for (RecordingRepair.Result r : results) {
            Path rel = dir.relativize(r.folder());
            if (r.problem() != null) {
                bad++;
                System.out.println(rel + ": NOT REPAIRED: " + r.problem());
            } else if (r.changes().isEmpty()) {
                System.out.println(rel + ": " + r.rows() + " rows, consistent");
            } else {
                System.out.println(rel + ": " + r.rows() + " rows; " + String.join("; ", r.changes()));
            }
        }
        for (Path rec : repair.markersRemoved()) {
            System.out.println(dir.relativize(rec) + ": " + OpenEphysRecording.RECOVERY_MARKER + " removed");
        }
        System.out.println(bad == 0 ? "recovered " + results.size() + " folder(s)" : bad + " folder(s) not repaired");
        return bad == 0 ? 0 : 1;
    }
}
