package org.neurorig.net.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one end of an edge between hosts has done, for the host's status (control channel and
 * {@code /api/hosts}): frames kept and confirmed, blocks refused for a full buffer, gaps seen.
 * Registered by node name while the node lives.
 */
final class EdgeStats {
    private static final Map<String, EdgeStats> ALL = new ConcurrentHashMap<>();

    final String node;
    final String endpoint;
    final boolean sender;
    private volatile long frames;
    private volatile long confirmed;
    private volatile long refused;
    private volatile long refusedSamples;
    private volatile long gaps;
    private volatile long gapBlocks;
    private volatile long reconnects;
    private volatile long malformed;
    private volatile boolean connected;

    private EdgeStats(String node, String endpoint, boolean sender) {
        this.node = node;
        this.endpoint = endpoint;
        this.sender = sender;
    }

    static EdgeStats register(String node, String endpoint, boolean sender) {
        EdgeStats s = new EdgeStats(node, endpoint, sender);
        ALL.put(node, s);
        return s;
    }

    void unregister() {
        ALL.remove(node, this);
    }

    void sent(long frames, long confirmed, long refused, long refusedSamples) {
        this.frames = frames;
        this.confirmed = confirmed;
        this.refused = refused;
        this.refusedSamples = refusedSamples;
    }

    void received(long frames) {
        this.frames = frames;
        this.confirmed = frames;
    }

    void gap(long blocks) {
        gaps++;
        gapBlocks += blocks;
    }

    void connected(boolean on) {
        if (on && !connected) {
            reconnects++;
        }
        connected = on;
    }

    void malformed() {
        malformed++;
    }

    long gapBlocks() {
        return gapBlocks;
    }

    /** Every registered edge end, by node name, as plain values for JSON. */
    static Map<String, Map<String, Object>> snapshot() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        ALL.values().forEach(s -> out.put(s.node, s.values()));
        return out;
    }

    Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("role", sender ? "send" : "receive");
        v.put("endpoint", endpoint);
        v.put("connected", connected);
        v.put("frames", frames);
        v.put("confirmed", confirmed);
        v.put("refusedBlocks", refused);
        v.put("refusedSamples", refusedSamples);
        v.put("gaps", gaps);
        v.put("gapBlocks", gapBlocks);
        v.put("connects", reconnects);
        v.put("malformed", malformed);
        return v;
    }
}
