package org.neurorig.runtime.internal;

import org.neurorig.api.NodeStatus;

/** Why a node could not be prepared, with the status it shows meanwhile (OFFLINE, FAILED, STARTING). */
final class NotStarted extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient NodeStatus status;

    NotStarted(NodeStatus status, String why) {
        super(why);
        this.status = status;
    }

    NodeStatus status() {
        return status;
    }
}
