package org.neurorig.net.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The control channel between the coordinator (a DEALER per host) and each host (a ROUTER at
 * {@code neurorig.control}), docs/WIRE.md §9: every message is two frames, a verb and a JSON object.
 * The coordinator asks {@code types}, {@code start}, {@code stop} and {@code status}; the host answers
 * with the same verb. The host asks {@code time} (the clock exchange, its body the binary request of
 * {@code org.neurorig.bus.clock.ClockSync}) and the coordinator answers {@code time} at once.
 */
final class ControlMessages {
    static final String TYPES = "types";
    static final String START = "start";
    static final String STOP = "stop";
    static final String STATUS = "status";
    static final String TIME = "time";

    static final ObjectMapper JSON = new ObjectMapper();

    private ControlMessages() {}

    static byte[] verb(String v) {
        return v.getBytes(StandardCharsets.US_ASCII);
    }

    static String verb(byte[] frame) {
        return frame == null ? "" : new String(frame, StandardCharsets.US_ASCII);
    }

    static byte[] body(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode a control message: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(byte[] frame) throws IOException {
        Object v = JSON.readValue(frame, Object.class);
        if (!(v instanceof Map<?, ?> m)) {
            throw new IOException("expected a JSON object, got "
                    + (v == null ? "null" : v.getClass().getSimpleName()));
        }
        return (Map<String, Object>) m;
    }
}
