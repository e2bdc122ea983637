package org.neurorig.runtime;

/** A pipeline could not be started or changed; the message says which node and why. */
public final class RigException extends Exception {
    private static final long serialVersionUID = 1L;

    public RigException(String message) {
        super(message);
    }

    public RigException(String message, Throwable cause) {
        super(message, cause);
    }
}
