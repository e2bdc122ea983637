package org.neurorig.runtime.internal;

import java.io.PrintStream;
import java.util.List;
import org.neurorig.command.Command;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code record start DIR} / {@code record stop}: starts or stops recording the pipeline running in
 * this host without stopping acquisition (from the Gogo shell or an embedding program; the web page
 * does the same through {@code PUT /api/status}).
 */
@Component(service = Command.class)
public final class RecordCommand implements Command {
    @Reference
    private RigRuntime runtime;

    @Override
    public String name() {
        return "record";
    }

    @Override
    public String usage() {
        return "start DIR | stop";
    }

    @Override
    public String summary() {
        return "start or stop recording the pipeline running in this host (Gogo shell: neurorig:record)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean start = args.size() == 2 && args.get(0).equals("start");
        boolean stop = args.size() == 1 && args.get(0).equals("stop");
        if (!start && !stop) {
            err.println("usage: record start DIR | record stop");
            return USAGE_ERROR;
        }
        RunHandle run = runtime.current().filter(r -> !r.ended()).orElse(null);
        if (run == null) {
            err.println("record: no pipeline is running in this host");
            return 1;
        }
        try {
            if (start) {
                String node = run.startRecording(args.get(1));
                out.println("recording into " + args.get(1) + " (node " + node + ")");
            } else {
                run.stopRecording();
                out.println("recording stopped");
            }
            return 0;
        } catch (RigException e) {
            err.println("record: " + e.getMessage());
            return 2;
        }
    }
}
