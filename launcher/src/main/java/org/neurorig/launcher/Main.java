package org.neurorig.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.Bundle;

/**
 * {@code neurorig COMMAND …}: starts the embedded host and runs one command that a bundle
 * provides ({@code run}, {@code validate}, {@code types}, {@code bench …}), or lists the bundles.
 */
public final class Main {
    private static volatile boolean shuttingDown;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 64 : 0);
        }
        int code = run(args);
        if (!shuttingDown) {
            System.exit(code);
        }
    }

    private static void usage() {
        System.out.println("""
                usage: neurorig COMMAND [ARGS]
                  run FILE [--duration S] [--summary OUT.json] [--quiet]   run a pipeline
                  validate FILE                                            check a pipeline file
                  types                                                    node types and their keys
                  bundles                                                  installed bundles
                  bench bus [--quick]                                      bus benchmark""");
    }

    static int run(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("neurorig.home", ".")).toAbsolutePath().normalize();
        Path storage = Files.createTempDirectory("neurorig-cache");
        RigHost host;
        try {
            host = RigHost.start(home, storage, Map.of());
        } catch (Exception e) {
            System.err.println("neurorig: could not start the host: " + e.getMessage());
            return 1;
        }
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            shuttingDown = true;
            main.interrupt();
            try {
                main.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "neurorig-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return dispatch(host, args);
        } finally {
            try {
                host.close();
            } catch (Exception e) {
                System.err.println("neurorig: framework did not stop cleanly: " + e.getMessage());
            }
            deleteQuietly(storage);
            if (!shuttingDown) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private static int dispatch(RigHost host, String[] args) throws InterruptedException {
        String cmd = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (cmd.equals("bundles")) {
            for (Bundle b : host.bundles()) {
                System.out.printf("%3d %-11s %-45s %s%n", b.getBundleId(), state(b.getState()), b.getSymbolicName(),
                        b.getVersion());
            }
            return 0;
        }
        if (cmd.equals("bench") && rest.length > 0) {
            cmd = "bench." + rest[0];
            rest = Arrays.copyOfRange(rest, 1, rest.length);
        }
        Function<String[], Integer> f = host.command(cmd, 5000);
        if (f == null) {
            System.err.println("neurorig: unknown command '" + args[0] + "'; available: bundles "
                    + String.join(" ", host.commandNames()).replace("bench.", "bench "));
            return 64;
        }
        return f.apply(rest);
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

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a leftover temp folder is harmless
        }
    }
}
