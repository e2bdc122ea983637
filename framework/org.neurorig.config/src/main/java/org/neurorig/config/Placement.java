package org.neurorig.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a pipeline's nodes run, when its file names other hosts ({@code hosts:} and a node's
 * {@code at:}). Nodes without {@code at} run on the host where the file is started (the
 * coordinator).
 *
 * @param hosts     host name → its control address as written ({@code 10.0.0.2} or
 *                  {@code 10.0.0.2:5572}), in file order
 * @param nodeHosts node name → host name, for the nodes with {@code at}
 */
public record Placement(Map<String, String> hosts, Map<String, String> nodeHosts) {
    /** Default port of a host's control endpoint when its address gives none. */
    public static final int DEFAULT_CONTROL_PORT = 5572;

    /** Every node on the coordinator. */
    public static final Placement LOCAL = new Placement(Map.of(), Map.of());

    public Placement {
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(hosts, "hosts")));
        nodeHosts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(nodeHosts, "nodeHosts")));
        for (Map.Entry<String, String> e : nodeHosts.entrySet()) {
            if (!hosts.containsKey(e.getValue())) {
                throw new IllegalArgumentException(
                        "node '" + e.getKey() + "' is placed on unknown host '" + e.getValue() + "'");
            }
        }
    }

    /** True when some node runs on another host. */
    public boolean distributed() {
        return !nodeHosts.isEmpty();
    }

    /** The host a node runs on; empty for the coordinator. */
    public Optional<String> hostOf(String node) {
        return Optional.ofNullable(nodeHosts.get(node));
    }

    /** The address part of a host's entry (without the port). */
    public String address(String host) {
        String a = require(host);
        int colon = a.lastIndexOf(':');
        return colon < 0 || a.startsWith("[") && !a.contains("]:") ? a : a.substring(0, colon);
    }

    /** The control port of a host: the port its entry gives, or {@link #DEFAULT_CONTROL_PORT}. */
    public int controlPort(String host) {
        String a = require(host);
        int colon = a.lastIndexOf(':');
        if (colon < 0 || a.startsWith("[") && !a.contains("]:")) {
            return DEFAULT_CONTROL_PORT;
        }
        return Integer.parseInt(a.substring(colon + 1));
    }

    private String require(String host) {
        String a = hosts.get(host);
        if (a == null) {
            throw new IllegalArgumentException(
                    "no host '" + host + "' in this pipeline (hosts: " + hosts.keySet() + ")");
        }
        return a;
    }
}
