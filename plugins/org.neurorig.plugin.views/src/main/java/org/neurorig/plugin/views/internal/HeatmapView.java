package org.neurorig.plugin.views.internal;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
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
 * {@code view.heatmap}: binned rates or ΔF/F of up to 100,000 neurons as an image, one column per
 * time bin (sample or matrix row). Neurons are pooled (max or mean) into at most {@code rows} pixel
 * rows, so a frame holds what a screen can show; the columns since the last frame go out as one
 * base64 string of uint8 values with their scale ({@code lo}, {@code hi}), at most
 * {@code framesPerSecond} (≤ 30) times per second of wall time. Columns that arrive while no browser
 * watches or between two frames wait, up to {@code columns} of them (older ones are dropped: the page
 * could not show them anyway).
 *
 * <p>Inputs by position: the values; optionally an order, then optionally bands, each a
 * {@code MATRIX_F32} of one value per neuron whose newest row counts (as {@code model.sort.rastermap}'s
 * {@code order} and {@code bands} outputs): pixel row r then pools the neurons at positions
 * {@code r·perRow …} of the order instead of neurons {@code r·perRow …}, and the frames name the pixel
 * rows where the band changes ({@code bounds}), for the page to mark. An order that is not a
 * permutation of the neurons is refused (status) and the previous one kept; until one arrives, the
 * neurons are in channel order.
 */
@Designate(ocd = HeatmapViewConfig.class, factory = true)
@Component(
        name = "view.heatmap",
        configurationPid = "view.heatmap",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(
        type = "view.heatmap",
        inputs = {Kind.MATRIX_F32, Kind.CONTINUOUS_F32},
        maxInputs = 3,
        delivery = NodeType.Delivery.LIVE,
        constraints = "lo < hi")
public final class HeatmapView implements Sink {
    @Reference
    LiveFrames frames;
    /** Host clock for the frame-rate limit; tests replace it. */
    java.util.function.LongSupplier clock = System::nanoTime;

    private volatile HeatmapViewConfig config;
    private String node = "heatmap";
    private String header;
    private int neurons;
    private int perRow;
    private int rows;
    private boolean mean;
    private double rate;
    private long minFrameNanos;
    private float[] acc;
    /** Ring of pending decimated columns, each {@code rows} values. */
    private float[] pending;

    private int capacity;
    private int head;
    private int size;
    private long nextSample = -1;
    private byte[] bytes;
    private long lastFrameNanos = Long.MIN_VALUE / 2;
    private final StringBuilder json = new StringBuilder(1 << 12);
    private long framesSent;
    private long columnsDropped;
    private NodeContext context;
    /** Neuron at each position of the display order; null: channel order. */
    private int[] order;
    /** The order being checked: it replaces {@code order} only when it is a permutation. */
    private int[] incoming;
    /** Per neuron: the last order update that named it (a permutation names each once). */
    private int[] seenAt;

    private int updates;
    /** Band of each neuron (as the bands input gives them by display position), or null. */
    private int[] bands;
    /** {@code ,"bounds":[…]} for the frame: pixel rows where the band changes; empty while unknown. */
    private String bounds = "";
    /**
     * Sample numbers of the order and the bands in use: bands describe an order only when both come
     * from the same fit (the same sample); the two arrive as separate blocks, in either order.
     */
    private long orderSample = -1;

    private long bandsSample = -2;

    @Activate
    void activate(HeatmapViewConfig c) {
        config = c;
        check(c);
    }

    @Modified
    void modified(HeatmapViewConfig c) {
        check(c);
        config = c; // shape keys take effect at the next prepare; the scale at the next frame
    }

    private static void check(HeatmapViewConfig c) {
        if (!c.reduce().equals("max") && !c.reduce().equals("mean")) {
            throw new IllegalArgumentException("view.heatmap: reduce '" + c.reduce() + "' is not one of max, mean");
        }
        if (!c.autoScale() && !(c.hi() > c.lo())) {
            throw new IllegalArgumentException("view.heatmap: hi " + c.hi() + " must be above lo " + c.lo());
        }
    }

    @Override
    public void prepare(List<StreamSpec> inputs, NodeContext context) {
        HeatmapViewConfig c = config;
        StreamSpec in = inputs.get(0);
        node = context.nodeName();
        this.context = context;
        neurons = in.channelCount();
        for (int i = 1; i < inputs.size(); i++) {
            StreamSpec s = inputs.get(i);
            if (s.kind() != Kind.MATRIX_F32 || s.channelCount() != neurons) {
                throw new IllegalArgumentException("view.heatmap: input " + i + " (" + s.name() + ") must be the "
                        + (i == 1 ? "order" : "bands") + " of the " + neurons + " neurons of " + in.name()
                        + ": a MATRIX_F32 of " + neurons + " columns, got " + s.kind() + " of " + s.channelCount());
            }
        }
        order = null;
        incoming = inputs.size() > 1 ? new int[neurons] : null;
        seenAt = inputs.size() > 1 ? new int[neurons] : null;
        bands = null;
        bounds = "";
        orderSample = -1;
        bandsSample = -2;
        perRow = (neurons + c.rows() - 1) / c.rows();
        rows = (neurons + perRow - 1) / perRow;
        mean = c.reduce().equals("mean");
        rate = in.sampleRate() > 0 ? in.sampleRate() : 1;
        minFrameNanos = 1_000_000_000L / c.framesPerSecond();
        capacity = c.columns();
        acc = new float[rows];
        pending = new float[capacity * rows];
        bytes = new byte[capacity * rows];
        head = 0;
        size = 0;
        nextSample = -1;
        header = "\"stream\":\"" + TracesView.escape(in.name()) + "\",\"neurons\":" + neurons + ",\"rows\":" + rows
                + ",\"perRow\":" + perRow + ",\"reduce\":\"" + c.reduce() + "\",\"window\":" + capacity + ",\"dt\":"
                + (1 / rate);
    }

    @Override
    public void accept(Block in) {
        if (in.input() == 1) {
            takeOrder(in);
            return;
        }
        if (in.input() == 2) {
            takeBands(in);
            return;
        }
        int n = in.sampleCount();
        float[] v = in.f32();
        for (int s = 0; s < n; s++) {
            pool(v, s * neurons);
            int slot = (head + size) % capacity;
            if (size == capacity) { // the oldest column falls off the window
                head = (head + 1) % capacity;
                columnsDropped++;
            } else {
                size++;
            }
            System.arraycopy(acc, 0, pending, slot * rows, rows);
            nextSample = in.firstSample() + s + 1;
        }
        if (size > 0) {
            frame();
        }
    }

    /**
     * One time bin → {@code rows} pooled values in {@code acc}, row by row (no division per neuron);
     * NaN neurons are left out, a row of NaN only is NaN.
     */
    private void pool(float[] v, int base) {
        if (order != null) {
            poolOrdered(v, base);
            return;
        }
        for (int r = 0, from = base; r < rows; r++, from += perRow) {
            int to = Math.min(from + perRow, base + neurons);
            if (mean) {
                float sum = 0;
                int n = 0;
                for (int i = from; i < to; i++) {
                    float x = v[i];
                    if (x == x) {
                        sum += x;
                        n++;
                    }
                }
                acc[r] = n == 0 ? Float.NaN : sum / n;
            } else {
                float max = Float.NEGATIVE_INFINITY;
                for (int i = from; i < to; i++) {
                    if (v[i] > max) {
                        max = v[i];
                    }
                }
                acc[r] = max == Float.NEGATIVE_INFINITY ? Float.NaN : max;
            }
        }
    }

    /** As {@link #pool}, the neurons taken in the display order. */
    private void poolOrdered(float[] v, int base) {
        final int[] o = order;
        for (int r = 0, from = 0; r < rows; r++, from += perRow) {
            int to = Math.min(from + perRow, neurons);
            float sum = 0;
            int n = 0;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                float x = v[base + o[i]];
                if (x == x) {
                    sum += x;
                    n++;
                    max = x > max ? x : max;
                }
            }
            acc[r] = n == 0 ? Float.NaN : mean ? sum / n : max;
        }
    }

    /**
     * The newest row of an order update: adopted when it names every neuron once, else refused with a
     * status (a producer of another population, or a bug), the order in use kept.
     */
    private void takeOrder(Block in) {
        int k = in.sampleCount();
        if (k == 0) {
            return;
        }
        float[] v = in.f32();
        int base = (k - 1) * neurons;
        int stamp = ++updates;
        for (int r = 0; r < neurons; r++) {
            float x = v[base + r];
            int i = (int) x;
            if (!(x >= 0 && x < neurons && i == x) || seenAt[i] == stamp) {
                context.status(
                        NodeStatus.OK,
                        "view.heatmap: order update at sample " + (in.firstSample() + k - 1)
                                + " is not a permutation of the " + neurons + " neurons (position " + r + ": " + x
                                + "); the previous order stays");
                return;
            }
            seenAt[i] = stamp;
            incoming[r] = i;
        }
        orderSample = in.firstSample() + k - 1;
        int[] old = order;
        order = incoming;
        incoming = old != null ? old : new int[neurons]; // prepare's scratch, then the two swap
        updateBounds();
    }

    /** The newest row of a bands update: the band of each display position. */
    private void takeBands(Block in) {
        int k = in.sampleCount();
        if (k == 0) {
            return;
        }
        if (bands == null) {
            bands = new int[neurons];
        }
        float[] v = in.f32();
        int base = (k - 1) * neurons;
        for (int r = 0; r < neurons; r++) {
            bands[r] = (int) v[base + r];
        }
        bandsSample = in.firstSample() + k - 1;
        updateBounds();
    }

    /**
     * Pixel rows whose first neuron is in another band than the row above's, once the order and the
     * bands in use are of the same fit; none meanwhile.
     */
    private void updateBounds() {
        if (bands == null || order == null || orderSample != bandsSample) {
            bounds = "";
            return;
        }
        StringBuilder b = new StringBuilder(",\"bounds\":[");
        int marks = 0;
        for (int r = 1; r < rows; r++) {
            if (bands[r * perRow] != bands[(r - 1) * perRow]) {
                b.append(marks++ == 0 ? "" : ",").append(r);
            }
        }
        bounds = b.append(']').toString();
    }

    private void frame() {
        long now = clock.getAsLong();
        if (!frames.watched() || now - lastFrameNanos < minFrameNanos) {
            return;
        }
        lastFrameNanos = now;
        HeatmapViewConfig c = config;
        double lo = c.lo();
        double hi = c.hi();
        int total = size * rows;
        if (c.autoScale()) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < size; k++) {
                int base = ((head + k) % capacity) * rows;
                for (int r = 0; r < rows; r++) {
                    float x = pending[base + r];
                    if (x < lo) {
                        lo = x;
                    }
                    if (x > hi) {
                        hi = x;
                    }
                }
            }
            if (!(hi >= lo)) { // all NaN
                lo = 0;
                hi = 1;
            } else if (hi == lo) {
                hi = lo + 1;
            }
        }
        encode(lo, hi);
        long firstSample = nextSample - size;
        StringBuilder b = json;
        b.setLength(0);
        b.append("{\"view\":\"heatmap\",\"node\":\"")
                .append(TracesView.escape(node))
                .append("\",")
                .append(header)
                .append(",\"t0\":")
                .append(firstSample / rate)
                .append(",\"columns\":")
                .append(size)
                .append(",\"lo\":")
                .append((float) lo)
                .append(",\"hi\":")
                .append((float) hi)
                .append(",\"sorted\":")
                .append(order != null)
                .append(bounds)
                .append(",\"data\":\"")
                .append(Base64.getEncoder().encodeToString(total == bytes.length ? bytes : Arrays.copyOf(bytes, total)))
                .append("\"}");
        frames.publish(node, b.toString());
        framesSent++;
        head = 0;
        size = 0;
    }

    /**
     * Column-major uint8: byte {@code k·rows + r} is column k, row r, value lo + b·(hi − lo)/254;
     * 255 marks a row without a value (NaN).
     */
    void encode(double lo, double hi) {
        double k = 254 / (hi - lo);
        for (int col = 0; col < size; col++) {
            int src = ((head + col) % capacity) * rows;
            int dst = col * rows;
            for (int r = 0; r < rows; r++) {
                float x = pending[src + r];
                if (x != x) {
                    bytes[dst + r] = (byte) 255;
                } else {
                    long q = Math.round((x - lo) * k);
                    bytes[dst + r] = (byte) (q < 0 ? 0 : q > 254 ? 254 : q);
                }
            }
        }
    }

    int rows() {
        return rows;
    }

    int perRow() {
        return perRow;
    }

    long framesSent() {
        return framesSent;
    }

    long columnsDropped() {
        return columnsDropped;
    }
}
