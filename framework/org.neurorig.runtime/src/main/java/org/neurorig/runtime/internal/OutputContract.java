package org.neurorig.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.StreamSpec;
import org.neurorig.config.NodeSpec;
import org.neurorig.config.Role;

/**
 * What a node's instances must produce: the first one the streams its type declares, each
 * hot-swapped one the same streams in the same shapes as the first (its consumers were prepared for
 * them). Streams are named {@code <node>.<port>}. The node's slot hands incoming instances to it.
 *
 * @param <T> what the node's component provides
 */
final class OutputContract<T> implements NodeSlot.Preparer<T> {
    /** The plugin's own prepare (or open): its output ports. */
    @FunctionalInterface
    interface Prepare<T> {
        List<StreamSpec> apply(T instance) throws Exception;
    }

    private final NodeSpec spec;
    private final Prepare<T> prepare;
    private final NodeSlot.Use<T> close;
    private final NodeHealth health;
    private volatile List<StreamSpec> outputs = List.of();

    OutputContract(NodeSpec spec, Prepare<T> prepare, NodeSlot.Use<T> close, NodeHealth health) {
        this.spec = spec;
        this.prepare = prepare;
        this.close = close;
        this.health = health;
    }

    /** A source whose device (or file) is absent is OFFLINE; any other node that cannot prepare FAILED. */
    static NodeStatus unprepared(NodeSpec spec) {
        return spec.type().role() == Role.SOURCE ? NodeStatus.OFFLINE : NodeStatus.FAILED;
    }

    /** Prepares the first instance; its streams must be those the node's type declares. */
    List<StreamSpec> first(T instance) throws Exception {
        List<StreamSpec> out = qualify(prepare.apply(instance));
        List<String> declared = spec.outputs();
        if (spec.type().role() != Role.SINK && !declared.isEmpty()) {
            List<String> names = out.stream().map(StreamSpec::name).toList();
            if (!names.equals(declared)) {
                throw new NotStarted(
                        unprepared(spec), "produced streams " + names + " but its type declares " + declared);
            }
        }
        return out;
    }

    /** The streams the first instance produces, which later ones must match. */
    void prepared(List<StreamSpec> first) {
        outputs = first;
    }

    @Override
    public void prepare(T instance) throws Exception {
        List<StreamSpec> again = qualify(prepare.apply(instance));
        if (!sameShapes(again, outputs)) {
            throw new IllegalStateException("the new instance changes the outputs from " + outputs + " to " + again
                    + "; restart the pipeline to apply that");
        }
    }

    @Override
    public void close(T instance) {
        try {
            close.use(instance);
        } catch (Exception e) {
            health.set(health.status(), "close failed: " + e.getMessage());
        }
    }

    @Override
    public void refused(String why) {
        health.set(NodeStatus.FAILED, why);
    }

    private List<StreamSpec> qualify(List<StreamSpec> ports) {
        List<StreamSpec> out = new ArrayList<>();
        for (StreamSpec s : ports) {
            out.add(s.toBuilder()
                    .name(spec.name() + "." + s.name())
                    .source(spec.name())
                    .build());
        }
        return List.copyOf(out);
    }

    /** Same names, kinds, channels, rates and waveform lengths; blocks no longer than before. */
    private static boolean sameShapes(List<StreamSpec> a, List<StreamSpec> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            StreamSpec x = a.get(i);
            StreamSpec y = b.get(i);
            if (!x.name().equals(y.name())
                    || x.kind() != y.kind()
                    || x.channelCount() != y.channelCount()
                    || Double.compare(x.sampleRate(), y.sampleRate()) != 0
                    || x.blockSamples() > y.blockSamples()
                    || x.waveformLength() != y.waveformLength()) {
                return false;
            }
        }
        return true;
    }
}
