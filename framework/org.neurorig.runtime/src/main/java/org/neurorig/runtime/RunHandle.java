package org.neurorig.runtime;

import java.util.concurrent.TimeUnit;
import org.neurorig.config.Pipeline;

/** A pipeline being run. */
public interface RunHandle {
    /** What this host runs: for a rig over hosts, its part of the file (with the edges' nodes). */
    Pipeline pipeline();

    /** The pipeline as it was started: for a rig over hosts the whole file, else {@link #pipeline()}. */
    default Pipeline started() {
        return pipeline();
    }

    /** Live metrics of every node and stream. */
    RunSnapshot snapshot();

    /**
     * Stops the sources, lets every queued block reach its consumers, then stops the other nodes in
     * topological order and closes them. Idempotent; returns when everything is stopped.
     */
    void stop() throws InterruptedException;

    /** Waits until the run ended by itself (duration reached) or was stopped. */
    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException;

    /** True once stop() finished or the duration elapsed and everything drained. */
    boolean ended();

    /**
     * Changes one configuration key of a running node. Nodes that take the key live ({@code @Modified})
     * change between two blocks; others are re-created by SCR and hot-swapped (state carried when
     * {@code Stateful}). The value is checked against the key's type, range and options first.
     *
     * @param value the new value as text, as it would be written in the pipeline file
     * @throws RigException naming the node, key and what was expected; nothing is changed then
     */
    void reconfigure(String node, String key, String value) throws RigException;

    /** The node's current configuration (typed values), or an empty map for an unknown node. */
    java.util.Map<String, Object> configuration(String node);

    /**
     * Starts recording without stopping acquisition: a node of the installed type with role
     * {@code recorder} ({@code neurorig.roles}) is added to the running pipeline through its model,
     * taking every stream it can record, writing under {@code dir}; it gets every block from the next
     * one on.
     *
     * @return the recorder node's name
     * @throws RigException when already recording, or the recorder cannot start (the message says why)
     */
    String startRecording(String dir) throws RigException;

    /**
     * Stops the recording started by {@link #startRecording}: producers stop sending to it, it writes
     * what was queued for it, closes its files, and is removed. Acquisition goes on.
     *
     * @throws RigException when not recording that way
     */
    void stopRecording() throws RigException;

    /**
     * Applies a changed pipeline to the running one without stopping unaffected nodes, when the
     * difference allows it: sinks added or removed, and configuration keys changed (live, or by
     * re-creating and hot-swapping the node). Sources and processors must keep their type, inputs and
     * outputs. Everything is checked before anything changes.
     *
     * @return true when applied live; false when the difference needs a restart (nothing changed then)
     * @throws RigException when a live change failed; the message says which
     */
    boolean applyLive(org.neurorig.config.Pipeline next) throws RigException;

    /** The recorder node started by {@link #startRecording}, while it records. */
    java.util.Optional<String> liveRecorder();
}
