package org.neurorig.bus.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Kind;
import org.neurorig.api.StreamSpec;
import org.neurorig.bus.WireFormat;

/**
 * The kind-0 payload: a {@link StreamSpec} as UTF-8 JSON with the keys of docs/WIRE.md. Written
 * through a tree so that the key names and the NaN-as-null rule are stated here, not inferred by
 * reflection from the API type.
 */
public final class DescriptorJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DescriptorJson() {}

    /** The JSON bytes of {@code spec}. */
    public static byte[] encode(StreamSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", spec.name());
        root.put("kind", spec.kind().name());
        root.put("channelCount", spec.channelCount());
        root.put("sampleRate", spec.sampleRate());
        root.put("blockSamples", spec.blockSamples());
        if (spec.kind() == Kind.SPIKES) {
            root.put("waveformLength", spec.waveformLength());
        }
        root.put("source", spec.source());
        ArrayNode channels = root.putArray("channels");
        for (ChannelInfo c : spec.channels()) {
            ObjectNode ch = channels.addObject();
            ch.put("name", c.name());
            ch.put("units", c.units());
            putFinite(ch, "bitVolts", c.bitVolts());
            putFinite(ch, "x", c.x());
            putFinite(ch, "y", c.y());
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode descriptor of " + spec.name(), e);
        }
    }

    // JSON has no NaN; null means "unknown" (probe position) on the wire.
    private static void putFinite(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    /**
     * Parses a descriptor.
     *
     * @throws IllegalArgumentException naming the key and value at fault
     */
    public static StreamSpec decode(byte[] json, int len) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json, 0, len);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String name = text(root, "name", true);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("\"name\" is empty");
        }
        String kindName = text(root, "kind", true);
        Kind kind;
        try {
            kind = Kind.valueOf(kindName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"kind\" is not a stream kind: " + kindName);
        }
        int channelCount = integer(root, "channelCount");
        double sampleRate = number(root, "sampleRate");
        int blockSamples = integer(root, "blockSamples");
        String source = text(root, "source", false);
        StreamSpec.Builder b = StreamSpec.builder(name, kind)
                .channelCount(channelCount)
                .sampleRate(sampleRate)
                .blockSamples(blockSamples)
                .source(source);
        if (kind == Kind.SPIKES && root.has("waveformLength")) {
            b.waveformLength(integer(root, "waveformLength"));
        }
        JsonNode channels = root.get("channels");
        boolean listed = channels != null && !channels.isNull();
        if (!listed && channelCount > WireFormat.MAX_UNLISTED_CHANNELS) {
            // Checked before building: the spec makes one entry per channel when none are listed.
            throw new IllegalArgumentException("\"channelCount\" is " + channelCount + " without a \"channels\" list;"
                    + " more than " + WireFormat.MAX_UNLISTED_CHANNELS + " channels must be listed");
        }
        if (listed) {
            if (!channels.isArray()) {
                throw new IllegalArgumentException("\"channels\" is not an array");
            }
            if (channels.size() != channelCount) {
                throw new IllegalArgumentException(
                        "\"channels\" has " + channels.size() + " entries but \"channelCount\" is " + channelCount);
            }
            List<ChannelInfo> list = new ArrayList<>(channels.size());
            for (int i = 0; i < channels.size(); i++) {
                JsonNode c = channels.get(i);
                if (!c.isObject()) {
                    throw new IllegalArgumentException("\"channels\"[" + i + "] is not an object");
                }
                list.add(new ChannelInfo(
                        text(c, "name", true),
                        text(c, "units", false),
                        nullable(c, "bitVolts", 1.0),
                        nullable(c, "x", Double.NaN),
                        nullable(c, "y", Double.NaN)));
            }
            b.channels(list);
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static String text(JsonNode n, String key, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing \"" + key + "\"");
            }
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + key + "\" is not a string: " + v);
        }
        return v.textValue();
    }

    private static int integer(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
            throw new IllegalArgumentException("\"" + key + "\" must be an integer >= 0: " + v);
        }
        return v.intValue();
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a number: " + v);
        }
        return v.doubleValue();
    }

    private static double nullable(JsonNode n, String key, double absent) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return absent;
        }
        // 1e400 parses as infinity, which the wire writes as null: refuse it rather than change it.
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new IllegalArgumentException("\"" + key + "\" must be a finite number or null: " + v);
        }
        return v.doubleValue();
    }
}
