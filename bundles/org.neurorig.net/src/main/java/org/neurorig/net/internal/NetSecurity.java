package org.neurorig.net.internal;

import org.zeromq.ZMQ;

/** How the sockets of edges and of the control channel are secured (CURVE off loopback). */
interface NetSecurity {
    /** Before bind. */
    void server(ZMQ.Socket s, String endpoint);

    /** Before connect to the host called {@code peer}. */
    void client(ZMQ.Socket s, String endpoint, String peer);

    /** No security (tests of the protocol on loopback). */
    NetSecurity NONE = new NetSecurity() {
        @Override
        public void server(ZMQ.Socket s, String endpoint) {}

        @Override
        public void client(ZMQ.Socket s, String endpoint, String peer) {}
    };
}
