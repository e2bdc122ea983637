package org.neurorig.plugin.views.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.neurorig.api.Block;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeProperties;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;
import org.neurorig.web.LiveFrames;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code view.model}: model quality per neuron. Every input is one row per fit (MATRIX_F32, sample
 * rate 0): an {@code r2} stream of {@code model.encoding.ridge} or {@code model.encoding.compare}
 * becomes sorted R² curves, one per feature set (compare's channels are {@code set:neuron},
 * set-major), each cut to at most {@code points} points; a {@code dprime} stream of
 * {@code model.selectivity} (recognised by its name, {@code <node>.dprime}) becomes a d' histogram.
 * One frame per row: fits are rare, so no rate limit is needed.
 */
@Designate(ocd = ModelViewConfig.class, factory = true)
@Component(name = "view.model", configurationPid = "view.model", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class, property = {NodeProperties.TYPE + "=view.model", NodeProperties.DELIVERY + "=live",
                NodeProperties.INPUTS + "=MATRIX_F32"})
public final class ModelView implements Sink {
    @Reference
    LiveFrames frames;

    private volatile ModelViewConfig config;
    private String node = "model";
    private String firstStream;
    private List<StreamSpec> specs;
    private boolean[] dprime;
    /** Per input: feature set names and where each starts in a row. */
    private String[][] sets;
    private int[][] setStart;
    private float[] scratch;
    private int[] counts;
    private final StringBuilder json = new StringBuilder(1 << 14);

    @Activate
    void activate(ModelViewConfig c) {
        config = c;
    }

    @Modified
    void modified(ModelViewConfig c) {
        config = c; // read at the next row
    }

    @Override
    public void prepare(List<StreamSpec> inputs, NodeContext context) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("view.model needs an r2 (or dprime) stream");
        }
        node = context.nodeName();
        specs = List.copyOf(inputs);
        firstStream = TracesView.escape(inputs.get(0).name());
        int n = inputs.size();
        dprime = new boolean[n];
        sets = new String[n][];
        setStart = new int[n][];
        int widest = 1;
        for (int i = 0; i < n; i++) {
            StreamSpec s = inputs.get(i);
            dprime[i] = s.name().endsWith(".dprime");
            widest = Math.max(widest, s.channelCount());
            List<String> names = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            for (int c = 0; c < s.channelCount(); c++) {
                String ch = s.channels().get(c).name();
                int colon = ch.indexOf(':');
                String set = colon > 0 && !dprime[i] ? ch.substring(0, colon) : "";
                if (names.isEmpty() || !names.get(names.size() - 1).equals(set)) {
                    names.add(set);
                    starts.add(c);
                }
            }
            starts.add(s.channelCount());
            sets[i] = names.toArray(String[]::new);
            setStart[i] = starts.stream().mapToInt(Integer::intValue).toArray();
        }
        scratch = new float[widest];
        counts = new int[200];
    }

    @Override
    public void accept(Block in) {
        if (!frames.watched()) {
            return;
        }
        int i = in.input();
        int stride = specs.get(i).channelCount();
        for (int r = 0; r < in.sampleCount(); r++) {
            if (dprime[i]) {
                histogram(i, in.f32(), r * stride, stride);
            } else {
                curves(i, in.f32(), r * stride);
            }
            frames.publish(node, json.toString());
        }
    }

    private StringBuilder start(int input, String part) {
        StringBuilder b = json;
        b.setLength(0);
        return b.append("{\"view\":\"model\",\"node\":\"").append(TracesView.escape(node)).append("\",\"stream\":\"")
                .append(firstStream).append("\",\"part\":\"").append(part).append("\",\"source\":\"")
                .append(TracesView.escape(specs.get(input).name())).append('"');
    }

    /** Sorted (descending) R² per set, NaN left out, sampled evenly by rank to at most {@code points}. */
    private void curves(int input, float[] v, int base) {
        int points = config.points();
        StringBuilder b = start(input, "r2");
        StringBuilder sorted = new StringBuilder();
        b.append(",\"sets\":[");
        StringBuilder n = new StringBuilder(",\"n\":[");
        StringBuilder mean = new StringBuilder(",\"mean\":[");
        for (int s = 0; s < sets[input].length; s++) {
            int from = setStart[input][s];
            int to = setStart[input][s + 1];
            int k = 0;
            double sum = 0;
            for (int c = from; c < to; c++) {
                float x = v[base + c];
                if (x == x) {
                    scratch[k++] = x;
                    sum += x;
                }
            }
            Arrays.sort(scratch, 0, k);
            String sep = s == 0 ? "" : ",";
            b.append(sep).append('"').append(TracesView.escape(sets[input][s])).append('"');
            n.append(sep).append(k);
            mean.append(sep);
            if (k == 0) {
                mean.append("null");
            } else {
                mean.append((float) (sum / k));
            }
            sorted.append(sep).append('[');
            int m = Math.min(points, k);
            for (int j = 0; j < m; j++) {
                int rank = m == 1 ? 0 : (int) Math.round((double) j * (k - 1) / (m - 1));
                sorted.append(j == 0 ? "" : ",").append(scratch[k - 1 - rank]);
            }
            sorted.append(']');
        }
        b.append(']').append(n).append(']').append(mean).append("],\"sorted\":[").append(sorted).append("]}");
    }

    /** d' in {@code bins} equal bins over -range..range; values beyond land in the end bins, NaN is counted apart. */
    private void histogram(int input, float[] v, int base, int stride) {
        ModelViewConfig c = config;
        int bins = c.bins();
        double range = c.range();
        if (counts.length < bins) {
            counts = new int[bins];
        }
        Arrays.fill(counts, 0, bins, 0);
        int nan = 0;
        for (int k = 0; k < stride; k++) {
            float x = v[base + k];
            if (x != x) {
                nan++;
                continue;
            }
            int bin = (int) Math.floor((x + range) / (2 * range) * bins);
            counts[Math.max(0, Math.min(bins - 1, bin))]++;
        }
        StringBuilder b = start(input, "dprime");
        b.append(",\"lo\":").append(-range).append(",\"hi\":").append(range).append(",\"n\":").append(stride - nan)
                .append(",\"nan\":").append(nan).append(",\"counts\":[");
        for (int k = 0; k < bins; k++) {
            b.append(k == 0 ? "" : ",").append(counts[k]);
        }
        b.append("]}");
    }
}
