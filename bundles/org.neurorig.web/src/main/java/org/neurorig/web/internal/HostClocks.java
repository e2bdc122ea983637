package org.neurorig.web.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each host's clock offset to the rig clock and its uncertainty, taken from the hosts' status
 * ({@code RemoteHosts.hosts()}: a host's {@code clock} entry as its control channel reports it),
 * for {@code /api/streams} and the metrics.
 */
final class HostClocks {
    private HostClocks() {}

    /** host → {offsetNanos, uncertaintyNanos, driftPpm, samples, state}; hosts without an estimate are left out. */
    static Map<String, Map<String, Object>> of(Map<String, Object> hosts) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        hosts.forEach((name, v) -> {
            if (v instanceof Map<?, ?> host && host.get("clock") instanceof Map<?, ?> clock) {
                Map<String, Object> c = new LinkedHashMap<>();
                clock.forEach((k, x) -> c.put(String.valueOf(k), x));
                c.put("state", host.get("state"));
                out.put(name, c);
            }
        });
        return out;
    }

    /** Prometheus gauges of {@link #of}: offset and uncertainty in nanoseconds, per host. */
    static String metrics(Map<String, Map<String, Object>> clocks) {
        if (clocks.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        gauge(
                sb,
                clocks,
                "neurorig_host_clock_offset_nanos",
                "offsetNanos",
                "the host's clock offset to the rig clock (rig − host), as it estimates it");
        gauge(
                sb,
                clocks,
                "neurorig_host_clock_uncertainty_nanos",
                "uncertaintyNanos",
                "bound on the error of that estimate");
        return sb.toString();
    }

    private static void gauge(
            StringBuilder sb, Map<String, Map<String, Object>> clocks, String name, String key, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        clocks.forEach((host, c) -> {
            if (c.get(key) instanceof Number n) {
                sb.append(name)
                        .append("{host=\"")
                        .append(host)
                        .append("\"} ")
                        .append(n.longValue())
                        .append('\n');
            }
        });
    }
}
