package org.neurorig.api;

/** Health of a pipeline node as shown in status lines, the summary and the API. */
public enum NodeStatus {
    /** Waiting for its component instance or being prepared. */
    STARTING,
    /** Running normally. */
    OK,
    /** Its last call threw; the runtime restarts it with back-off. */
    FAILED,
    /** It exceeded its time budget repeatedly or hangs; its inputs are no longer held for it. */
    STALLED,
    /** A device adapter lost its device and is reconnecting. */
    OFFLINE,
    /** Stopped by the operator or at the end of a run. */
    STOPPED
}
