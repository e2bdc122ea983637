package org.neurorig.plugin.python.internal;

import java.io.IOException;

/**
 * The node's child process as the host supervises it: a real Python process ({@link PythonProcess})
 * or, in tests, a stand-in speaking the protocol from a thread.
 */
interface Child {
    /** Its process id, which its {@code hello} repeats; negative when not known. */
    long pid();

    /** True until the child has ended. */
    boolean alive();

    /** Its exit status; meaningful once {@link #alive()} is false. */
    int exitCode();

    /**
     * The last line it wrote to its error output ("" when none), read to the end when it has ended:
     * a Python process that dies prints its exception there last.
     */
    String lastErrorLine();

    /**
     * Its hello came: what it printed before goes to the log now, and later lines as they come
     * (until then they are held back).
     */
    default void connected() {}

    /**
     * What it printed before its hello, as text, for a child that failed to start; later lines
     * go to the log as they come.
     */
    default String takeStartOutput() {
        return "";
    }

    /** Ends it: asks (SIGTERM), and kills it when it is still alive after {@code graceMillis}. */
    void destroy(long graceMillis);

    /** Starts a child that connects to the host's socket at {@code endpoint}. */
    @FunctionalInterface
    interface Starter {
        Child start(String endpoint) throws IOException;
    }
}
