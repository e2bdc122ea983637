package org.neurorig.bus;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.neurorig.bus.internal.TopicKey;

/**
 * Which topics are the host's own (docs/WIRE.md §1): those {@link #claim claimed} by a publisher of
 * the host, and those an in-JVM publisher has sent on since its last end of stream. The proxy refuses
 * messages on them from outside. Claims come from any thread; {@link #noteInJvm} and the lookups by
 * {@link TopicKey} come from the proxy thread, which passes a reused probe so that nothing is
 * allocated per message.
 */
final class TopicOwnership {
    /** Topics claimed by the host's publishers, with the number of claims (a swap may overlap two). */
    private final ConcurrentHashMap<TopicKey, Integer> claimed = new ConcurrentHashMap<>();
    /** Topics an in-JVM publisher has sent on since its last end of stream; written by the proxy thread. */
    private final Set<TopicKey> sentInJvm = ConcurrentHashMap.newKeySet();

    /** See {@link BusProxy#claim}. */
    void claim(String topic) {
        claimed.merge(TopicKey.of(topic), 1, Integer::sum);
    }

    /** See {@link BusProxy#release}. */
    void release(String topic) {
        claimed.computeIfPresent(TopicKey.of(topic), (k, n) -> n == 1 ? null : n - 1);
    }

    /** See {@link BusProxy#owns}. */
    boolean owns(String topic) {
        return owns(TopicKey.of(topic));
    }

    /** Whether {@code topic} (a probe or a stored key) is the host's own. */
    boolean owns(TopicKey topic) {
        return claimed.containsKey(topic) || sentInJvm.contains(topic);
    }

    /**
     * Records an in-JVM message on {@code topic}: the topic becomes the host's own until its end of
     * stream. {@code topic} may be a probe pointing at {@code bytes[0, len)}; a stored copy is made
     * only the first time per stream.
     */
    void noteInJvm(TopicKey topic, byte[] bytes, int len, boolean endOfStream) {
        if (endOfStream) {
            sentInJvm.remove(topic);
        } else if (!sentInJvm.contains(topic)) {
            sentInJvm.add(TopicKey.copyOf(bytes, len)); // once per stream
        }
    }
}
