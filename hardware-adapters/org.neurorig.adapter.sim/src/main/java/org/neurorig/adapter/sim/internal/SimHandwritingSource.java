package org.neurorig.adapter.sim.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code sim.handwriting}: an intracortical array (one unit per channel) while a participant writes
 * characters, after SCIENCE §1. Each trial: a marker with the character's name, a hold with the pen
 * still, the strokes of the character (minimum-jerk pen paths, {@link PenTrajectory}), an
 * {@code "end"} marker, then a pen-up move to the next character's start point. Kinematic units are
 * cosine-tuned to pen velocity, feature units to character identity and stroke index
 * ({@link HandwritingUnit}); counts per bin are Poisson at the unit's rate. Ports: {@code counts}
 * (MATRIX_F32, one column per channel), {@code kinematics} (MATRIX_F32: x, y, vx, vy, penDown) and
 * {@code markers} (EVENTS with text, a block every bin, empty when there is no marker, so that
 * consumers aligning bins with markers know the bin is complete), all numbered in bins. One bin
 * per block; the output depends
 * only on {@code seed} and the configuration, never on the pace.
 */
@Designate(ocd = SimHandwritingSourceConfig.class, factory = true)
@Component(
        name = "sim.handwriting",
        configurationPid = "sim.handwriting",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
@NodeType(
        type = "sim.handwriting",
        outputs = {
            "counts:MATRIX_F32@1000/config:binMs",
            "kinematics:MATRIX_F32@1000/config:binMs",
            "markers:EVENTS@1000/config:binMs"
        },
        paths = "groundTruth",
        constraints = "fixed: channels")
public final class SimHandwritingSource implements Source {
    static final int MAX_BLOCKS_PER_READ = 100;
    static final String[] KINEMATICS = {"x", "y", "vx", "vy", "penDown"};
    static final String[] KINEMATIC_UNITS = {"cm", "cm", "cm/s", "cm/s", ""};

    private SimHandwritingSourceConfig config;
    private NodeContext context;
    private final List<Glyph> builtIn = Glyph.builtIn();
    private PenTrajectory[] trajectories;
    private int[] pool;
    private HandwritingUnit[] units;
    private HandwritingGroundTruth truth;
    private SplittableRandom trialRng;
    private SplittableRandom spikeRng;
    private FramePacer pacer;
    private final FramePacer.BlockWriter writer = this::emitBin;
    private double binS;
    private long holdBins;
    private long restBins;
    private final double[] kin = new double[6];

    // the trial cycle: rest (pen-up move from prevX/Y) → marker at start → hold → writing → "end" at end
    private int character;
    private double prevX;
    private double prevY;
    private long restStart;
    private long trialStart;
    private long writeStart;
    private long trialEnd;

    @Activate
    void activate(SimHandwritingSourceConfig c) {
        if (c.channels() < 96 || c.channels() > 192) {
            throw new IllegalArgumentException("sim.handwriting: channels must be 96..192, got " + c.channels());
        }
        if (!(c.featureFraction() >= 0 && c.featureFraction() <= 1)) {
            throw new IllegalArgumentException(
                    "sim.handwriting: featureFraction must be 0..1, got " + c.featureFraction());
        }
        if (!(c.binMs() >= 1 && c.binMs() <= 1000)) {
            throw new IllegalArgumentException("sim.handwriting: binMs must be 1..1000, got " + c.binMs());
        }
        if (!(c.holdMs() >= 0) || !(c.restMs() >= 0)) {
            throw new IllegalArgumentException(
                    "sim.handwriting: holdMs and restMs must be >= 0, got " + c.holdMs() + " and " + c.restMs());
        }
        if (!c.pace().equals("realtime") && !c.pace().equals("fast")) {
            throw new IllegalArgumentException(
                    "sim.handwriting: pace must be realtime or fast, got '" + c.pace() + "'");
        }
        if (c.bins() < 0) {
            throw new IllegalArgumentException("sim.handwriting: bins must be >= 0 (0 = unlimited), got " + c.bins());
        }
        pool = characterPool(c.characters());
        this.config = c;
    }

    private int[] characterPool(String spec) {
        if (spec == null || spec.isBlank()) {
            int[] all = new int[builtIn.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        String[] names = spec.split(",");
        int[] idx = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            String n = names[i].trim();
            idx[i] = -1;
            for (int g = 0; g < builtIn.size(); g++) {
                if (builtIn.get(g).name().equals(n)) {
                    idx[i] = g;
                }
            }
            if (idx[i] < 0) {
                throw new IllegalArgumentException(
                        "sim.handwriting: characters: unknown character '" + n + "'; the built-in set is "
                                + builtIn.stream().map(Glyph::name).collect(Collectors.joining(",")));
            }
        }
        return idx;
    }

    @Override
    public List<StreamSpec> open(NodeContext ctx) throws IOException {
        SimHandwritingSourceConfig c = config;
        context = ctx;
        trajectories = new PenTrajectory[builtIn.size()];
        int maxStrokes = 0;
        for (int g = 0; g < trajectories.length; g++) {
            trajectories[g] = new PenTrajectory(builtIn.get(g));
            maxStrokes = Math.max(maxStrokes, trajectories[g].strokes);
        }
        // which units are feature units: a seeded shuffle, exactly round(fraction · channels) of them
        SplittableRandom rng = new SplittableRandom(c.seed());
        int n = c.channels();
        int[] order = Permutation.random(n, rng);
        boolean[] feature = new boolean[n];
        int features = (int) Math.round(c.featureFraction() * n);
        for (int i = 0; i < features; i++) {
            feature[order[i]] = true;
        }
        units = new HandwritingUnit[n];
        for (int u = 0; u < n; u++) {
            units[u] = feature[u]
                    ? HandwritingUnit.feature(u, rng, builtIn.size(), maxStrokes)
                    : HandwritingUnit.kinematic(u, rng);
        }
        trialRng = new SplittableRandom(c.seed() * 31 + 1);
        spikeRng = new SplittableRandom(c.seed() * 31 + 2);
        binS = c.binMs() / 1000;
        holdBins = Math.round(c.holdMs() / c.binMs());
        restBins = Math.round(c.restMs() / c.binMs());
        character = pool[trialRng.nextInt(pool.length)];
        prevX = trajectories[character].startX();
        prevY = trajectories[character].startY();
        beginCycle(0);

        String gt = c.groundTruth() == null ? "" : c.groundTruth().trim();
        truth = gt.isEmpty()
                ? null
                : new HandwritingGroundTruth(
                        Path.of(gt),
                        List.of(units),
                        List.of(trajectories),
                        new HandwritingGroundTruth.Header(c.seed(), c.binMs(), c.holdMs(), c.restMs()));
        if (truth != null) {
            truth.write(0, false); // fail at open, not at close, when the path is unusable
        }
        double rate = 1000 / c.binMs();
        List<ChannelInfo> ch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ch.add(ChannelInfo.of("CH" + i, "count", 1));
        }
        List<ChannelInfo> k = new ArrayList<>();
        for (int i = 0; i < KINEMATICS.length; i++) {
            k.add(ChannelInfo.of(KINEMATICS[i], KINEMATIC_UNITS[i], 1));
        }
        String node = ctx.nodeName();
        pacer = new FramePacer(
                rate, c.pace().equals("realtime"), 1, c.bins() > 0 ? c.bins() : Long.MAX_VALUE, MAX_BLOCKS_PER_READ);
        pacer.start();
        return List.of(
                StreamSpec.builder("counts", Kind.MATRIX_F32)
                        .channels(ch)
                        .sampleRate(rate)
                        .blockSamples(1)
                        .source(node)
                        .build(),
                StreamSpec.builder("kinematics", Kind.MATRIX_F32)
                        .channels(k)
                        .sampleRate(rate)
                        .blockSamples(1)
                        .source(node)
                        .build(),
                StreamSpec.builder("markers", Kind.EVENTS)
                        .channels(List.of(ChannelInfo.of("TRIAL", "", 1)))
                        .sampleRate(rate)
                        .blockSamples(2)
                        .source(node)
                        .build());
    }

    private void beginCycle(long bin) {
        restStart = bin;
        trialStart = bin + restBins;
        writeStart = trialStart + holdBins;
        trialEnd = writeStart + Math.max(1, (long) Math.ceil(trajectories[character].duration / binS - 1e-9));
    }

    @Override
    public int read(Emitter out) throws InterruptedException {
        return pacer.read(out, writer);
    }

    /** Bin {@code b} on every port (one bin per block: {@code count} is 1). */
    private void emitBin(Emitter out, long b, int count, boolean last) throws InterruptedException {
        long acq = pacer.acqTimeNanos(b);
        Block markers = out.block(2);
        if (b == trialEnd) {
            markers.addEvent(b, 0, 0, "end");
            if (truth != null) {
                truth.trial(character, trialStart, writeStart, trialEnd);
            }
            PenTrajectory done = trajectories[character];
            prevX = done.endX();
            prevY = done.endY();
            character = pool[trialRng.nextInt(pool.length)];
            beginCycle(b);
        }
        PenTrajectory p = trajectories[character];
        if (b < trialStart) {
            PenTrajectory.lift(
                    prevX, prevY, p.startX(), p.startY(), restBins * binS, (b - restStart + 0.5) * binS, kin);
        } else {
            p.sample((b - writeStart + 0.5) * binS, kin);
        }
        if (b == trialStart) {
            markers.addEvent(b, 0, 1, p.glyph.name());
        }
        boolean inTrial = b >= trialStart;

        Block counts = out.block(0);
        counts.setFirstSample(b);
        counts.setAcqTimeNanos(acq);
        counts.setSampleCount(1);
        float[] cd = counts.f32();
        for (int u = 0; u < units.length; u++) {
            cd[u] = poisson(units[u].rate(kin, character, inTrial) * binS);
        }
        FramePacer.emit(out, 0, last);

        Block k = out.block(1);
        k.setFirstSample(b);
        k.setAcqTimeNanos(acq);
        k.setSampleCount(1);
        float[] kd = k.f32();
        for (int i = 0; i < KINEMATICS.length; i++) {
            kd[i] = (float) kin[i];
        }
        FramePacer.emit(out, 1, last);

        // sent even when empty: the block says "bin b has no more markers" (WIRE.md §4)
        markers.setFirstSample(b);
        markers.setAcqTimeNanos(acq);
        FramePacer.emit(out, 2, last);
    }

    /** A Poisson draw of mean {@code mean} (Knuth; means here are below about 3). */
    private int poisson(double mean) {
        double l = StrictMath.exp(-mean);
        int k = 0;
        double prod = spikeRng.nextDouble();
        while (prod > l) {
            k++;
            prod *= spikeRng.nextDouble();
        }
        return k;
    }

    @Override
    public void close() throws IOException {
        if (truth != null) {
            truth.close(pacer.next(), context);
        }
    }

    /** The simulated units (for tests). */
    HandwritingUnit[] units() {
        return units;
    }
}
