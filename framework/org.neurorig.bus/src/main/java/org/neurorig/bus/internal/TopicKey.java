package org.neurorig.bus.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A whole topic, as bytes, for hash lookups: {@code probe.ap} and {@code probe.ap2} are different
 * keys (no prefix matching). Keys stored in a map are {@link #of made} from their own copy and never
 * change; a reader instead keeps one {@link #probe()} and {@link #point points} it at its reused
 * receive buffer before each lookup, so a lookup allocates nothing.
 */
public final class TopicKey {
    private byte[] bytes;
    private int length;
    private int hash;
    private final boolean probe;

    private TopicKey(byte[] bytes, int length, boolean probe) {
        this.probe = probe;
        set(bytes, length);
    }

    /** A stored key for {@code topic} (UTF-8). */
    public static TopicKey of(String topic) {
        byte[] b = topic.getBytes(StandardCharsets.UTF_8);
        return new TopicKey(b, b.length, false);
    }

    /** A stored key holding a copy of {@code buf[0, len)}. */
    public static TopicKey copyOf(byte[] buf, int len) {
        return new TopicKey(Arrays.copyOf(buf, len), len, false);
    }

    /** A reusable lookup key; {@link #point} it before each use. */
    public static TopicKey probe() {
        return new TopicKey(new byte[0], 0, true);
    }

    /**
     * Makes this probe stand for {@code buf[0, len)} without copying; the caller keeps the buffer
     * unchanged while the probe is in use.
     */
    public TopicKey point(byte[] buf, int len) {
        if (!probe) {
            throw new IllegalStateException("a stored topic key cannot be re-pointed");
        }
        set(buf, len);
        return this;
    }

    private void set(byte[] buf, int len) {
        bytes = buf;
        length = len;
        int h = 1;
        for (int i = 0; i < len; i++) {
            h = 31 * h + buf[i];
        }
        hash = h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicKey k
                && k.length == length
                && k.hash == hash
                && Arrays.equals(bytes, 0, length, k.bytes, 0, k.length);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
