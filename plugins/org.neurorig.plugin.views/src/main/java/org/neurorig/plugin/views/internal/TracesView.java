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
 * {@code view.traces}: scrolling multichannel traces for the page. Each channel is reduced to a
 * min/max envelope ({@code columnsPerSecond} columns per second of signal, in µV when the stream is
 * int16 with {@code bitVolts}), and a frame of columns goes to the browsers {@code framesPerSecond}
 * times per second of signal, never more than 60 per second of wall time. A live consumer: the
 * runtime drops blocks for it rather than wait, and no browser can slow it down.
 */
@Designate(ocd = TracesViewConfig.class, factory = true)
@Component(
        name = "view.traces",
        configurationPid = "view.traces",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(
        type = "view.traces",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1,
        delivery = NodeType.Delivery.LIVE)
public final class TracesView implements Sink {
    static final long MIN_FRAME_NANOS = 1_000_000_000L / 60;

    @Reference
    LiveFrames frames;
    /** Host clock for the 60 frames/s limit; tests replace it. */
    java.util.function.LongSupplier clock = System::nanoTime;

    private volatile TracesViewConfig config;
    private String node = "traces";
    private String header;
    private int first;
    private int shown;
    private int stride;
    private boolean int16;
    private float[] scale;
    private int samplesPerColumn;
    private int columnsPerFrame;
    private double rate;
    private float[] colMin;
    private float[] colMax;
    private float[] curMin;
    private float[] curMax;
    private int inColumn;
    private int column;
    private long frameFirstSample = -1;
    private long lastFrameNanos = Long.MIN_VALUE / 2;
    private final StringBuilder json = new StringBuilder(1 << 16);
    private long framesSent;
    private long framesSkipped;

    @Activate
    void activate(TracesViewConfig c) {
        config = c;
    }

    @Modified
    void modified(TracesViewConfig c) {
        config = c; // shape keys take effect at the next prepare; gain is read per frame
    }

    @Override
    public void prepare(List<StreamSpec> inputs, NodeContext context) {
        TracesViewConfig c = config;
        StreamSpec in = inputs.get(0);
        node = context.nodeName();
        stride = in.channelCount();
        first = c.firstChannel();
        if (first >= stride) {
            throw new IllegalArgumentException(
                    "view.traces: firstChannel " + first + " but " + in.name() + " has " + stride + " channels");
        }
        shown = Math.min(c.channels(), stride - first);
        int16 = in.kind() == Kind.CONTINUOUS_I16;
        scale = new float[shown];
        StringBuilder h = new StringBuilder();
        h.append("\"stream\":\"")
                .append(escape(in.name()))
                .append("\",\"units\":\"")
                .append(escape(
                        in.channels().isEmpty() ? "" : in.channels().get(first).units()))
                .append("\",\"ch\":[");
        for (int i = 0; i < shown; i++) {
            var ch = in.channels().get(first + i);
            scale[i] = int16 ? (float) ch.bitVolts() : 1f;
            h.append(i == 0 ? "" : ",").append('"').append(escape(ch.name())).append('"');
        }
        h.append(']');
        header = h.toString();
        rate = in.sampleRate() > 0 ? in.sampleRate() : 1000;
        samplesPerColumn = (int) Math.max(1, Math.round(rate / c.columnsPerSecond()));
        columnsPerFrame = (int) Math.max(1, Math.round(rate / c.framesPerSecond() / samplesPerColumn));
        colMin = new float[columnsPerFrame * shown];
        colMax = new float[columnsPerFrame * shown];
        curMin = new float[shown];
        curMax = new float[shown];
        resetColumn();
        inColumn = 0;
        column = 0;
        frameFirstSample = -1;
    }

    @Override
    public void accept(Block in) {
        int n = in.sampleCount();
        short[] i16 = in.i16();
        float[] f32 = in.f32();
        for (int s = 0; s < n; s++) {
            if (frameFirstSample < 0) {
                frameFirstSample = in.firstSample() + s;
            }
            int base = s * stride + first;
            for (int c = 0; c < shown; c++) {
                float v = int16 ? i16[base + c] * scale[c] : f32[base + c];
                if (v < curMin[c]) {
                    curMin[c] = v;
                }
                if (v > curMax[c]) {
                    curMax[c] = v;
                }
            }
            if (++inColumn == samplesPerColumn) {
                System.arraycopy(curMin, 0, colMin, column * shown, shown);
                System.arraycopy(curMax, 0, colMax, column * shown, shown);
                resetColumn();
                inColumn = 0;
                if (++column == columnsPerFrame) {
                    frame();
                    column = 0;
                    frameFirstSample = -1;
                }
            }
        }
    }

    private void resetColumn() {
        java.util.Arrays.fill(curMin, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(curMax, Float.NEGATIVE_INFINITY);
    }

    private void frame() {
        long now = clock.getAsLong();
        if (!frames.watched() || now - lastFrameNanos < MIN_FRAME_NANOS) {
            framesSkipped++;
            return;
        }
        lastFrameNanos = now;
        StringBuilder b = json;
        b.setLength(0);
        b.append("{\"view\":\"traces\",\"node\":\"")
                .append(escape(node))
                .append("\",")
                .append(header)
                .append(",\"gain\":")
                .append(config.gain())
                .append(",\"t0\":")
                .append(frameFirstSample / rate)
                .append(",\"dt\":")
                .append(samplesPerColumn / rate)
                .append(",\"columns\":")
                .append(columnsPerFrame)
                .append(",\"min\":");
        matrix(b, colMin);
        b.append(",\"max\":");
        matrix(b, colMax);
        b.append('}');
        frames.publish(node, b.toString());
        framesSent++;
    }

    /** Channel-major rows of the column-major buffer, one decimal (0.1 µV is below any display). */
    private void matrix(StringBuilder b, float[] cols) {
        b.append('[');
        for (int c = 0; c < shown; c++) {
            b.append(c == 0 ? "[" : ",[");
            for (int k = 0; k < columnsPerFrame; k++) {
                if (k > 0) {
                    b.append(',');
                }
                float v = cols[k * shown + c];
                long tenths = Math.round(v * 10.0);
                if (tenths < 0) {
                    b.append('-');
                    tenths = -tenths;
                }
                b.append(tenths / 10);
                if (tenths % 10 != 0) {
                    b.append('.').append(tenths % 10);
                }
            }
            b.append(']');
        }
        b.append(']');
    }

    long framesSent() {
        return framesSent;
    }

    long framesSkipped() {
        return framesSkipped;
    }

    int samplesPerColumn() {
        return samplesPerColumn;
    }

    int columnsPerFrame() {
        return columnsPerFrame;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
