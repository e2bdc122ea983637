package org.neurorig.launcher;

import java.io.PrintStream;
import java.util.List;
import org.neurorig.command.Command;
import org.osgi.framework.Bundle;

/** {@code neurorig bundles}: the launcher's own command, as it knows the framework. */
final class BundlesCommand implements Command {
    private final RigHost host;

    BundlesCommand(RigHost host) {
        this.host = host;
    }

    @Override
    public String name() {
        return "bundles";
    }

    @Override
    public String usage() {
        return "";
    }

    @Override
    public String summary() {
        return "installed bundles: id, state, symbolic name, version";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("neurorig bundles: takes no arguments, got " + args);
            return USAGE_ERROR;
        }
        for (Bundle b : host.bundles()) {
            out.printf(
                    "%3d %-11s %-45s %s%n", b.getBundleId(), state(b.getState()), b.getSymbolicName(), b.getVersion());
        }
        return 0;
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
