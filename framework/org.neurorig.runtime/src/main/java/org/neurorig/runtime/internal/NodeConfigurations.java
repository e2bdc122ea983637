package org.neurorig.runtime.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neurorig.api.NodeProperties;
import org.neurorig.config.NodeSpec;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The ConfigAdmin factory configurations that deploy a run's nodes (SCR creates each node's
 * component from whichever bundle provides its type), marked with the run, so that they are removed
 * when the run ends and leftovers of a killed host are removed at the next start.
 */
final class NodeConfigurations {
    private static final Logger LOG = Logger.getLogger(NodeConfigurations.class.getName());
    /** Marks our configurations, so that a later run can remove leftovers of a killed one. */
    static final String RUN_PROPERTY = "neurorig.run";

    private final ConfigurationAdmin configAdmin;
    private final List<Configuration> deployed = new ArrayList<>();

    NodeConfigurations(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** Deploys one node of run {@code runId}: its keys, its name and the run's mark. */
    Configuration deploy(String runId, NodeSpec n) throws IOException {
        Configuration c = configAdmin.createFactoryConfiguration(n.type().name(), "?");
        Hashtable<String, Object> props = new Hashtable<>();
        for (Map.Entry<String, Object> e : n.config().entrySet()) {
            props.put(e.getKey(), toConfigValue(e.getValue()));
        }
        props.put(NodeProperties.NODE, n.name());
        props.put(RUN_PROPERTY, runId);
        c.update(props);
        synchronized (this) {
            deployed.add(c);
        }
        return c;
    }

    /** ConfigAdmin takes scalars and arrays; the parser gives lists for multi-valued keys. */
    private static Object toConfigValue(Object v) {
        if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                return new String[0];
            }
            Object arr = Array.newInstance(list.get(0).getClass(), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(arr, i, list.get(i));
            }
            return arr;
        }
        return v;
    }

    /** Deletes every configuration deployed so far (SCR then disposes of the components). */
    synchronized void deleteAll() {
        for (Configuration c : deployed) {
            try {
                c.delete();
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.FINE, "configuration already gone", e);
            }
        }
        deployed.clear();
    }

    /** Deletes the configurations of an earlier host that did not end cleanly. */
    void removeLeftovers() {
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
}
