package org.neurorig.net.internal;

import org.zeromq.ZContext;

/** What the edge nodes and the control channel share in a host: a ZeroMQ context and its security. */
interface NetContext {
    ZContext zmq();

    NetSecurity security();

    /**
     * The control channel's own context: its messages (the clock exchanges above all) must not wait
     * behind an edge's data frames in one I/O thread. Tests may share one.
     */
    default NetContext control() {
        return this;
    }
}
