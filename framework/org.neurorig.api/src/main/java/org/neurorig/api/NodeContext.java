package org.neurorig.api;

/**
 * What the runtime offers a node outside the hot path: its name and a way to report status with
 * a human message instead of throwing across the framework boundary.
 */
public interface NodeContext {
    /** The node's name in the pipeline file. */
    String nodeName();

    /** Reports a status, e.g. {@code status(OFFLINE, "amplifier not answering on /dev/ttyUSB0")}. */
    void status(NodeStatus status, String message);
}
