package org.neurorig.net.internal;

import org.zeromq.ZContext;

/** What the edge nodes and the control channel share in a host: one ZeroMQ context and its security. */
interface NetContext {
    ZContext zmq();

    NetSecurity security();
}
