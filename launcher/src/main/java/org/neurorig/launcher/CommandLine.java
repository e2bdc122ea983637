package org.neurorig.launcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.neurorig.command.Command;

/**
 * How the launcher reads a command line against the commands present: which command the words
 * select, and the usage text listing them.
 */
final class CommandLine {
    private CommandLine() {}

    /** The words of a command's name: {@code "bench bus"} is two. */
    static List<String> words(Command c) {
        return List.of(c.name().trim().split(" +"));
    }

    /**
     * The command whose name's words begin {@code args}, the longest such name if several do
     * ({@code bench bus} before a {@code bench}).
     */
    static Optional<Command> select(Collection<Command> commands, List<String> args) {
        return commands.stream()
                .filter(c -> {
                    List<String> w = words(c);
                    return w.size() <= args.size() && args.subList(0, w.size()).equals(w);
                })
                .max(Comparator.comparingInt(c -> words(c).size()));
    }

    /** The commands whose name starts with the word {@code first}: {@code bench} gives every benchmark. */
    static List<Command> family(Collection<Command> commands, String first) {
        return commands.stream().filter(c -> words(c).get(0).equals(first)).toList();
    }

    /** The usage text: every command given, sorted by name, its arguments and what it does. */
    static String usage(Collection<Command> commands) {
        List<Command> sorted = new ArrayList<>(commands);
        sorted.sort(Comparator.comparing(Command::name));
        StringBuilder b = new StringBuilder("usage: neurorig COMMAND [ARGS]\n");
        for (Command c : sorted) {
            b.append("  ").append(c.name());
            if (!c.usage().isBlank()) {
                b.append(' ').append(c.usage());
            }
            b.append("\n      ").append(c.summary()).append('\n');
        }
        return b.toString();
    }
}
