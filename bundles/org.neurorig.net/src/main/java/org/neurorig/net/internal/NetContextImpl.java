package org.neurorig.net.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.zeromq.ZContext;

/**
 * The host's {@link NetContext}: a ZeroMQ context of its own (the bus's stays the runtime's), so
 * that this bundle can be updated without touching the bus.
 */
@Component(service = NetContext.class)
public final class NetContextImpl implements NetContext {
    private final ZContext zmq = new ZContext(1);

    @Override
    public ZContext zmq() {
        return zmq;
    }

    @Override
    public NetSecurity security() {
        return NetSecurity.NONE;
    }

    @Deactivate
    void deactivate() {
        zmq.close();
    }
}
