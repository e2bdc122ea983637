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
 * {@code view.raster}: a spike raster for the page. Spikes (time, channel) are gathered into frames of
 * {@code 1/framesPerSecond} s of signal (at most {@code maxSpikesPerFrame}, the rest counted), and the
 * rows are re-ordered every {@code resortSeconds} so that channels with similar activity sit together
 * ({@link RasterOrder}). A live consumer, like every view.
 */
@Designate(ocd = RasterViewConfig.class, factory = true)
@Component(
        name = "view.raster",
        configurationPid = "view.raster",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(type = "view.raster", inputs = Kind.SPIKES, maxInputs = 1, delivery = NodeType.Delivery.LIVE)
public final class RasterView implements Sink {
    @Reference
    LiveFrames frames;

    java.util.function.LongSupplier clock = System::nanoTime;

    private volatile RasterViewConfig config;
    private String node = "raster";
    private String stream = "";
    private int rows;
    private double rate;
    private long samplesPerFrame;
    private long samplesPerBin;
    private long binsPerResort;
    private long frameStart = -1;
    private long binStart = -1;
    private long binsSinceResort;
    private long[] spikeSample;
    private int[] spikeRow;
    private int spikes;
    private long overflow;
    private RasterOrder order;
    private long lastFrameNanos = Long.MIN_VALUE / 2;
    private final StringBuilder json = new StringBuilder(1 << 16);
    private long framesSent;

    @Activate
    void activate(RasterViewConfig c) {
        config = c;
    }

    @Modified
    void modified(RasterViewConfig c) {
        config = c; // takes effect at the next prepare
    }

    @Override
    public void prepare(List<StreamSpec> inputs, NodeContext context) {
        RasterViewConfig c = config;
        StreamSpec in = inputs.get(0);
        node = context.nodeName();
        stream = in.name();
        rows = Math.max(1, in.channelCount());
        rate = in.sampleRate() > 0 ? in.sampleRate() : 30000;
        samplesPerFrame = Math.max(1, Math.round(rate / c.framesPerSecond()));
        samplesPerBin = Math.max(1, Math.round(rate * c.binMillis() / 1000));
        int bins = (int) Math.max(4, Math.round(c.resortSeconds() * 1000 / c.binMillis()));
        binsPerResort = bins;
        spikeSample = new long[c.maxSpikesPerFrame()];
        spikeRow = new int[c.maxSpikesPerFrame()];
        order = new RasterOrder(rows, bins);
        spikes = 0;
        overflow = 0;
        frameStart = -1;
        binStart = -1;
        binsSinceResort = 0;
    }

    @Override
    public void accept(Block in) {
        int n = in.sampleCount();
        long[] sample = in.itemSample();
        int[] channel = in.itemChannel();
        for (int i = 0; i < n; i++) {
            advanceTo(sample[i]);
            order.add(channel[i]);
            if (spikes < spikeSample.length) {
                spikeSample[spikes] = sample[i];
                spikeRow[spikes] = channel[i];
                spikes++;
            } else {
                overflow++;
            }
        }
        // The detector's blocks also carry its horizon: time advances without spikes too.
        advanceTo(in.firstSample());
    }

    private void advanceTo(long s) {
        if (frameStart < 0) {
            frameStart = s;
            binStart = s;
            return;
        }
        while (s >= binStart + samplesPerBin) {
            binStart += samplesPerBin;
            order.nextBin();
            if (++binsSinceResort >= binsPerResort) {
                binsSinceResort = 0;
                order.reorder();
            }
        }
        if (s >= frameStart + samplesPerFrame) {
            frame(frameStart, s);
            frameStart = s;
        }
    }

    private void frame(long from, long to) {
        long now = clock.getAsLong();
        if (frames.watched() && now - lastFrameNanos >= TracesView.MIN_FRAME_NANOS) {
            lastFrameNanos = now;
            StringBuilder b = json;
            b.setLength(0);
            b.append("{\"view\":\"raster\",\"node\":\"")
                    .append(TracesView.escape(node))
                    .append("\",\"stream\":\"")
                    .append(TracesView.escape(stream))
                    .append("\",\"rows\":")
                    .append(rows)
                    .append(",\"t0\":")
                    .append(from / rate)
                    .append(",\"t1\":")
                    .append(to / rate)
                    .append(",\"overflow\":")
                    .append(overflow)
                    .append(",\"order\":[");
            int[] o = order.order();
            for (int i = 0; i < rows; i++) {
                b.append(i == 0 ? "" : ",").append(o[i]);
            }
            b.append("],\"t\":[");
            for (int i = 0; i < spikes; i++) {
                b.append(i == 0 ? "" : ",").append(Math.round((spikeSample[i] / rate) * 10000) / 10000.0);
            }
            b.append("],\"row\":[");
            for (int i = 0; i < spikes; i++) {
                b.append(i == 0 ? "" : ",").append(spikeRow[i]);
            }
            b.append("]}");
            frames.publish(node, b.toString());
            framesSent++;
        }
        spikes = 0;
        overflow = 0;
    }

    long framesSent() {
        return framesSent;
    }
}
