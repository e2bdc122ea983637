package org.neurorig.runtime.internal;

import java.util.function.Function;

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
@Component(service = Function.class, property = "neurorig.command=record")
public final class RecordCommand implements Function<String[], Integer> {
    @Reference
    private RigRuntime runtime;

    @Override
    public Integer apply(String[] args) {
        boolean start = args.length == 2 && args[0].equals("start");
        boolean stop = args.length == 1 && args[0].equals("stop");
        if (!start && !stop) {
            System.err.println("usage: record start DIR | record stop");
            return 64;
        }
        RunHandle run = runtime.current().filter(r -> !r.ended()).orElse(null);
        if (run == null) {
            System.err.println("record: no pipeline is running in this host");
            return 1;
        }
        try {
            if (start) {
                String node = run.startRecording(args[1]);
                System.out.println("recording into " + args[1] + " (node " + node + ")");
            } else {
                run.stopRecording();
                System.out.println("recording stopped");
            }
            return 0;
        } catch (RigException e) {
            System.err.println("record: " + e.getMessage());
            return 2;
        }
    }
}
