package org.neurorig.net.internal;

import java.util.function.BiConsumer;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A {@link NetContext} for tests: a given ZeroMQ context and security. */
record TestNet(ZContext zmq, NetSecurity security) implements NetContext {
    /** Security that only configures connecting sockets, the way {@code client} says. */
    static NetSecurity clientOnly(BiConsumer<ZMQ.Socket, String> client) {
        return new NetSecurity() {
            @Override
            public void server(ZMQ.Socket s, String endpoint) {
                throw new AssertionError("this side binds nothing");
            }

            @Override
            public void client(ZMQ.Socket s, String endpoint, String peer) {
                client.accept(s, peer);
            }
        };
    }
}
