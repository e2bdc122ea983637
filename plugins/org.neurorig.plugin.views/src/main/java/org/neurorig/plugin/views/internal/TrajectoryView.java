package org.neurorig.plugin.views.internal;

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
 * {@code view.trajectory}: decoded against true trajectory. Input 0 is the decoded stream, input 1
 * (optional) the true one, both MATRIX_F32; {@code columns} names the two columns drawn (x, y or
 * vx, vy). The rows since the last frame go to the page as {@code [t, x, y]} points per input, at most
 * {@code framesPerSecond} (≤ 30) frames per second of wall time; the page draws the last
 * {@code seconds} of each as a polyline. Points that wait longer than {@code seconds} are dropped.
 */
@Designate(ocd = TrajectoryViewConfig.class, factory = true)
@Component(
        name = "view.trajectory",
        configurationPid = "view.trajectory",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(type = "view.trajectory", inputs = Kind.MATRIX_F32, delivery = NodeType.Delivery.LIVE)
public final class TrajectoryView implements Sink {
    private static final String[] NAMES = {"decoded", "true"};

    @Reference
    LiveFrames frames;
    /** Host clock for the frame-rate limit; tests replace it. */
    java.util.function.LongSupplier clock = System::nanoTime;

    private volatile TrajectoryViewConfig config;
    private String node = "trajectory";
    private String header;
    private String decodedStream;
    private int inputs;
    private int[] stride;
    private int[] colX;
    private int[] colY;
    private double[] rate;
    /** Per input a ring of pending points, 3 floats each (t, x, y); t as double seconds in a parallel ring. */
    private double[][] t;

    private float[][] xy;
    private int[] head;
    private int[] size;
    private int capacity;
    private long minFrameNanos;
    private long lastFrameNanos = Long.MIN_VALUE / 2;
    private final StringBuilder json = new StringBuilder(1 << 12);
    private long framesSent;

    @Activate
    void activate(TrajectoryViewConfig c) {
        config = c;
        columnKeys(c);
    }

    @Modified
    void modified(TrajectoryViewConfig c) {
        columnKeys(c);
        config = c; // takes effect at the next prepare
    }

    private static String[] columnKeys(TrajectoryViewConfig c) {
        String[] k = c.columns().split(",");
        if (k.length != 2 || k[0].isBlank() || k[1].isBlank()) {
            throw new IllegalArgumentException(
                    "view.trajectory: columns '" + c.columns() + "' must name two columns, e.g. x,y");
        }
        return new String[] {k[0].trim(), k[1].trim()};
    }

    @Override
    public void prepare(List<StreamSpec> in, NodeContext context) {
        if (in.isEmpty() || in.size() > 2) {
            throw new IllegalArgumentException(
                    "view.trajectory takes the decoded stream and optionally the true one, got " + in.size()
                            + " inputs");
        }
        TrajectoryViewConfig c = config;
        String[] keys = columnKeys(c);
        node = context.nodeName();
        inputs = in.size();
        stride = new int[inputs];
        colX = new int[inputs];
        colY = new int[inputs];
        rate = new double[inputs];
        double maxRate = 1;
        StringBuilder streams = new StringBuilder();
        for (int i = 0; i < inputs; i++) {
            StreamSpec s = in.get(i);
            stride[i] = s.channelCount();
            colX[i] = column(s, keys[0]);
            colY[i] = column(s, keys[1]);
            rate[i] = s.sampleRate() > 0 ? s.sampleRate() : 1;
            maxRate = Math.max(maxRate, rate[i]);
            streams.append(i == 0 ? "\"" : ",\"")
                    .append(TracesView.escape(s.name()))
                    .append('"');
        }
        decodedStream = TracesView.escape(in.get(0).name());
        capacity = (int) Math.ceil(c.seconds() * maxRate) + 1;
        t = new double[inputs][capacity];
        xy = new float[inputs][2 * capacity];
        head = new int[inputs];
        size = new int[inputs];
        minFrameNanos = 1_000_000_000L / c.framesPerSecond();
        header = "\"streams\":[" + streams + "],\"columns\":[\"" + TracesView.escape(keys[0]) + "\",\""
                + TracesView.escape(keys[1]) + "\"],\"seconds\":" + c.seconds();
    }

    /** The index of a column named (or numbered) {@code key} in {@code s}. */
    static int column(StreamSpec s, String key) {
        for (int c = 0; c < s.channelCount(); c++) {
            if (s.channels().get(c).name().equals(key)) {
                return c;
            }
        }
        try {
            int c = Integer.parseInt(key);
            if (c >= 0 && c < s.channelCount()) {
                return c;
            }
        } catch (NumberFormatException e) {
            // not an index either: reported below
        }
        StringBuilder names = new StringBuilder();
        for (int c = 0; c < s.channelCount(); c++) {
            names.append(c == 0 ? "" : ", ").append(s.channels().get(c).name());
        }
        throw new IllegalArgumentException("view.trajectory: columns key '" + key + "' is neither a column of "
                + s.name() + " (" + names + ") nor an index below " + s.channelCount());
    }

    @Override
    public void accept(Block in) {
        int i = in.input();
        int n = in.sampleCount();
        float[] v = in.f32();
        for (int s = 0; s < n; s++) {
            int slot = (head[i] + size[i]) % capacity;
            if (size[i] == capacity) {
                head[i] = (head[i] + 1) % capacity;
            } else {
                size[i]++;
            }
            t[i][slot] = (in.firstSample() + s) / rate[i];
            xy[i][2 * slot] = v[s * stride[i] + colX[i]];
            xy[i][2 * slot + 1] = v[s * stride[i] + colY[i]];
        }
        frame();
    }

    private void frame() {
        long now = clock.getAsLong();
        if (!frames.watched() || now - lastFrameNanos < minFrameNanos) {
            return;
        }
        lastFrameNanos = now;
        StringBuilder b = json;
        b.setLength(0);
        b.append("{\"view\":\"trajectory\",\"node\":\"")
                .append(TracesView.escape(node))
                .append("\",\"stream\":\"")
                .append(decodedStream)
                .append("\",")
                .append(header);
        for (int i = 0; i < inputs; i++) {
            b.append(",\"").append(NAMES[i]).append("\":[");
            for (int k = 0; k < size[i]; k++) {
                int slot = (head[i] + k) % capacity;
                b.append(k == 0 ? "[" : ",[").append((float) t[i][slot]).append(',');
                number(b, xy[i][2 * slot]).append(',');
                number(b, xy[i][2 * slot + 1]).append(']');
            }
            b.append(']');
            head[i] = 0;
            size[i] = 0;
        }
        b.append('}');
        frames.publish(node, b.toString());
        framesSent++;
    }

    /** JSON has no NaN: a decoder still calibrating sends null (a break in the polyline). */
    private static StringBuilder number(StringBuilder b, float v) {
        return Float.isFinite(v) ? b.append(v) : b.append("null");
    }

    long framesSent() {
        return framesSent;
    }
}
