package org.neurorig.command;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code neurorig} command, registered by a bundle as an OSGi service of this interface (e.g.
 * {@code @Component(service = Command.class)}). The launcher finds every such service, selects one
 * by the words of its {@link #name()}, runs it with the rest of the command line and exits with
 * the code it returns; it builds its usage text from {@link #usage()} and {@link #summary()} of
 * the commands present. A command writes only to the streams it is given, never to
 * {@code System.out} or {@code System.err}: the caller decides where output goes.
 */
public interface Command {
    /** Exit code for a command line the command cannot use (BSD {@code EX_USAGE}). */
    int USAGE_ERROR = 64;

    /** The words that select it, lower case, separated by one space: {@code "run"}, {@code "bench bus"}. */
    String name();

    /**
     * Its arguments as a usage line shows them, without the name, e.g.
     * {@code "FILE [--duration S]"}; empty when it takes none.
     */
    String usage();

    /** What it does, in one line. */
    String summary();

    /**
     * Runs the command.
     *
     * @param args the words after the name
     * @param out  where its results go
     * @param err  where its errors and warnings go
     * @return the exit code: 0 done, {@link #USAGE_ERROR} for a bad command line (after printing
     *         what is wrong and the usage to {@code err}), others as the command documents
     * @throws Exception an unexpected failure; the launcher prints it and exits with 1
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
