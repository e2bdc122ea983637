package org.neurorig.runtime.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.neurorig.api.NodeProperties;
import org.neurorig.bus.BusProxy;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.Pipeline;
import org.neurorig.runtime.RigException;
import org.neurorig.runtime.RigRuntime;
import org.neurorig.runtime.RunHandle;
import org.neurorig.runtime.RunOptions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;
import org.zeromq.ZContext;

/**
 * Runs pipelines: turns each node into a ConfigAdmin factory configuration (so that SCR creates the
 * node's component from whichever bundle provides its type), tracks the resulting services to feed
 * hot-swaps, and owns the host's ZeroMQ context and bus proxy.
 */
@Component(service = RigRuntime.class, immediate = true)
public final class RigRuntimeImpl implements RigRuntime {
    private static final Logger LOG = Logger.getLogger(RigRuntimeImpl.class.getName());
    /** Marks our configurations, so that a later run can remove leftovers of a killed one. */
    static final String RUN_PROPERTY = "neurorig.run";
    static final String DEFAULT_SUBSCRIBE = "tcp://127.0.0.1:5570";
    static final String DEFAULT_PUBLISH = "tcp://127.0.0.1:5571";

    @Reference
    private ConfigurationAdmin configAdmin;
    @Reference
    private NodeTypeCatalog catalog;
    @Reference
    private ServiceComponentRuntime scr;
    private BundleContext context;
    private final ZContext zmq = new ZContext(1);
    private ServiceTracker<Object, Object> tracker;
    private BusProxy proxy;
    private volatile Run current;
    private final List<Configuration> configurations = new ArrayList<>();
    private final java.util.Set<Long> reportedFailures = new java.util.HashSet<>();

    @Activate
    void activate(BundleContext ctx) throws InvalidSyntaxException {
        this.context = ctx;
        removeLeftovers();
        Filter f = context.createFilter("(" + NodeProperties.NODE + "=*)");
        tracker = new ServiceTracker<>(context, f, null) {
            @Override
            public Object addingService(ServiceReference<Object> ref) {
                Object svc = context.getService(ref);
                NodeRunner runner = slotFor(ref) == null ? null : runnerFor(ref);
                if (svc == null) {
                    // SCR could not create it (an exception in its constructor or @Activate): say why
                    // at once; the run shows the node FAILED instead of waiting for it.
                    String why = activationFailure(ref);
                    if (runner != null) {
                        runner.activationFailure = why;
                    } else {
                        LOG.warning("node " + ref.getProperty(NodeProperties.NODE) + " ("
                                + ref.getProperty(NodeProperties.TYPE) + "): its component failed to activate: " + why);
                    }
                    return null;
                }
                NodeSlot slot = slotFor(ref);
                if (slot != null) {
                    runner.activationFailure = null;
                    if (ref.getProperty(NodeProperties.HANG_MILLIS) != null) {
                        runnerFor(ref).hangMillis(ref.getProperty(NodeProperties.HANG_MILLIS));
                    }
                    slot.offer(ref, svc, hangMillis());
                }
                return svc;
            }

            @Override
            public void removedService(ServiceReference<Object> ref, Object svc) {
                NodeSlot slot = slotFor(ref);
                if (slot != null) {
                    slot.withdraw(ref, hangMillis());
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

    /**
     * The message of the exception that made SCR fail to activate the component behind {@code ref}
     * (its ComponentConfigurationDTO in state FAILED_ACTIVATION): the innermost "Caused by" line of
     * the failure text SCR keeps, without the exception's package.
     */
    private String activationFailure(ServiceReference<?> ref) {
        Object name = ref.getProperty(ComponentConstants.COMPONENT_NAME);
        Object id = ref.getProperty(ComponentConstants.COMPONENT_ID);
        ServiceComponentRuntime rt = scr;
        if (rt != null && name != null) {
            for (ComponentDescriptionDTO d : rt.getComponentDescriptionDTOs(ref.getBundle())) {
                if (!name.equals(d.name)) {
                    continue;
                }
                for (ComponentConfigurationDTO c : rt.getComponentConfigurationDTOs(d)) {
                    if (id != null && id.equals(c.id) && c.failure != null) {
                        return firstCause(c.failure);
                    }
                }
            }
        }
        return "no reason given by SCR (state " + (rt == null ? "unknown" : "not FAILED_ACTIVATION") + ")";
    }

    /**
     * The host keeps SCR's own console log off (its stack traces would bury the one line a failing
     * node gets), so the components that are not nodes and failed to activate are named here, once.
     */
    private void reportOtherFailedComponents() {
        ServiceComponentRuntime rt = scr;
        if (rt == null) {
            return;
        }
        for (ComponentDescriptionDTO d : rt.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : rt.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION && c.failure != null
                        && !c.properties.containsKey(NodeProperties.NODE) && reportedFailures.add(c.id)) {
                    LOG.warning("component " + d.name + " of bundle " + d.bundle.symbolicName
                            + " failed to activate: " + firstCause(c.failure));
                }
            }
        }
    }

    /** {@code "x.y.FooException: msg\n\tat …\nCaused by: x.Bar: why\n…"} → {@code "Bar: why"}. */
    static String firstCause(String stackTrace) {
        String line = null;
        for (String l : stackTrace.split("\\R")) {
            if (line == null) {
                line = l;
            } else if (l.startsWith("Caused by: ")) {
                line = l.substring("Caused by: ".length());
            }
        }
        if (line == null || line.isBlank()) {
            return "(no message)";
        }
        int colon = line.indexOf(':');
        String type = colon < 0 ? line : line.substring(0, colon);
        if (!type.contains(" ")) { // a class name: keep its simple name
            line = type.substring(type.lastIndexOf('.') + 1) + (colon < 0 ? "" : line.substring(colon));
        }
        return line.trim();
    }

    private long hangMillis() {
        Run r = current;
        return r == null ? 2000 : r.options().hangMillis();
    }

    private NodeRunner runnerFor(ServiceReference<?> ref) {
        Run r = current;
        return r == null ? null : r.runner(String.valueOf(ref.getProperty(NodeProperties.NODE)));
    }

    private NodeSlot slotFor(ServiceReference<?> ref) {
        Run r = current;
        if (r == null || !r.id.equals(ref.getProperty(RUN_PROPERTY))) {
            return null;
        }
        NodeRunner runner = r.runner(String.valueOf(ref.getProperty(NodeProperties.NODE)));
        return runner == null ? null : runner.slot;
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
        deleteConfigurations();
        if (proxy != null) {
            proxy.close();
        }
        zmq.close();
    }

    @Override
    public synchronized RunHandle start(Pipeline pipeline, RunOptions options) throws RigException {
        Run previous = current;
        if (previous != null && !previous.ended()) {
            throw new RigException("pipeline '" + previous.pipeline().name() + "' is running; stop it first");
        }
        deleteConfigurations();
        reportOtherFailedComponents();
        startProxy();
        Run run = new Run(pipeline, options, zmq, proxy);
        run.deployer(new Run.NodeDeployer() {
            @Override
            public Configuration deploy(Run r, NodeSpec node) throws IOException {
                Configuration c = RigRuntimeImpl.this.deploy(r, node);
                synchronized (RigRuntimeImpl.this) {
                    configurations.add(c);
                }
                return c;
            }

            @Override
            public NodeTypeCatalog catalog() {
                return catalog;
            }
        });
        current = run;
        try {
            for (NodeSpec n : pipeline.nodes()) {
                Configuration c = deploy(run, n);
                configurations.add(c);
                run.configurationOf(n.name(), c);
            }
            // Services may have registered before `current` was set for them: offer what exists.
            for (ServiceReference<Object> ref : trackedReferences()) {
                NodeSlot slot = slotFor(ref);
                Object svc = tracker.getService(ref);
                if (slot != null && svc != null) {
                    slot.offer(ref, svc, options.hangMillis());
                }
            }
            run.start();
            Thread cleaner = new Thread(() -> cleanUpAfter(run), "neurorig-run-cleanup");
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
        deleteConfigurations();
    }

    private void cleanUpAfter(Run run) {
        try {
            run.awaitEnd(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS);
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (current == run) {
                deleteConfigurations();
            }
        }
    }

    private Configuration deploy(Run run, NodeSpec n) throws IOException {
        Configuration c = configAdmin.createFactoryConfiguration(n.type().name(), "?");
        Hashtable<String, Object> props = new Hashtable<>();
        for (Map.Entry<String, Object> e : n.config().entrySet()) {
            props.put(e.getKey(), toConfigValue(e.getValue()));
        }
        props.put(NodeProperties.NODE, n.name());
        props.put(RUN_PROPERTY, run.id);
        c.update(props);
        return c;
    }

    /** ConfigAdmin takes scalars and arrays; the parser gives lists for multi-valued keys. */
    private static Object toConfigValue(Object v) {
        if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                return new String[0];
            }
            Object first = list.get(0);
            Object arr = java.lang.reflect.Array.newInstance(first.getClass(), list.size());
            for (int i = 0; i < list.size(); i++) {
                java.lang.reflect.Array.set(arr, i, list.get(i));
            }
            return arr;
        }
        return v;
    }

    private synchronized void deleteConfigurations() {
        for (Configuration c : configurations) {
            try {
                c.delete();
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.FINE, "configuration already gone", e);
            }
        }
        configurations.clear();
    }

    private void removeLeftovers() {
        try {
            Configuration[] old = configAdmin.listConfigurations("(" + RUN_PROPERTY + "=*)");
            if (old != null) {
                for (Configuration c : old) {
                    c.delete();
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.log(Level.WARNING, "could not remove configurations of an earlier run", e);
        }
    }

    private void startProxy() throws RigException {
        if (proxy != null) {
            return;
        }
        String sub = endpoint("neurorig.bus.subscribe", DEFAULT_SUBSCRIBE);
        String pub = endpoint("neurorig.bus.publish", DEFAULT_PUBLISH);
        BusProxy p = new BusProxy(zmq, sub, pub);
        try {
            p.start();
        } catch (RuntimeException e) {
            p.close();
            throw new RigException("could not open the bus at " + sub + " / " + pub + ": " + e.getMessage()
                    + " (another rig running? set neurorig.bus.subscribe/publish, or 'none')", e);
        }
        proxy = p;
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
