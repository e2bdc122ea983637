package org.neurorig.runtime.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * A service reference carrying only what {@link NodeSlot} reads ({@code service.id} and
 * {@code service.ranking}), so that hot-swap can be tested without a framework.
 */
final class FakeServiceReference implements ServiceReference<Object> {
    private final Hashtable<String, Object> props = new Hashtable<>();

    FakeServiceReference(long serviceId) {
        props.put(Constants.SERVICE_ID, serviceId);
    }

    FakeServiceReference(long serviceId, int ranking) {
        this(serviceId);
        props.put(Constants.SERVICE_RANKING, ranking);
    }

    @Override
    public Object getProperty(String key) {
        return props.get(key);
    }

    @Override
    public String[] getPropertyKeys() {
        return props.keySet().toArray(new String[0]);
    }

    @Override
    public Dictionary<String, Object> getProperties() {
        return new Hashtable<>(props);
    }

    @Override
    public Bundle getBundle() {
        return null;
    }

    @Override
    public Bundle[] getUsingBundles() {
        return null;
    }

    @Override
    public boolean isAssignableTo(Bundle bundle, String className) {
        return false;
    }

    @Override
    public int compareTo(Object other) {
        return 0;
    }

    @Override
    public <A> A adapt(Class<A> type) {
        return null;
    }

    @Override
    public String toString() {
        return "ref" + props;
    }
}
