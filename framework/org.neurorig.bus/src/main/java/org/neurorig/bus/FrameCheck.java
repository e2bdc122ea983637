package org.neurorig.bus;

import java.nio.charset.StandardCharsets;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.internal.Utf8Text;
import zmq.Msg;

/**
 * The proxy's checks of docs/WIRE.md §5 on one three-frame message, in the order of that table. It
 * reads the frames into buffers it reuses; a dense payload is not copied, its length is enough. After
 * a message passes, the topic, the header and, for a descriptor, the payload and its spec are left
 * here for the caller. Used by one thread.
 */
final class FrameCheck {
    final byte[] topic = new byte[WireFormat.MAX_TOPIC_BYTES];
    final byte[] header = new byte[WireFormat.HEADER_BYTES];
    final WireHeader h = new WireHeader();
    int topicLength;
    /** The payload of the last descriptor or events message; grows only for a larger one. */
    byte[] payload = new byte[4096];

    int payloadLength;
    /** The spec of the last descriptor that passed. */
    StreamSpec spec;

    /**
     * Checks {@code [topic][header][payload]}.
     *
     * @throws MalformedFrameException with the reason of the first check that fails
     */
    void check(Msg t, Msg hm, Msg p) throws MalformedFrameException {
        int len = t.size();
        if (len == 0 || len > WireFormat.MAX_TOPIC_BYTES) {
            throw new MalformedFrameException(
                    MalformedFrameException.BAD_TOPIC,
                    "topic is " + len + " bytes, expected 1.." + WireFormat.MAX_TOPIC_BYTES);
        }
        t.getBytes(0, topic, 0, len);
        if (!Utf8Text.isValid(topic, 0, len)) {
            throw new MalformedFrameException(MalformedFrameException.BAD_TOPIC, "topic is not UTF-8");
        }
        topicLength = len;
        int headerLength = hm.size();
        hm.getBytes(0, header, 0, Math.min(headerLength, header.length));
        // read() sees the real length: a frame longer than the buffer fails as short-header
        // after the magic, which only the first 4 bytes decide.
        h.read(header, headerLength);
        payloadLength = p.size();
        if (h.isDescriptor()) {
            spec = PayloadCheck.decodeDescriptor(copy(p), payloadLength);
            if (!spec.name().equals(topicText())) {
                throw new MalformedFrameException(
                        MalformedFrameException.BAD_DESCRIPTOR,
                        "descriptor \"name\" " + spec.name() + " differs from its topic " + topicText());
            }
            return;
        }
        PayloadCheck.checkLength(h, payloadLength);
        if (h.kind() == Kind.EVENTS) {
            PayloadCheck.checkEventTexts(h.sampleCount(), copy(p), payloadLength);
        }
    }

    /** The topic of the last message checked, as text (allocates: not for the forwarding path). */
    String topicText() {
        return new String(topic, 0, topicLength, StandardCharsets.UTF_8);
    }

    private byte[] copy(Msg m) {
        int len = m.size();
        if (len > payload.length) {
            payload = new byte[Math.max(len, payload.length * 2)];
        }
        m.getBytes(0, payload, 0, len);
        return payload;
    }
}
