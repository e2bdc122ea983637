package org.neurorig.plugin.filter.internal;

import java.util.ArrayList;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;
import org.neurorig.api.Processor;
import org.neurorig.api.Stateful;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.SosFilterBank;

/**
 * What the IIR filter nodes (Butterworth, notch) share: int16 (scaled by bitVolts) or float input, float output,
 * a {@link SosFilterBank} built in {@code prepare}, live cut-off changes, state kept across blocks
 * and across a hot-swap. Subclasses only say how to design their sections from the config.
 */
abstract class SosFilterNode implements Processor, Stateful {
    private volatile boolean redesign;
    private double rate;
    private SosFilterBank bank;
    private double[] scale;
    private boolean int16;
    private NodeContext context;
    private long reportedNonFinite;

    /** Sections for the current configuration; throws IllegalArgumentException naming the key. */
    abstract double[][] design(double sampleRate);

    /** Call from {@code @Modified}: the new cut-offs take effect at the next block, state kept. */
    final void configurationChanged() {
        redesign = true;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext ctx) {
        StreamSpec in = inputs.get(0);
        double[][] sos = design(in.sampleRate());
        int n = in.channelCount();
        rate = in.sampleRate();
        int16 = in.kind() == Kind.CONTINUOUS_I16;
        bank = new SosFilterBank(sos, Math.max(n, 1));
        scale = new double[Math.max(n, 1)];
        List<ChannelInfo> out = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            ChannelInfo ch = in.channels().get(c);
            scale[c] = int16 ? ch.bitVolts() : 1.0;
            out.add(new ChannelInfo(ch.name(), ch.units(), 1.0, ch.x(), ch.y()));
        }
        context = ctx;
        redesign = false;
        return List.of(in.toBuilder()
                .name("out")
                .kind(Kind.CONTINUOUS_F32)
                .channels(out)
                .build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        if (redesign) {
            applyRedesign();
        }
        if ((in.flags() & Block.FLAG_DISCONTINUITY) != 0) {
            bank.reset(); // the old state belongs to samples that are not adjacent to these
        }
        Block o = out.block(0);
        int n = in.sampleCount();
        o.copyTimingFrom(in);
        o.setSampleCount(n);
        if (int16) {
            bank.filter(in.i16(), 0, scale, o.f32(), 0, n);
        } else {
            bank.filter(in.f32(), 0, o.f32(), 0, n);
        }
        if (bank.nonFiniteCount() > 2 * reportedNonFinite) { // report doublings only: no per-block strings
            reportNonFinite();
        }
        out.emit(0);
    }

    private void applyRedesign() {
        redesign = false;
        double[][] sos = design(rate);
        if (sos.length == bank.sections()) {
            bank.setCoefficients(sos);
        } else {
            bank = new SosFilterBank(sos, bank.channels()); // order changed: state cannot carry over
        }
    }

    private void reportNonFinite() {
        reportedNonFinite = bank.nonFiniteCount();
        if (context != null) {
            context.status(NodeStatus.OK, reportedNonFinite + " NaN/Inf input samples replaced by 0");
        }
    }

    /** Input samples that were NaN or infinite so far. */
    public long nonFiniteCount() {
        return bank == null ? 0 : bank.nonFiniteCount();
    }

    @Override
    public byte[] snapshot() {
        if (bank == null) {
            throw new IllegalStateException("snapshot before prepare");
        }
        return bank.snapshot();
    }

    @Override
    public void restore(byte[] state) {
        if (bank == null) {
            throw new IllegalStateException("restore before prepare");
        }
        bank.restore(state);
    }
}
