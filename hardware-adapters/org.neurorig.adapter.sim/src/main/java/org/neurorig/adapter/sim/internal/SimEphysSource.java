package org.neurorig.adapter.sim.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * {@code sim.ephys}: Neuropixels-like probes with known ground truth. Port {@code ap} carries
 * 384 channels per probe at 30 kHz int16 (0.195 µV per count, probe geometry in each channel),
 * background noise plus the spikes of {@code units} units per probe; {@code lfp} the same channels
 * at 2.5 kHz (1/f noise plus theta); {@code ttl} a 1 Hz sync square wave (rising edge every
 * 30,000 samples, falling edge half-way) as events numbered in AP samples. With several probes
 * their channels are concatenated (probe p's channel c is channel 384·p + c), so each port stays
 * one stream on one clock. The signal depends only on {@code seed} and the configuration, never
 * on the block size or pace. Nothing is allocated per block except when a ground-truth spike list
 * doubles.
 */
@Designate(ocd = SimEphysSourceConfig.class, factory = true)
@Component(
        name = "sim.ephys",
        configurationPid = "sim.ephys",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
@NodeType(
        type = "sim.ephys",
        outputs = {"ap:CONTINUOUS_I16@30000", "lfp:CONTINUOUS_I16@2500", "ttl:EVENTS@30000"},
        paths = "groundTruth",
        // 384 AP channels per probe: a block stays within 23 MB, far below the wire's frame limit
        constraints = {"probes * blockSamples <= 30000", "fixed: probes, blockSamples"})
public final class SimEphysSource implements Source {
    static final double AP_RATE = 30_000;
    static final double LFP_RATE = 2_500;
    /** AP samples per LFP sample. */
    static final int LFP_DECIMATION = 12;

    static final double BIT_VOLTS = 0.195;
    /** Half a period of the 1 Hz sync wave, in AP samples. */
    static final long SYNC_HALF_PERIOD = 15_000;

    static final int MAX_BLOCKS_PER_READ = 100;

    private SimEphysSourceConfig config;
    private NodeContext context;
    private EphysProbe[] probes;
    private List<EphysUnit> allUnits;
    private EphysGroundTruth truth;
    private int channels;
    private FramePacer pacer;
    private final FramePacer.BlockWriter writer = this::emitBlock;

    @Activate
    void activate(SimEphysSourceConfig c) {
        if (c.probes() < 1 || c.probes() > 16) {
            throw new IllegalArgumentException("sim.ephys: probes must be 1..16, got " + c.probes());
        }
        if (c.units() < 0 || c.units() > 1000) {
            throw new IllegalArgumentException("sim.ephys: units must be 0..1000 per probe, got " + c.units());
        }
        if (c.blockSamples() < 1 || c.blockSamples() > 30_000) {
            throw new IllegalArgumentException("sim.ephys: blockSamples must be 1..30000, got " + c.blockSamples());
        }
        if (!c.pace().equals("realtime") && !c.pace().equals("fast")) {
            throw new IllegalArgumentException("sim.ephys: pace must be realtime or fast, got '" + c.pace() + "'");
        }
        if (!(c.noiseUv() >= 0) || c.noiseUv() > 1000) {
            throw new IllegalArgumentException("sim.ephys: noiseUv must be 0..1000 uV, got " + c.noiseUv());
        }
        if (c.samples() < 0) {
            throw new IllegalArgumentException("sim.ephys: samples must be >= 0 (0 = unlimited), got " + c.samples());
        }
        this.config = c;
    }

    @Override
    public List<StreamSpec> open(NodeContext ctx) throws IOException {
        SimEphysSourceConfig c = config;
        context = ctx;
        probes = new EphysProbe[c.probes()];
        allUnits = new ArrayList<>();
        for (int p = 0; p < probes.length; p++) {
            probes[p] = new EphysProbe(p, c.units(), c.seed(), c.noiseUv(), AP_RATE, LFP_RATE, BIT_VOLTS);
            allUnits.addAll(List.of(probes[p].units));
        }
        channels = probes.length * EphysProbe.CHANNELS;
        int blockSamples = c.blockSamples();
        boolean realtime = c.pace().equals("realtime");
        // Fast pace: one block per read, a block of 384 channels per probe being work enough.
        // The clock starts at the first read, not here: the runtime wires the pipeline between the
        // two, and a clock started at open() would make the first read catch up on that time in a burst.
        pacer = new FramePacer(
                AP_RATE,
                realtime,
                blockSamples,
                c.samples() > 0 ? c.samples() : Long.MAX_VALUE,
                realtime ? MAX_BLOCKS_PER_READ : 1);
        String gt = c.groundTruth() == null ? "" : c.groundTruth().trim();
        truth = gt.isEmpty()
                ? null
                : new EphysGroundTruth(
                        Path.of(gt), allUnits, new EphysGroundTruth.Ephys(c.seed(), probes.length, AP_RATE, BIT_VOLTS));
        if (truth != null) {
            truth.write(0, false); // fail at open, not at close, when the path is unusable
        }
        List<ChannelInfo> info = new ArrayList<>(channels);
        for (EphysProbe p : probes) {
            for (int ch = 0; ch < EphysProbe.CHANNELS; ch++) {
                String name = probes.length == 1 ? "CH" + ch : "P" + p.index + "CH" + ch;
                info.add(new ChannelInfo(name, "uV", BIT_VOLTS, p.x[ch], p.y[ch]));
            }
        }
        String node = ctx.nodeName();
        int lfpBlock = blockSamples / LFP_DECIMATION + 1;
        // at most two edges per half period, plus the ends
        int ttlBlock = (int) (blockSamples / SYNC_HALF_PERIOD) + 2;
        return List.of(
                StreamSpec.builder("ap", Kind.CONTINUOUS_I16)
                        .channels(info)
                        .sampleRate(AP_RATE)
                        .blockSamples(blockSamples)
                        .source(node)
                        .build(),
                StreamSpec.builder("lfp", Kind.CONTINUOUS_I16)
                        .channels(info)
                        .sampleRate(LFP_RATE)
                        .blockSamples(lfpBlock)
                        .source(node)
                        .build(),
                StreamSpec.builder("ttl", Kind.EVENTS)
                        .channels(List.of(ChannelInfo.of("SYNC", "", 1)))
                        .sampleRate(AP_RATE)
                        .blockSamples(ttlBlock)
                        .source(node)
                        .build());
    }

    @Override
    public int read(Emitter out) throws InterruptedException {
        return pacer.read(out, writer);
    }

    private void emitBlock(Emitter out, long first, int count, boolean last) throws InterruptedException {
        long end = first + count;
        long acq = pacer.acqTimeNanos(first);

        Block ap = out.block(0);
        ap.setFirstSample(first);
        ap.setAcqTimeNanos(acq);
        ap.setSampleCount(count);
        short[] d = ap.i16();
        for (EphysProbe p : probes) {
            p.fillAp(d, channels, first, count, truth);
        }
        if (last) {
            ap.setFlags(ap.flags() | Block.FLAG_END_OF_STREAM);
        }
        out.emit(0);

        // LFP sample k is taken at AP sample 12·k
        long k0 = (first + LFP_DECIMATION - 1) / LFP_DECIMATION;
        long k1 = (end + LFP_DECIMATION - 1) / LFP_DECIMATION;
        if (k1 > k0) {
            Block lfp = out.block(1);
            lfp.setFirstSample(k0);
            lfp.setAcqTimeNanos(pacer.acqTimeNanos(k0, LFP_RATE));
            lfp.setSampleCount((int) (k1 - k0));
            short[] l = lfp.i16();
            for (EphysProbe p : probes) {
                p.fillLfp(l, channels, k0, (int) (k1 - k0));
            }
            if (last) {
                lfp.setFlags(lfp.flags() | Block.FLAG_END_OF_STREAM);
            }
            out.emit(1);
        }

        long edge = (first + SYNC_HALF_PERIOD - 1) / SYNC_HALF_PERIOD * SYNC_HALF_PERIOD;
        if (edge < end || last) {
            Block ttl = out.block(2);
            // items are numbered in AP samples; the block's timing is the AP block's
            ttl.setFirstSample(first);
            ttl.setAcqTimeNanos(acq);
            for (; edge < end; edge += SYNC_HALF_PERIOD) {
                ttl.addEvent(edge, 0, (edge / SYNC_HALF_PERIOD) % 2 == 0 ? 1 : 0, null);
            }
            if (last) {
                ttl.setFlags(ttl.flags() | Block.FLAG_END_OF_STREAM);
            }
            out.emit(2);
        }
    }

    @Override
    public void close() throws IOException {
        if (truth != null) {
            truth.close(pacer.next(), context);
        }
    }

    /** The simulated units, in ground-truth order (for tests and the benchmark). */
    List<EphysUnit> units() {
        return allUnits;
    }

    /** Background noise of stream channel {@code ch}, µV rms (for tests). */
    double noiseUv(int ch) {
        return probes[ch / EphysProbe.CHANNELS].noiseUv(ch % EphysProbe.CHANNELS, BIT_VOLTS);
    }
}
