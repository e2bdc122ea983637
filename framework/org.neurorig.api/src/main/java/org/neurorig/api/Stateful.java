package org.neurorig.api;

/**
 * Optional for any node: state carried across a hot-swap. The runtime takes a snapshot from the
 * outgoing instance between two blocks and restores it into the incoming one after
 * {@code prepare}, so that filter state, running statistics or fitted weights survive an update.
 */
public interface Stateful {
    /** The node's state, in a format of the node's own choosing (include a version). */
    byte[] snapshot();

    /** Restores a snapshot taken by this or an earlier version of the node. */
    void restore(byte[] state);
}
