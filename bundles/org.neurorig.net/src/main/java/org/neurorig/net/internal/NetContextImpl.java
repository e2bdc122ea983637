package org.neurorig.net.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.neurorig.bus.security.CurveSecurity;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The host's {@link NetContext}: ZeroMQ contexts of its own (the bus's stays the runtime's), so that
 * this bundle can be updated without touching the bus, one for the edges' data and one for the
 * control channel (a clock exchange queued behind data frames in a busy I/O thread would come back
 * late on one side only, an error no exchange can see), and CURVE with the host's keys on every
 * endpoint off loopback (docs/WIRE.md §1.2): the bus's key pair and allow-list, read when the first
 * such socket opens ({@code --insecure} at that moment allows plaintext).
 */
@Component(service = NetContext.class)
public final class NetContextImpl implements NetContext {
    private final Channel data = new Channel();
    private final Channel control = new Channel();
    private Function<String, String> properties;

    @Activate
    void activate(BundleContext ctx) {
        this.properties = ctx::getProperty;
    }

    @Override
    public ZContext zmq() {
        return data.zmq();
    }

    @Override
    public NetSecurity security() {
        return data.security();
    }

    @Override
    public NetContext control() {
        return control;
    }

    @Deactivate
    void deactivate() {
        data.close();
        control.close();
    }

    /** One ZeroMQ context (one I/O thread) with its ZAP handler. */
    private final class Channel implements NetContext {
        private final ZContext zmq = new ZContext(1);
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
                Path conf = CurveSecurity.confDir(properties);
                try {
                    curve = CurveSecurity.load(
                            conf, Boolean.parseBoolean(properties.apply(CurveSecurity.INSECURE_PROPERTY)));
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "could not read the host's keys in " + conf + ": " + e.getMessage(), e);
                }
                curve.startAuthenticator(zmq);
            }
            return curve;
        }

        synchronized void close() {
            if (curve != null) {
                curve.close();
            }
            zmq.close();
        }
    }
}
