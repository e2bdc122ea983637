package org.neurorig.runtime.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.neurorig.api.NodeProperties;
import org.neurorig.bus.BusProxy;
import org.neurorig.bus.security.CurveSecurity;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.runtime.RemoteHosts;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.util.tracker.ServiceTracker;
import org.zeromq.ZContext;

/**
 * Runs pipelines: turns each node into a ConfigAdmin factory configuration (so that SCR creates the
 * node's component from whichever bundle provides its type), tracks the resulting services to feed
 * hot-swaps, and owns the host's ZeroMQ context and bus proxy.
 */
@Component(service = RigRuntime.class, immediate = true)
public final class RigRuntimeImpl implements RigRuntime {
    static final String DEFAULT_SUBSCRIBE = "tcp://127.0.0.1:5570";
    static final String DEFAULT_PUBLISH = "tcp://127.0.0.1:5571";
    private static final Logger LOG = Logger.getLogger(RigRuntimeImpl.class.getName());

    @Reference
    private ConfigurationAdmin configAdmin;

    @Reference
    private NodeTypeCatalog catalog;

    @Reference
    private ServiceComponentRuntime scr;

    /** Runs the parts of a pipeline placed on other hosts; the net bundle provides it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RemoteHosts remote;

    private final ZContext zmq = new ZContext(1);
    private BundleContext context;
    private ServiceTracker<Object, Object> tracker;
    private BusProxy proxy;
    /** Loaded with the proxy: the host's keys and allow-list for its endpoints off loopback. */
    private CurveSecurity security;

    private NodeConfigurations configurations;
    private ComponentFailures failures;
    private volatile Run current;

    @Activate
    void activate(BundleContext ctx) throws InvalidSyntaxException {
        this.context = ctx;
        this.configurations = new NodeConfigurations(configAdmin);
        this.failures = new ComponentFailures(scr);
        configurations.removeLeftovers();
        Filter f = context.createFilter("(" + NodeProperties.NODE + "=*)");
        tracker = new ServiceTracker<>(context, f, null) {
            @Override
            public Object addingService(ServiceReference<Object> ref) {
                Object svc = context.getService(ref);
                NodeRunner<?> runner = runnerFor(ref);
                if (svc == null) {
                    // SCR could not create it (an exception in its constructor or @Activate): say why
                    // at once; the run shows the node FAILED instead of waiting for it.
                    String why = failures.of(ref);
                    if (runner != null) {
                        runner.activationFailed(why);
                    } else {
                        LOG.warning("node " + ref.getProperty(NodeProperties.NODE) + " ("
                                + ref.getProperty(NodeProperties.TYPE) + "): its component failed to activate: " + why);
                    }
                    return null;
                }
                if (runner != null) {
                    if (ref.getProperty(NodeProperties.HANG_MILLIS) != null) {
                        runner.health().hangMillis(ref.getProperty(NodeProperties.HANG_MILLIS));
                    }
                    runner.offer(ref, svc, hangMillis());
                }
                return svc;
            }

            @Override
            public void removedService(ServiceReference<Object> ref, Object svc) {
                NodeRunner<?> runner = runnerFor(ref);
                if (runner != null) {
                    runner.withdraw(ref, hangMillis());
                }
                try {
                    context.ungetService(ref);
                } catch (IllegalStateException e) {
                    // the runtime bundle itself is stopping: its context is already gone
                }
            }
        };
        tracker.open();
    }

    private long hangMillis() {
        Run r = current;
        return r == null ? 2000 : r.options().hangMillis();
    }

    /** The runner of the current run that a node service belongs to, or null (another run, or none). */
    private NodeRunner<?> runnerFor(ServiceReference<?> ref) {
        Run r = current;
        if (r == null || !r.id.equals(ref.getProperty(NodeConfigurations.RUN_PROPERTY))) {
            return null;
        }
        return r.runner(String.valueOf(ref.getProperty(NodeProperties.NODE)));
    }

    @Deactivate
    void deactivate() {
        Run r = current;
        if (r != null) {
            try {
                r.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (tracker != null) {
            tracker.close();
        }
        configurations.deleteAll();
        if (proxy != null) {
            proxy.close();
        }
        if (security != null) {
            security.close(); // its ZAP handler's socket is in zmq: before the context goes
        }
        zmq.close();
    }

    @Override
    public synchronized RunHandle start(Pipeline whole, RunOptions options) throws RigException {
        Run previous = current;
        if (previous != null && !previous.ended()) {
            throw new RigException("pipeline '" + previous.pipeline().name() + "' is running; stop it first");
        }
        RemoteHosts hosts = whole.placement().distributed() ? remote : null;
        if (whole.placement().distributed() && hosts == null) {
            throw new RigException("pipeline '" + whole.name() + "' places nodes on other hosts, but no bundle"
                    + " running pipelines over hosts (org.neurorig.net) is installed");
        }
        // the other hosts' parts first, so that one that cannot start fails the start before anything
        // runs here; their receiving ends of edges retry until this host's senders are up
        Pipeline pipeline = hosts == null ? whole : hosts.start(whole, options);
        try {
            return startHere(whole, pipeline, options, hosts);
        } catch (RigException | RuntimeException e) {
            if (hosts != null) {
                hosts.stop();
            }
            throw e;
        }
    }

    private RunHandle startHere(Pipeline whole, Pipeline pipeline, RunOptions options, RemoteHosts hosts)
            throws RigException {
        configurations.deleteAll();
        failures.reportOthers();
        startProxy();
        Run run = new Run(pipeline, options, zmq, proxy, configurations::deploy, catalog);
        if (whole != pipeline) {
            run.startedAs(whole);
        }
        current = run;
        try {
            for (NodeSpec n : pipeline.nodes()) {
                run.configurationOf(n.name(), configurations.deploy(run.id, n));
            }
            // Services may have registered before `current` was set for them: offer what exists.
            for (ServiceReference<Object> ref : trackedReferences()) {
                NodeRunner<?> runner = runnerFor(ref);
                Object svc = tracker.getService(ref);
                if (runner != null && svc != null) {
                    runner.offer(ref, svc, options.hangMillis());
                }
            }
            run.start();
            Thread cleaner = new Thread(() -> cleanUpAfter(run, hosts), "neurorig-run-cleanup");
            cleaner.setDaemon(true);
            cleaner.start();
            return run;
        } catch (RigException e) {
            abort(run);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(run);
            throw new RigException("interrupted while starting", e);
        } catch (IOException | RuntimeException e) {
            abort(run);
            throw new RigException("could not start pipeline '" + pipeline.name() + "': " + e, e);
        }
    }

    private List<ServiceReference<Object>> trackedReferences() {
        ServiceReference<Object>[] refs = tracker.getServiceReferences();
        return refs == null ? List.of() : List.of(refs);
    }

    private void abort(Run run) {
        try {
            run.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        configurations.deleteAll();
    }

    private void cleanUpAfter(Run run, RemoteHosts hosts) {
        try {
            run.awaitEnd(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            return;
        }
        if (hosts != null) {
            hosts.stop(); // after this host's part drained: the last blocks reached the other hosts
        }
        synchronized (this) {
            if (current == run) {
                configurations.deleteAll();
            }
        }
    }

    private void startProxy() throws RigException {
        if (proxy != null) {
            return;
        }
        String sub = endpoint("neurorig.bus.subscribe", DEFAULT_SUBSCRIBE);
        String pub = endpoint("neurorig.bus.publish", DEFAULT_PUBLISH);
        if (security == null) {
            security = loadSecurity();
        }
        for (String e : new String[] {sub, pub}) {
            try {
                if (e != null) {
                    security.check(e); // a missing key pair is not a taken port: say only what it is
                }
            } catch (IllegalStateException missing) {
                throw new RigException("could not open the bus: " + missing.getMessage(), missing);
            }
        }
        BusProxy p = new BusProxy(zmq, sub, pub).security(security);
        try {
            p.start();
        } catch (RuntimeException e) {
            p.close();
            throw new RigException(
                    "could not open the bus at " + sub + " / " + pub + ": " + e.getMessage()
                            + " (another rig running? set neurorig.bus.subscribe/publish, or 'none')",
                    e);
        }
        proxy = p;
    }

    /** Keys from {@code neurorig.conf} (default the distribution's conf/); plaintext off loopback if insecure. */
    private CurveSecurity loadSecurity() throws RigException {
        Path conf = CurveSecurity.confDir(context::getProperty);
        try {
            return CurveSecurity.load(conf, Boolean.parseBoolean(context.getProperty(CurveSecurity.INSECURE_PROPERTY)));
        } catch (IOException e) {
            throw new RigException("could not read the bus keys in " + conf + ": " + e.getMessage(), e);
        }
    }

    private String endpoint(String key, String def) {
        String v = context.getProperty(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        return "none".equalsIgnoreCase(v.trim()) ? null : v.trim();
    }

    /** The host's proxy (null before the first run): for status and tests. */
    BusProxy proxy() {
        return proxy;
    }

    @Override
    public Optional<RunHandle> current() {
        return Optional.ofNullable(current);
    }
}
