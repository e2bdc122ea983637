package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Parses {@code FILE --flag value --switch} command lines and says clearly what is wrong. */
final class CommandArgs {
    /** Flags with a value that {@code run} and {@code serve} share: where the page and the API are served. */
    static final Set<String> HOST_VALUES = Set.of("--port", "--host");

    /**
     * Switches {@code run} and {@code serve} share: all-or-nothing start, no status lines, plaintext
     * bus endpoints off loopback allowed.
     */
    static final Set<String> HOST_SWITCHES = Set.of("--strict", "--quiet", "--insecure");

    final List<String> positional = new ArrayList<>();
    final Map<String, String> options = new HashMap<>();

    private CommandArgs() {}

    /**
     * @param withValue flags that take a value
     * @param switches  flags without value
     * @throws IllegalArgumentException naming the unknown flag or the missing value
     */
    static CommandArgs parse(List<String> args, Set<String> withValue, Set<String> switches) {
        CommandArgs a = new CommandArgs();
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.startsWith("--")) {
                if (withValue.contains(s)) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(s + " needs a value");
                    }
                    a.options.put(s, args.get(++i));
                } else if (switches.contains(s)) {
                    a.options.put(s, "true");
                } else {
                    throw new IllegalArgumentException(
                            "unknown option " + s + " (known: " + withValue + " " + switches + ")");
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    /**
     * Parses the command line of a command that keeps a host up ({@code run}, {@code serve}): the
     * shared flags plus its own, between {@code minFiles} and {@code maxFiles} pipeline files, and
     * {@code --port}, {@code --host} checked at once, so that nothing starts on a bad line.
     *
     * @throws IllegalArgumentException saying what is wrong and what was expected
     */
    static CommandArgs parseHost(
            List<String> args, Set<String> withValue, Set<String> switches, int minFiles, int maxFiles) {
        Set<String> values = new TreeSet<>(HOST_VALUES);
        values.addAll(withValue);
        Set<String> flags = new TreeSet<>(HOST_SWITCHES);
        flags.addAll(switches);
        CommandArgs a = parse(args, values, flags);
        if (a.positional.size() < minFiles || a.positional.size() > maxFiles) {
            throw new IllegalArgumentException(
                    (minFiles == maxFiles ? "expected " + minFiles : "expected at most " + maxFiles)
                            + (maxFiles == 1 ? " pipeline file" : " pipeline files") + ", got "
                            + (a.positional.isEmpty() ? "none" : a.positional));
        }
        a.port();
        a.host();
        return a;
    }

    /** True when the switch or flag was given. */
    boolean has(String flag) {
        return options.containsKey(flag);
    }

    /**
     * The {@code --port} to serve the page and API on, 0 when not given (the web bundle's default).
     *
     * @throws IllegalArgumentException when it is not a TCP port
     */
    int port() {
        String v = options.get("--port");
        if (v == null) {
            return 0;
        }
        try {
            int port = Integer.parseInt(v.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--port expects a TCP port 1..65535, got '" + v + "'");
    }

    /**
     * The {@code --host} address to bind the page and API to, "" when not given (loopback unless the
     * framework property says otherwise). Another address than loopback serves the page to other
     * machines; changes then need the token.
     *
     * @throws IllegalArgumentException when given blank
     */
    String host() {
        String v = options.getOrDefault("--host", "").trim();
        if (has("--host") && v.isEmpty()) {
            throw new IllegalArgumentException("--host expects an address to bind, e.g. 0.0.0.0 or 192.168.1.20");
        }
        return v;
    }

    double number(String flag, double def) {
        String v = options.get(flag);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a number, got '" + v + "'");
        }
    }
}
