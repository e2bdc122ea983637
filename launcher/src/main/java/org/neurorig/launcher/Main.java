package org.neurorig.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neurorig.command.Command;

/**
 * {@code neurorig COMMAND …}: starts the embedded host and runs one of the commands its bundles
 * provide ({@link Command} services: {@code run}, {@code validate}, {@code types}, {@code bench …})
 * or its own {@code bundles}; without a command, with {@code help} or with one it does not know,
 * it prints the usage of the commands present.
 */
public final class Main {
    private static final Set<String> HELP = Set.of("help", "--help", "-h");
    /** Bundles register their commands while they start; the set counts as complete once it stops changing. */
    private static final long SETTLED_MILLIS = 500;

    private static final long MAX_WAIT_MILLIS = 5000;
    private static volatile boolean shuttingDown;

    private Main() {}

    public static void main(String[] args) throws Exception {
        int code = run(args);
        if (shuttingDown) {
            // SIGTERM or Ctrl-C: the command drained and returned how it ended; the JVM would report
            // 128 + the signal instead, which a service manager (systemd) counts as a failure.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    static int run(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("neurorig.home", "."))
                .toAbsolutePath()
                .normalize();
        Path storage = Files.createTempDirectory("neurorig-cache");
        RigHost host;
        try {
            host = RigHost.start(home, storage, Map.of());
        } catch (Exception e) {
            System.err.println("neurorig: could not start the host: " + e.getMessage());
            return 1;
        }
        Thread main = Thread.currentThread();
        Thread hook = new Thread(
                () -> {
                    shuttingDown = true;
                    main.interrupt();
                    try {
                        main.join(20_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "neurorig-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return dispatch(host, List.of(args), System.out, System.err);
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

    /**
     * Runs the command {@code args} select, or prints the usage: to {@code out} when asked for
     * (exit 0), to {@code err} with what was wrong otherwise (exit 64).
     */
    static int dispatch(RigHost host, List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        boolean help = !args.isEmpty() && HELP.contains(args.get(0));
        List<Command> present = new ArrayList<>();
        Optional<Command> chosen = await(host, help ? List.of() : args, present);
        if (chosen.isEmpty()) {
            if (help) {
                out.print(CommandLine.usage(present));
                return 0;
            }
            List<Command> family = args.isEmpty() ? List.of() : CommandLine.family(present, args.get(0));
            if (args.isEmpty()) {
                err.print(CommandLine.usage(present));
            } else if (!family.isEmpty()) {
                err.println("neurorig: '" + String.join(" ", args) + "' is not a command; '" + args.get(0)
                        + "' takes one of:");
                err.print(CommandLine.usage(family));
            } else {
                err.println("neurorig: unknown command '" + args.get(0) + "'");
                err.print(CommandLine.usage(present));
            }
            return Command.USAGE_ERROR;
        }
        Command c = chosen.get();
        List<String> rest = args.subList(CommandLine.words(c).size(), args.size());
        try {
            return c.run(rest, out, err);
        } catch (InterruptedException e) {
            err.println("neurorig " + c.name() + ": interrupted");
            return 130; // as a shell reports a command ended by SIGINT
        } catch (Exception e) {
            err.println("neurorig " + c.name() + ": failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /**
     * The command {@code args} select, as soon as it is registered; empty when the commands present
     * (left in {@code present}, with the launcher's own) stopped changing without it, or after
     * {@link #MAX_WAIT_MILLIS}.
     */
    private static Optional<Command> await(RigHost host, List<String> args, List<Command> present)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
        List<String> lastNames = null;
        long stableSince = System.currentTimeMillis();
        while (true) {
            List<Command> now = new ArrayList<>(host.commands());
            now.add(new BundlesCommand(host));
            now.sort(Comparator.comparing(Command::name));
            present.clear();
            present.addAll(now);
            Optional<Command> c = args.isEmpty() ? Optional.empty() : CommandLine.select(now, args);
            if (c.isPresent()) {
                return c;
            }
            List<String> names = now.stream().map(Command::name).toList();
            long t = System.currentTimeMillis();
            if (!names.equals(lastNames)) {
                lastNames = names;
                stableSince = t;
            } else if (t - stableSince >= SETTLED_MILLIS || t > deadline) {
                return Optional.empty();
            }
            Thread.sleep(50);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a leftover temp folder is harmless
        }
    }
}
