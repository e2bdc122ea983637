package org.neurorig.plugin.sink.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.neurorig.api.Block;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.NodeType;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;
import org.neurorig.io.AtomicFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code sink.count}: accepts any stream and counts, per input, blocks, samples, sequence gaps,
 * unflagged sample gaps, the sample range, (dense kinds) the value range and, with {@code hash},
 * an order-sensitive hash of all the data. With {@code file}
 * set it writes them as JSON keyed by stream name once per second and on close, atomically
 * (temp file, then move), so a reader never sees a half-written file.
 */
@Designate(ocd = CountSinkConfig.class, factory = true)
@Component(
        name = "sink.count",
        configurationPid = "sink.count",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(type = "sink.count", paths = "file")
public final class CountSink implements Sink {
    static final long WRITE_INTERVAL_NANOS = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Host clock for the write interval; tests replace it to stay independent of timing. */
    LongSupplier clock = System::nanoTime;

    private Path file;
    private boolean hash;
    private NodeContext context;
    private StreamCount[] counts = new StreamCount[0];
    private long lastWriteNanos;
    private boolean writeFailing;

    @Activate
    void activate(CountSinkConfig c) {
        String f = c.file() == null ? "" : c.file().trim();
        file = f.isEmpty() ? null : Path.of(f);
        hash = c.hash();
    }

    @Override
    public void prepare(List<StreamSpec> inputs, NodeContext ctx) {
        context = ctx;
        counts = new StreamCount[inputs.size()];
        Set<String> names = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
            String name = inputs.get(i).name();
            // the same stream wired twice still gets two entries
            String key = names.add(name) ? name : name + "#" + i;
            names.add(key);
            counts[i] = new StreamCount(inputs.get(i), key, hash);
        }
        lastWriteNanos = clock.getAsLong();
    }

    @Override
    public void accept(Block in) {
        int input = in.input();
        if (input < 0 || input >= counts.length) {
            throw new IllegalArgumentException(
                    "sink.count: block on input " + input + " but " + counts.length + " input(s) were prepared: " + in);
        }
        counts[input].add(in);
        if (file != null && clock.getAsLong() - lastWriteNanos >= WRITE_INTERVAL_NANOS) {
            lastWriteNanos = clock.getAsLong();
            try {
                write();
                if (writeFailing) {
                    writeFailing = false;
                    context.status(NodeStatus.OK, "sink.count: writing " + file + " again");
                }
            } catch (IOException e) {
                // keep counting; the runtime should not restart a counter for a full disk
                if (!writeFailing) {
                    writeFailing = true;
                    context.status(NodeStatus.FAILED, "sink.count: cannot write counts to " + file + ": " + e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            write();
        }
    }

    /** The per-input counts, in input order (for tests). */
    List<StreamCount> counts() {
        return List.of(counts);
    }

    /** The JSON document: stream name → counts. */
    Map<String, Object> report() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (StreamCount c : counts) {
            all.put(c.name, c.toMap());
        }
        return all;
    }

    private void write() throws IOException {
        AtomicFile.write(file, JSON.writeValueAsBytes(report()));
    }
}
