package org.neurorig.adapter.sim.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import org.neurorig.io.AtomicFile;

/**
 * A JSON object file the simulators write for tests and users to compare against (ground truth,
 * trigger latencies): streamed by a generator, so large files cost no tree in memory, and replaced
 * atomically, so a reader never sees half of one.
 */
final class JsonReport {
    private static final JsonFactory JSON = new JsonFactory();

    /** The object's fields after {@code type}. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonReport() {}

    /** Replaces {@code file} with the object {@code {"type": type, ...fields}}. */
    static void write(Path file, String type, Fields fields) throws IOException {
        AtomicFile.write(file, out -> {
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("type", type);
                fields.write(g);
                g.writeEndObject();
            }
        });
    }
}
