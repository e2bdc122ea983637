package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code FILE --flag value --switch} command lines and says clearly what is wrong. */
final class CommandArgs {
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
