package org.neurorig.bus.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.neurorig.api.StreamSpec;

/**
 * The latest descriptor message seen per topic, kept as its three frames so that it can be re-sent
 * verbatim to late subscribers. Written by the proxy thread, read from any thread.
 */
public final class StreamRegistry {
    /** One cached descriptor message. */
    public record Entry(byte[] topic, byte[] header, byte[] payload, StreamSpec spec) {
        /** True when a subscription to {@code prefix} receives this topic (ZeroMQ prefix match). */
        public boolean matches(byte[] prefix, int off, int len) {
            if (len > topic.length) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (topic[i] != prefix[off + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private final ConcurrentHashMap<String, Entry> byTopic = new ConcurrentHashMap<>();

    public void put(Entry e) {
        byTopic.put(new String(e.topic(), StandardCharsets.UTF_8), e);
    }

    /** Forgets a topic's descriptor (its stream ended). */
    public void remove(String topic) {
        byTopic.remove(topic);
    }

    public boolean isEmpty() {
        return byTopic.isEmpty();
    }

    /** Calls {@code action} for each cached descriptor whose topic starts with the given prefix. */
    public void forEachMatching(byte[] prefix, int off, int len, Consumer<Entry> action) {
        for (Entry e : byTopic.values()) {
            if (e.matches(prefix, off, len)) {
                action.accept(e);
            }
        }
    }

    /** The cached stream descriptors, ordered by topic. */
    public List<StreamSpec> specs() {
        List<String> topics = new ArrayList<>(byTopic.keySet());
        topics.sort(Comparator.naturalOrder());
        List<StreamSpec> out = new ArrayList<>(topics.size());
        for (String t : topics) {
            Entry e = byTopic.get(t);
            if (e != null) {
                out.add(e.spec());
            }
        }
        return out;
    }
}
