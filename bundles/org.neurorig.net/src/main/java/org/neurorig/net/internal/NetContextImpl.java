package org.neurorig.net.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.neurorig.bus.security.CurveSecurity;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The host's {@link NetContext}: a ZeroMQ context of its own (the bus's stays the runtime's), so
 * that this bundle can be updated without touching the bus, and CURVE with the host's keys for
 * every edge and control endpoint off loopback (docs/WIRE.md §1.2): the same key pair and
 * allow-list as the bus, read once, when the first such socket opens ({@code --insecure} at that
 * moment allows plaintext).
 */
@Component(service = NetContext.class)
public final class NetContextImpl implements NetContext {
    private final ZContext zmq = new ZContext(1);
    private BundleContext context;
    private CurveSecurity curve;

    private final NetSecurity security = new NetSecurity() {
        @Override
        public void server(ZMQ.Socket s, String endpoint) {
            curve().server(s, endpoint);
        }

        @Override
        public void client(ZMQ.Socket s, String endpoint, String peer) {
            curve().client(s, endpoint, peer);
        }
    };

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
    }

    @Override
    public ZContext zmq() {
        return zmq;
    }

    @Override
    public NetSecurity security() {
        return security;
    }

    private synchronized CurveSecurity curve() {
        if (curve == null) {
            Path conf = CurveSecurity.confDir(context::getProperty);
            try {
                curve = CurveSecurity.load(
                        conf, Boolean.parseBoolean(context.getProperty(CurveSecurity.INSECURE_PROPERTY)));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the host's keys in " + conf + ": " + e.getMessage(), e);
            }
            curve.startAuthenticator(zmq);
        }
        return curve;
    }

    /** Refused peers (no allowed key) on this host's edges and control channel. */
    synchronized long refused() {
        return curve == null ? 0 : curve.refused();
    }

    @Deactivate
    synchronized void deactivate() {
        if (curve != null) {
            curve.close();
        }
        zmq.close();
    }
}
