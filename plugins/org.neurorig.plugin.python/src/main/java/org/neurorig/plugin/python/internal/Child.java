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

    /** Ends it: asks (SIGTERM), and kills it when it is still alive after {@code graceMillis}. */
    void destroy(long graceMillis);

    /** Starts a child that connects to the host's socket at {@code endpoint}. */
    @FunctionalInterface
    interface Starter {
        Child start(String endpoint) throws IOException;
    }
}
