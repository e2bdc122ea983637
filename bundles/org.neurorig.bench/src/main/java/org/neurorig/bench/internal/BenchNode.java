package org.neurorig.bench.internal;

import java.io.IOException;
import java.util.Collection;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.neurorig.api.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * One node of an installed type, made for a benchmark outside any pipeline: a factory
 * configuration of its type, as the runtime deploys a node, and the {@code Source}, {@code Processor}
 * or {@code Sink} service its component then registers. The bench drives it through that API
 * alone, so it measures the installed bundle without reaching into its classes; the runtime leaves
 * it alone (it belongs to no run). Closing deletes the configuration, which disposes the instance.
 *
 * @param <T> the node's role interface
 */
public final class BenchNode<T> implements AutoCloseable {
    private static final long WAIT_MILLIS = 10_000;
    private static final AtomicLong NEXT = new AtomicLong();

    private final BundleContext context;
    private final Configuration configuration;
    private final ServiceReference<T> reference;
    private final T node;

    private BenchNode(BundleContext context, Configuration configuration, ServiceReference<T> reference, T node) {
        this.context = context;
        this.configuration = configuration;
        this.reference = reference;
        this.node = node;
    }

    /**
     * Creates a node of {@code type} with {@code config} (keys not given take their defaults) and
     * waits up to 10 s for its service.
     *
     * @throws IOException naming the type when ConfigAdmin fails or no such node appears (type not
     *                     installed, or its component refused the configuration)
     */
    public static <T> BenchNode<T> create(
            BundleContext context, ConfigurationAdmin configAdmin, String type, Class<T> role, Map<String, ?> config)
            throws IOException, InterruptedException {
        String name = "bench-" + type + "-" + NEXT.incrementAndGet();
        Configuration c = configAdmin.createFactoryConfiguration(type, "?");
        Hashtable<String, Object> props = new Hashtable<>(config);
        props.put(NodeProperties.NODE, name);
        String filter = "(" + NodeProperties.NODE + "=" + name + ")";
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        try {
            c.update(props);
            while (true) {
                Collection<ServiceReference<T>> refs = context.getServiceReferences(role, filter);
                for (ServiceReference<T> r : refs) {
                    T node = context.getService(r);
                    if (node != null) {
                        return new BenchNode<>(context, c, r, node);
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("no " + type + " " + role.getSimpleName() + " appeared within "
                            + WAIT_MILLIS / 1000 + " s of configuring it with " + config
                            + ": is its bundle installed (neurorig types), and does it accept these keys?");
                }
                Thread.sleep(20);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(filter, e); // the name is ours and has no filter characters
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.delete();
            throw e;
        }
    }

    /** The node, for as long as this is open. */
    public T node() {
        return node;
    }

    @Override
    public void close() throws IOException {
        try {
            context.ungetService(reference);
        } catch (IllegalStateException e) {
            // the bench bundle is stopping: its service uses end anyway
        }
        configuration.delete();
    }
}
