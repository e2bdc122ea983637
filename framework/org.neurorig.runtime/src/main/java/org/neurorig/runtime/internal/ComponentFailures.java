package org.neurorig.runtime.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;
import org.neurorig.api.NodeProperties;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Why SCR could not create a component, in one line: the host keeps SCR's own console log off (its
 * stack traces would bury the one line a failing node gets), so a node's failure is shown as its
 * status and the failures of other components are named here, once each.
 */
final class ComponentFailures {
    private static final Logger LOG = Logger.getLogger(ComponentFailures.class.getName());

    private final ServiceComponentRuntime scr;
    private final Set<Long> reported = new HashSet<>();

    ComponentFailures(ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    /**
     * The message of the exception that made SCR fail to activate the component behind {@code ref}
     * (its ComponentConfigurationDTO in state FAILED_ACTIVATION): the innermost "Caused by" line of
     * the failure text SCR keeps, without the exception's package.
     */
    String of(ServiceReference<?> ref) {
        Object name = ref.getProperty(ComponentConstants.COMPONENT_NAME);
        Object id = ref.getProperty(ComponentConstants.COMPONENT_ID);
        if (scr != null && name != null) {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(ref.getBundle())) {
                if (!name.equals(d.name)) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (id != null && id.equals(c.id) && c.failure != null) {
                        return firstCause(c.failure);
                    }
                }
            }
        }
        return "no reason given by SCR (state " + (scr == null ? "unknown" : "not FAILED_ACTIVATION") + ")";
    }

    /** Names the components that are not nodes and failed to activate, each once. */
    synchronized void reportOthers() {
        if (scr == null) {
            return;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                        && c.failure != null
                        && !c.properties.containsKey(NodeProperties.NODE)
                        && reported.add(c.id)) {
                    LOG.warning("component " + d.name + " of bundle " + d.bundle.symbolicName + " failed to activate: "
                            + firstCause(c.failure));
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
}
