package org.neurorig.runtime.internal;

import java.util.function.Function;

import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code set NODE KEY=VALUE}: changes a key of a node of the pipeline running in this host (from
 * the Gogo shell or an embedding program; a separate {@code neurorig} process has no running pipeline).
 */
@Component(service = Function.class, property = "neurorig.command=set")
public final class SetCommand implements Function<String[], Integer> {
    @Reference
    private RigRuntime runtime;

    @Override
    public Integer apply(String[] args) {
        if (args.length != 2 || !args[1].contains("=")) {
            System.err.println("usage: set NODE KEY=VALUE");
            return 64;
        }
        RunHandle run = runtime.current().filter(r -> !r.ended()).orElse(null);
        if (run == null) {
            System.err.println("set: no pipeline is running in this host");
            return 1;
        }
        int eq = args[1].indexOf('=');
        try {
            run.reconfigure(args[0], args[1].substring(0, eq), args[1].substring(eq + 1));
            System.out.println(args[0] + ": " + args[1]);
            return 0;
        } catch (RigException e) {
            System.err.println("set: " + e.getMessage());
            return 2;
        }
    }
}
