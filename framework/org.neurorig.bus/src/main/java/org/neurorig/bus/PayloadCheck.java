package org.neurorig.bus;

import static org.neurorig.bus.internal.LittleEndianAccess.u32;

import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.internal.DescriptorJson;

/**
 * The payload checks of docs/WIRE.md §5: whether a payload is consistent with its header, without
 * decoding it into a block. The proxy runs them on every message it forwards ({@link FrameCheck}) and
 * {@link WireCodec} before it decodes; they read only the header, the payload length and, for events
 * and descriptors, the payload bytes, and allocate nothing but a descriptor's spec and error messages.
 */
final class PayloadCheck {
    private PayloadCheck() {}

    /** See {@link WireCodec#validatePayload}. */
    static void validate(WireHeader h, byte[] payload, int len) throws MalformedFrameException {
        if (h.isDescriptor()) {
            decodeDescriptor(payload, len);
            return;
        }
        checkLength(h, len);
        if (h.kind() == Kind.EVENTS) {
            checkEventTexts(h.sampleCount(), payload, len);
        }
    }

    /**
     * The length check of {@link #validate} for every kind but descriptors, which needs only the
     * header and the payload length; lets the proxy avoid copying dense payloads.
     */
    static void checkLength(WireHeader h, int len) throws MalformedFrameException {
        long n = h.sampleCount();
        long ch = h.channelCount();
        long perSample = bytesPerSample(h.kind(), ch);
        // n and ch are each below 2^31, so n * perSample may pass 2^63 and wrap to a small number
        // (spikes: n * (16 + 4ch) up to 2^64 + 2^34): compare by division, never by the product.
        if (n > 0 && perSample > WireFormat.MAX_PAYLOAD_BYTES / n) {
            throw new MalformedFrameException(
                    MalformedFrameException.TOO_LARGE,
                    h.kind() + " header announces " + n + " samples x " + perSample + " bytes, more than the "
                            + WireFormat.MAX_PAYLOAD_BYTES + "-byte payload limit");
        }
        long expected = n * perSample; // for events the minimum: the texts follow the records
        boolean ok = h.kind() == Kind.EVENTS ? len >= expected : len == expected;
        if (!ok) {
            throw new MalformedFrameException(
                    MalformedFrameException.PAYLOAD_LENGTH,
                    h.kind() + " payload is " + len + " bytes, " + n + " samples x " + ch + " channels need "
                            + (h.kind() == Kind.EVENTS ? "at least " : "") + expected);
        }
    }

    /**
     * Payload bytes per sample (dense), row (matrix) or item (events: the record alone; spikes: the
     * record and a waveform of {@code channels} floats).
     */
    static long bytesPerSample(Kind kind, long channels) {
        return switch (kind) {
            case CONTINUOUS_I16 -> 2 * channels;
            case CONTINUOUS_F32, MATRIX_F32 -> 4 * channels;
            case SPIKES -> WireFormat.SPIKE_RECORD_BYTES + 4 * channels;
            case EVENTS -> WireFormat.EVENT_RECORD_BYTES;
            default -> throw new IllegalArgumentException("not a block kind: " + kind);
        };
    }

    /** Checks that the event records' text lengths add up to the bytes after the records. */
    static void checkEventTexts(int n, byte[] payload, int len) throws MalformedFrameException {
        long texts = 0;
        for (int i = 0; i < n; i++) {
            texts += u32(payload, i * WireFormat.EVENT_RECORD_BYTES + WireCodec.EVENT_TEXT_BYTES);
        }
        long expected = (long) n * WireFormat.EVENT_RECORD_BYTES + texts;
        if (expected != len) {
            throw new MalformedFrameException(
                    MalformedFrameException.PAYLOAD_LENGTH,
                    "EVENTS payload is " + len + " bytes, " + n + " records with " + texts + " text bytes need "
                            + expected);
        }
    }

    /** See {@link WireCodec#decodeDescriptor}. */
    static StreamSpec decodeDescriptor(byte[] json, int len) throws MalformedFrameException {
        if (len <= 0 || len > json.length) {
            throw new MalformedFrameException(
                    MalformedFrameException.BAD_DESCRIPTOR, "descriptor payload is " + len + " bytes");
        }
        StreamSpec spec;
        try {
            spec = DescriptorJson.decode(json, len);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(
                    MalformedFrameException.BAD_DESCRIPTOR, "descriptor JSON: " + e.getMessage());
        }
        long perSample =
                bytesPerSample(spec.kind(), spec.kind() == Kind.SPIKES ? spec.waveformLength() : spec.channelCount());
        if (perSample > WireFormat.MAX_PAYLOAD_BYTES / spec.blockSamples()) {
            throw new MalformedFrameException(
                    MalformedFrameException.BAD_DESCRIPTOR,
                    "descriptor of "
                            + spec.name() + ": a full block, \"blockSamples\" " + spec.blockSamples() + " x "
                            + perSample
                            + " bytes, exceeds the " + WireFormat.MAX_PAYLOAD_BYTES + "-byte payload limit");
        }
        return spec;
    }
}
