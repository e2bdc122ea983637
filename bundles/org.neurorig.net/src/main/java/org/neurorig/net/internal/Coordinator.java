package org.neurorig.net.internal;

import java.util.Map;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.config.Placement;
import org.neurorig.runtime.RemoteHosts;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RunOptions;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link RemoteHosts} of this host when it starts a pipeline over hosts: one {@link RigSession} at a
 * time. Edges leaving this host bind the ports after its own control port ({@code neurorig.control},
 * else {@link Placement#DEFAULT_CONTROL_PORT}), as a member host's do.
 */
@Component(service = RemoteHosts.class)
public final class Coordinator implements RemoteHosts {
    @Reference
    private NodeTypeCatalog catalog;

    @Reference
    private NetContext net;

    private RigSession session;
    private int controlPort = Placement.DEFAULT_CONTROL_PORT;

    @Activate
    void activate(BundleContext ctx) {
        String endpoint = ctx.getProperty(HostAgent.PROPERTY);
        if (endpoint != null && endpoint.matches(".*:[0-9]{1,5}\\s*")) {
            controlPort = Integer.parseInt(
                    endpoint.substring(endpoint.lastIndexOf(':') + 1).trim());
        }
    }

    @Override
    public synchronized Pipeline start(Pipeline whole, RunOptions options) throws RigException {
        stop();
        RigSession s = new RigSession(net, catalog, whole, controlPort);
        Pipeline local = s.start();
        session = s;
        return local;
    }

    @Override
    public synchronized void stop() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    @Override
    public Map<String, Object> hosts() {
        RigSession s;
        synchronized (this) {
            s = session;
        }
        return s == null ? Map.of() : s.view();
    }

    @Deactivate
    void deactivate() {
        stop();
    }
}
