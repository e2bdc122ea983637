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
 * {@code set NODE KEY=VALUE}: changes a key of a node of the pipeline running in this host (from
 * the Gogo shell or an embedding program; a separate {@code neurorig} process has no running pipeline).
 */
@Component(service = Command.class)
public final class SetCommand implements Command {
    @Reference
    private RigRuntime runtime;

    @Override
    public String name() {
        return "set";
    }

    @Override
    public String usage() {
        return "NODE KEY=VALUE";
    }

    @Override
    public String summary() {
        return "change a key of a node of the pipeline running in this host (Gogo shell: neurorig:set)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !args.get(1).contains("=")) {
            err.println("usage: set " + usage());
            return USAGE_ERROR;
        }
        RunHandle run = runtime.current().filter(r -> !r.ended()).orElse(null);
        if (run == null) {
            err.println("set: no pipeline is running in this host");
            return 1;
        }
        String node = args.get(0);
        String keyValue = args.get(1);
        int eq = keyValue.indexOf('=');
        try {
            run.reconfigure(node, keyValue.substring(0, eq), keyValue.substring(eq + 1));
            out.println(node + ": " + keyValue);
            return 0;
        } catch (RigException e) {
            err.println("set: " + e.getMessage());
            return 2;
        }
    }
}
