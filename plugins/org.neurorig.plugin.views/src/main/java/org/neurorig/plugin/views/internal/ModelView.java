package org.neurorig.plugin.views.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
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
 * {@code view.model}: model quality per neuron, and the coding direction. Inputs, told apart by
 * kind and by their port's name:
 * <ul>
 * <li>an {@code r2} row (MATRIX_F32, one row per fit) of {@code model.encoding.ridge} or
 * {@code model.encoding.compare} becomes sorted R² curves, one per feature set (compare's channels are
 * {@code set:neuron}, set-major), each cut to at most {@code points} points;</li>
 * <li>{@code <node>.best} (compare's per-neuron index of the best set) becomes the count of neurons per
 * set and, when {@code <node>.r2} of the same fit is also an input, each neuron's R² of its best set
 * (and, for two sets, both R² per neuron for a scatter);</li>
 * <li>{@code <node>.dprime} ({@code model.selectivity}) becomes a d' histogram;</li>
 * <li>{@code <node>.proj} (selectivity's projection on the coding direction, one value per imaging
 * frame) becomes a rolling trace of the last {@code seconds}, at most {@code framesPerSecond} frames
 * per second; with an EVENTS input (the condition labels selectivity takes: state 1 with a condition's
 * text starts a trial) also the projection per trial aligned to onset, averaged per condition, sent
 * when a trial's window has passed and once a second.</li>
 * </ul>
 * Fit rows are rare, so each makes one frame. No frame is built while no page watches, but the
 * projection and the trials are kept, so a page opened later sees the averages so far.
 */
@Designate(ocd = ModelViewConfig.class, factory = true)
@Component(
        name = "view.model",
        configurationPid = "view.model",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(
        type = "view.model",
        inputs = {Kind.MATRIX_F32, Kind.CONTINUOUS_F32, Kind.EVENTS},
        delivery = NodeType.Delivery.LIVE)
public final class ModelView implements Sink {
    private static final int R2 = 0;
    private static final int DPRIME = 1;
    private static final int BEST = 2;
    private static final int PROJ = 3;
    private static final int LABELS = 4;
    private static final long TRIALS_EVERY_NANOS = 1_000_000_000L;

    @Reference
    LiveFrames frames;
    /** Host clock for the frame-rate limits; tests replace it. */
    java.util.function.LongSupplier clock = System::nanoTime;

    private volatile ModelViewConfig config;
    private String node = "model";
    private String firstStream;
    private List<StreamSpec> specs;
    private int[] role;
    /** Per input: feature set names and where each starts in a row. */
    private String[][] sets;

    private int[][] setStart;
    private float[] scratch;
    private int[] counts;
    /** Per r2 input: its latest row and that fit's row count (the rows' first sample). */
    private float[][] lastR2;

    private long[] lastR2Fit;
    /** Per best input: the r2 input of the same node (−1 = none), its latest row, fit, and whether it went out with R². */
    private int[] bestR2;

    private float[][] lastBest;
    private long[] lastBestFit;
    private boolean[] bestSentWithR2;
    private int proj = -1;
    private final ProjectionTrials trials = new ProjectionTrials();
    private ModelViewConfig trialsSizedFor;
    private long minTraceNanos;
    private int projPoints;
    private long lastTraceNanos = Long.MIN_VALUE / 2;
    private long lastTrialsNanos = Long.MIN_VALUE / 2;
    private final StringBuilder json = new StringBuilder(1 << 14);

    @Activate
    void activate(ModelViewConfig c) {
        config = c;
    }

    @Modified
    void modified(ModelViewConfig c) {
        config = c; // read at the next row; the projection's buffers are re-sized at its next block
    }

    @Override
    public void prepare(List<StreamSpec> inputs, NodeContext context) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("view.model needs an r2, best, dprime or proj stream");
        }
        node = context.nodeName();
        specs = List.copyOf(inputs);
        firstStream = TracesView.escape(inputs.get(0).name());
        int n = inputs.size();
        role = new int[n];
        sets = new String[n][];
        setStart = new int[n][];
        lastR2 = new float[n][];
        lastR2Fit = new long[n];
        bestR2 = new int[n];
        lastBest = new float[n][];
        lastBestFit = new long[n];
        bestSentWithR2 = new boolean[n];
        proj = -1;
        int labels = -1;
        int widest = 1;
        for (int i = 0; i < n; i++) {
            StreamSpec s = inputs.get(i);
            String name = s.name();
            role[i] = s.kind() == Kind.EVENTS
                    ? LABELS
                    : name.endsWith(".dprime")
                            ? DPRIME
                            : name.endsWith(".best") ? BEST : name.endsWith(".proj") ? PROJ : R2;
            if (role[i] == LABELS || role[i] == PROJ) {
                if ((role[i] == LABELS ? labels : proj) >= 0) {
                    throw new IllegalArgumentException(
                            "view.model takes one projection and one label stream, got " + inputs);
                }
                if (role[i] == LABELS) {
                    labels = i;
                } else {
                    proj = i;
                }
                continue;
            }
            if (s.kind() != Kind.MATRIX_F32) {
                throw new IllegalArgumentException(
                        "view.model: " + name + " is " + s.kind() + "; r2, best and dprime" + " rows are MATRIX_F32");
            }
            widest = Math.max(widest, s.channelCount());
            List<String> names = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            for (int c = 0; c < s.channelCount(); c++) {
                String ch = s.channels().get(c).name();
                int colon = ch.indexOf(':');
                String set = colon > 0 && role[i] == R2 ? ch.substring(0, colon) : "";
                if (names.isEmpty() || !names.get(names.size() - 1).equals(set)) {
                    names.add(set);
                    starts.add(c);
                }
            }
            starts.add(s.channelCount());
            sets[i] = names.toArray(String[]::new);
            setStart[i] = starts.stream().mapToInt(Integer::intValue).toArray();
            lastR2Fit[i] = Long.MIN_VALUE;
            lastBestFit[i] = Long.MIN_VALUE;
            if (role[i] == R2) {
                lastR2[i] = new float[s.channelCount()];
            } else if (role[i] == BEST) {
                lastBest[i] = new float[s.channelCount()];
            }
        }
        for (int i = 0; i < n; i++) {
            bestR2[i] = -1;
            if (role[i] == BEST) {
                String r2 =
                        inputs.get(i).name().substring(0, inputs.get(i).name().length() - ".best".length()) + ".r2";
                for (int j = 0; j < n; j++) {
                    if (role[j] == R2
                            && inputs.get(j).name().equals(r2)
                            && sameWidthSets(j, inputs.get(i).channelCount())) {
                        bestR2[i] = j;
                    }
                }
            }
        }
        if (labels >= 0 && proj < 0) {
            throw new IllegalArgumentException(
                    "view.model: the label stream " + inputs.get(labels).name()
                            + " aligns trials of a projection; add model.selectivity's proj stream as an input");
        }
        if (proj >= 0 && !(inputs.get(proj).sampleRate() > 0)) {
            throw new IllegalArgumentException(
                    "view.model: the projection " + inputs.get(proj).name() + " needs a frame rate, got "
                            + inputs.get(proj).sampleRate());
        }
        trialsSizedFor = null;
        scratch = new float[widest];
        counts = new int[200];
    }

    /** Whether every set of r2 input j has exactly one value per neuron of a best row of {@code neurons}. */
    private boolean sameWidthSets(int j, int neurons) {
        for (int s = 0; s < sets[j].length; s++) {
            if (setStart[j][s + 1] - setStart[j][s] != neurons) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void accept(Block in) {
        int i = in.input();
        switch (role[i]) {
            case PROJ -> projection(in);
            case LABELS -> labels(in);
            case BEST -> best(in);
            case R2 -> r2(in);
            default -> {
                if (frames.watched()) {
                    int stride = specs.get(i).channelCount();
                    for (int r = 0; r < in.sampleCount(); r++) {
                        histogram(i, in.f32(), r * stride, stride);
                        frames.publish(node, json.toString());
                    }
                }
            }
        }
    }

    private void r2(Block in) {
        int i = in.input();
        int stride = specs.get(i).channelCount();
        for (int r = 0; r < in.sampleCount(); r++) {
            System.arraycopy(in.f32(), r * stride, lastR2[i], 0, stride);
            lastR2Fit[i] = in.firstSample() + r;
            if (frames.watched()) {
                curves(i, in.f32(), r * stride);
                frames.publish(node, json.toString());
            }
        }
        // the best row of the same fit may have come first: send it again, now with its R²
        for (int b = 0; b < role.length; b++) {
            if (bestR2[b] == i && !bestSentWithR2[b] && lastBestFit[b] == lastR2Fit[i] && frames.watched()) {
                bestFrame(b);
                frames.publish(node, json.toString());
            }
        }
    }

    private void best(Block in) {
        int i = in.input();
        int stride = specs.get(i).channelCount();
        for (int r = 0; r < in.sampleCount(); r++) {
            System.arraycopy(in.f32(), r * stride, lastBest[i], 0, stride);
            lastBestFit[i] = in.firstSample() + r;
            bestSentWithR2[i] = false;
            if (frames.watched()) {
                bestFrame(i);
                frames.publish(node, json.toString());
            }
        }
    }

    /** Called once per projection block: allocates nothing but the JSON strings of the frames it sends. */
    private void projection(Block in) {
        sizeTrials();
        trials.add(in.f32(), specs.get(proj).channelCount(), in.firstSample(), in.sampleCount());
        int done = trials.completeTrials();
        if (!frames.watched()) {
            return;
        }
        long now = clock.getAsLong();
        if (now - lastTraceNanos >= minTraceNanos) {
            lastTraceNanos = now;
            trials.writeTrace(start(proj, "proj"), projPoints);
            frames.publish(node, json.append('}').toString());
        }
        if (trials.hasTrials() && (done > 0 || now - lastTrialsNanos >= TRIALS_EVERY_NANOS)) {
            lastTrialsNanos = now;
            trials.writeTrials(start(proj, "trials"), projPoints);
            frames.publish(node, json.append('}').toString());
        }
    }

    /** Re-sizes the projection's buffers after a configuration change (and before the first block). */
    private void sizeTrials() {
        ModelViewConfig c = config;
        if (trialsSizedFor != c) {
            trials.resize(c, specs.get(proj).sampleRate());
            minTraceNanos = 1_000_000_000L / c.framesPerSecond();
            projPoints = c.points();
            trialsSizedFor = c;
        }
    }

    private void labels(Block in) {
        sizeTrials();
        for (int e = 0; e < in.sampleCount(); e++) {
            String text = in.itemText()[e];
            if (text == null || in.itemValue()[e] == 0) {
                continue; // a TTL edge or a condition's end: no trial starts
            }
            int k = trials.condition(text);
            if (k >= 0) {
                trials.onset(in.itemSample()[e], k);
            }
        }
    }

    /** A number, or null for NaN and infinities (JSON has neither). */
    static void number(StringBuilder b, double v) {
        if (Double.isFinite(v)) {
            b.append((float) v);
        } else {
            b.append("null");
        }
    }

    private StringBuilder start(int input, String part) {
        StringBuilder b = json;
        b.setLength(0);
        return b.append("{\"view\":\"model\",\"node\":\"")
                .append(TracesView.escape(node))
                .append("\",\"stream\":\"")
                .append(firstStream)
                .append("\",\"part\":\"")
                .append(part)
                .append("\",\"source\":\"")
                .append(TracesView.escape(specs.get(input).name()))
                .append('"');
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
        b.append(']')
                .append(n)
                .append(']')
                .append(mean)
                .append("],\"sorted\":[")
                .append(sorted)
                .append("]}");
    }

    /**
     * Neurons per best set ({@code undefined}: −1, NaN or out of range) and, when the r2 row of the
     * same fit is known, each neuron's R² of its best set and, for two sets, both R² per neuron;
     * per-neuron arrays take every {@code stride}-th neuron so that at most {@code points} go out.
     */
    private void bestFrame(int input) {
        float[] best = lastBest[input];
        int neurons = best.length;
        int r2 = bestR2[input] >= 0 && lastR2Fit[bestR2[input]] == lastBestFit[input] ? bestR2[input] : -1;
        int k;
        if (r2 >= 0) {
            k = sets[r2].length;
        } else {
            k = 0; // without the r2 stream the sets are only numbered: as many as the largest index says
            for (float v : best) {
                if (v >= 0 && v < 1000) {
                    k = Math.max(k, (int) v + 1);
                }
            }
        }
        if (counts.length < k) {
            counts = new int[k];
        }
        Arrays.fill(counts, 0, k, 0);
        int undefined = 0;
        for (float v : best) {
            if (v >= 0 && v < k) {
                counts[(int) v]++;
            } else {
                undefined++;
            }
        }
        StringBuilder b = start(input, "best");
        b.append(",\"fit\":").append(lastBestFit[input]).append(",\"sets\":[");
        for (int s = 0; s < k; s++) {
            b.append(s == 0 ? "\"" : ",\"")
                    .append(r2 >= 0 ? TracesView.escape(sets[r2][s]) : "set " + s)
                    .append('"');
        }
        b.append("],\"neurons\":")
                .append(neurons)
                .append(",\"undefined\":")
                .append(undefined)
                .append(",\"counts\":[");
        for (int s = 0; s < k; s++) {
            b.append(s == 0 ? "" : ",").append(counts[s]);
        }
        b.append(']');
        if (r2 >= 0) {
            bestSentWithR2[input] = true;
            float[] row = lastR2[r2];
            int stride = (neurons + config.points() - 1) / config.points();
            b.append(",\"stride\":").append(stride).append(",\"best\":[");
            for (int j = 0; j < neurons; j += stride) {
                float v = best[j];
                b.append(j == 0 ? "" : ",").append(v >= 0 && v < k ? (int) v : -1);
            }
            b.append("],\"bestR2\":[");
            for (int j = 0; j < neurons; j += stride) {
                float v = best[j];
                if (j > 0) {
                    b.append(',');
                }
                number(b, v >= 0 && v < k ? row[setStart[r2][(int) v] + j] : Double.NaN);
            }
            b.append(']');
            if (k == 2) {
                b.append(",\"r2\":[");
                for (int s = 0; s < 2; s++) {
                    b.append(s == 0 ? "[" : ",[");
                    for (int j = 0; j < neurons; j += stride) {
                        if (j > 0) {
                            b.append(',');
                        }
                        number(b, row[setStart[r2][s] + j]);
                    }
                    b.append(']');
                }
                b.append(']');
            }
        }
        b.append('}');
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
        b.append(",\"lo\":")
                .append(-range)
                .append(",\"hi\":")
                .append(range)
                .append(",\"n\":")
                .append(stride - nan)
                .append(",\"nan\":")
                .append(nan)
                .append(",\"counts\":[");
        for (int k = 0; k < bins; k++) {
            b.append(k == 0 ? "" : ",").append(counts[k]);
        }
        b.append("]}");
    }
}
