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
 * {@code sim.twophoton}: two-photon imaging of a mouse running through textured virtual corridors
 * (SCIENCE §4). Ports: {@code dff} (CONTINUOUS_F32, ΔF/F of every neuron, {@link CalciumPopulation}),
 * {@code behaviour} (MATRIX_F32: position, speed, lick, reward, corridor; {@link CorridorBehaviour}),
 * {@code trials} (EVENTS: the texture's name at corridor entry and exit) and {@code f} (CONTINUOUS_F32,
 * the raw fluorescence that ΔF/F came from, {@link Fluorescence}), all on the frame
 * clock, one frame per block; {@code trials} sends its block every frame, empty when nothing
 * happened, so that a consumer aligning frames with trials knows the frame is complete. A fraction of neurons is selective for one texture with a known d',
 * some ramp up towards the reward; others carry planted structure to check sorting against: a
 * sequence of place fields tiling the corridor ({@link PlaceFields}) and assemblies that fire
 * together ({@link Assemblies}). The output depends only on {@code seed} and the configuration.
 */
@Designate(ocd = SimTwoPhotonSourceConfig.class, factory = true)
@Component(
        name = "sim.twophoton",
        configurationPid = "sim.twophoton",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
@NodeType(
        type = "sim.twophoton",
        outputs = {
            "dff:CONTINUOUS_F32@config:rateHz",
            "behaviour:MATRIX_F32@config:rateHz",
            "trials:EVENTS@config:rateHz",
            "f:CONTINUOUS_F32@config:rateHz"
        },
        paths = "groundTruth",
        constraints = "fixed: neurons")
public final class SimTwoPhotonSource implements Source {
    static final int MAX_BLOCKS_PER_READ = 10;
    static final String[] BEHAVIOUR = {"position", "speed", "lick", "reward", "corridor"};
    static final String[] BEHAVIOUR_UNITS = {"cm", "cm/s", "", "", ""};

    private SimTwoPhotonSourceConfig config;
    private NodeContext context;
    private List<String> textures;
    private int rewarded;
    private CalciumPopulation population;
    private Fluorescence fluorescence;
    private PlaceFields placeFields;
    private Assemblies assemblies;
    private Assemblies.EventLog events;
    private CorridorBehaviour mouse;
    private TwoPhotonGroundTruth truth;
    private FramePacer pacer;
    private final FramePacer.BlockWriter writer = this::emitFrame;

    @Activate
    void activate(SimTwoPhotonSourceConfig c) {
        if (c.neurons() < 1000 || c.neurons() > 100_000) {
            throw new IllegalArgumentException("sim.twophoton: neurons must be 1000..100000, got " + c.neurons());
        }
        if (!(c.rateHz() >= 3 && c.rateHz() <= 30)) {
            throw new IllegalArgumentException("sim.twophoton: rateHz must be 3..30, got " + c.rateHz());
        }
        List<String> t = new ArrayList<>();
        for (String s : (c.textures() == null ? "" : c.textures()).split(",")) {
            if (!s.isBlank()) {
                t.add(s.trim());
            }
        }
        if (t.size() < 2 || t.stream().distinct().count() != t.size()) {
            throw new IllegalArgumentException("sim.twophoton: textures must name at least two distinct textures,"
                    + " got '" + c.textures() + "'");
        }
        String r = c.rewardTexture() == null ? "" : c.rewardTexture().trim();
        if (!r.isEmpty() && !t.contains(r)) {
            throw new IllegalArgumentException("sim.twophoton: rewardTexture '" + r + "' is not one of textures " + t);
        }
        if (!(c.selectiveFraction() >= 0 && c.rampFraction() >= 0 && c.selectiveFraction() + c.rampFraction() <= 1)) {
            throw new IllegalArgumentException("sim.twophoton: selectiveFraction and rampFraction must be >= 0 and"
                    + " sum to at most 1, got " + c.selectiveFraction() + " and " + c.rampFraction());
        }
        if (!(c.sequenceFraction() >= 0 && c.sequenceFraction() <= 1)) {
            throw new IllegalArgumentException(
                    "sim.twophoton: sequenceFraction must be 0..1, got " + c.sequenceFraction());
        }
        if (c.assemblies() < 0 || c.assemblies() > 50_000 || c.assemblySize() < 2) {
            throw new IllegalArgumentException("sim.twophoton: assemblies must be 0..50000 and assemblySize at least 2,"
                    + " got " + c.assemblies() + " and " + c.assemblySize());
        }
        // planted neurons are disjoint from each other and from the selective and ramping ones
        int roles = CalciumPopulation.roles(c.neurons(), c.selectiveFraction(), c.rampFraction());
        long planted = (long) roles + placeNeurons(c) + (long) c.assemblies() * c.assemblySize();
        if (planted > c.neurons()) {
            throw new IllegalArgumentException("sim.twophoton: planted neurons do not fit: " + roles
                    + " selective and ramping + " + placeNeurons(c) + " place (sequenceFraction "
                    + c.sequenceFraction() + ") + " + c.assemblies() + " assemblies × assemblySize "
                    + c.assemblySize() + " = " + planted + ", more than neurons " + c.neurons());
        }
        if (!(c.dPrime() >= 0 && c.dPrime() <= 10)) {
            throw new IllegalArgumentException("sim.twophoton: dPrime must be 0..10, got " + c.dPrime());
        }
        if (!c.pace().equals("realtime") && !c.pace().equals("fast")) {
            throw new IllegalArgumentException("sim.twophoton: pace must be realtime or fast, got '" + c.pace() + "'");
        }
        if (c.frames() < 0) {
            throw new IllegalArgumentException("sim.twophoton: frames must be >= 0 (0 = unlimited), got " + c.frames());
        }
        this.textures = List.copyOf(t);
        this.rewarded = r.isEmpty() ? -1 : t.indexOf(r);
        this.config = c;
    }

    private static int placeNeurons(SimTwoPhotonSourceConfig c) {
        return (int) Math.round(c.sequenceFraction() * c.neurons());
    }

    @Override
    public List<StreamSpec> open(NodeContext ctx) throws IOException {
        SimTwoPhotonSourceConfig c = config;
        context = ctx;
        population = new CalciumPopulation(
                c.neurons(),
                c.rateHz(),
                textures.size(),
                c.selectiveFraction(),
                c.dPrime(),
                c.rampFraction(),
                c.seed());
        fluorescence = new Fluorescence(c.neurons(), c.rateHz(), c.seed());
        // planted structure draws from its own generators: the other neurons keep their parameters
        int places = placeNeurons(c);
        placeFields = new PlaceFields(
                population.unassigned, places, CorridorBehaviour.CORRIDOR_CM, c.rateHz(), c.seed() * 31 + 13);
        assemblies = new Assemblies(
                population.unassigned, places, c.assemblies(), c.assemblySize(), c.rateHz(), c.seed() * 31 + 17);
        mouse = new CorridorBehaviour(textures.size(), rewarded, c.rateHz(), c.seed() * 31 + 3);
        String gt = c.groundTruth() == null ? "" : c.groundTruth().trim();
        truth = gt.isEmpty()
                ? null
                : new TwoPhotonGroundTruth(
                        Path.of(gt),
                        population,
                        fluorescence,
                        placeFields,
                        assemblies,
                        textures,
                        new TwoPhotonGroundTruth.Header(c.seed(), rewarded < 0 ? "" : textures.get(rewarded)));
        if (truth != null) {
            truth.write(0, false); // fail at open, not at close, when the path is unusable
        }
        events = truth != null ? truth : Assemblies.NONE;
        List<ChannelInfo> cells = new ArrayList<>(c.neurons());
        for (int i = 0; i < c.neurons(); i++) {
            cells.add(ChannelInfo.of("N" + i, "dF/F", 1));
        }
        List<ChannelInfo> raw = new ArrayList<>(c.neurons());
        for (int i = 0; i < c.neurons(); i++) {
            raw.add(ChannelInfo.of("N" + i, "a.u.", 1));
        }
        List<ChannelInfo> b = new ArrayList<>();
        for (int i = 0; i < BEHAVIOUR.length; i++) {
            b.add(ChannelInfo.of(BEHAVIOUR[i], BEHAVIOUR_UNITS[i], 1));
        }
        List<ChannelInfo> lines = new ArrayList<>();
        for (String t : textures) {
            lines.add(ChannelInfo.of(t, "", 1));
        }
        String node = ctx.nodeName();
        pacer = new FramePacer(
                c.rateHz(),
                c.pace().equals("realtime"),
                1,
                c.frames() > 0 ? c.frames() : Long.MAX_VALUE,
                MAX_BLOCKS_PER_READ);
        pacer.start();
        return List.of(
                StreamSpec.builder("dff", Kind.CONTINUOUS_F32)
                        .channels(cells)
                        .sampleRate(c.rateHz())
                        .blockSamples(1)
                        .source(node)
                        .build(),
                StreamSpec.builder("behaviour", Kind.MATRIX_F32)
                        .channels(b)
                        .sampleRate(c.rateHz())
                        .blockSamples(1)
                        .source(node)
                        .build(),
                StreamSpec.builder("trials", Kind.EVENTS)
                        .channels(lines)
                        .sampleRate(c.rateHz())
                        .blockSamples(2)
                        .source(node)
                        .build(),
                StreamSpec.builder("f", Kind.CONTINUOUS_F32)
                        .channels(raw)
                        .sampleRate(c.rateHz())
                        .blockSamples(1)
                        .source(node)
                        .build());
    }

    @Override
    public int read(Emitter out) throws InterruptedException {
        return pacer.read(out, writer);
    }

    /** Frame {@code f} on every port (one frame per block: {@code count} is 1). */
    private void emitFrame(Emitter out, long f, int count, boolean last) throws InterruptedException {
        long acq = pacer.acqTimeNanos(f);
        CorridorBehaviour m = mouse;
        m.step(f);

        Block trials = out.block(2);
        if (m.exited) {
            trials.addEvent(f, m.trialTexture, 0, textures.get(m.trialTexture));
            if (truth != null) {
                truth.exited(f);
            }
        }
        if (m.entered) {
            trials.addEvent(f, m.trialTexture, 1, textures.get(m.trialTexture));
            if (truth != null) {
                truth.entered(m.trialTexture, f);
            }
        }
        if (m.reward && truth != null) {
            truth.rewarded(f);
        }

        Block dff = out.block(0);
        dff.setFirstSample(f);
        dff.setAcqTimeNanos(acq);
        dff.setSampleCount(1);
        placeFields.excite(population, m.corridor >= 0, m.position);
        assemblies.excite(population, f, events);
        population.frame(m.corridor, (float) m.ramp(), dff.f32());
        Block raw = out.block(3);
        raw.setFirstSample(f);
        raw.setAcqTimeNanos(acq);
        raw.setSampleCount(1);
        fluorescence.frame(f, dff.f32(), raw.f32());
        FramePacer.emit(out, 0, last);
        FramePacer.emit(out, 3, last);

        Block b = out.block(1);
        b.setFirstSample(f);
        b.setAcqTimeNanos(acq);
        b.setSampleCount(1);
        float[] bd = b.f32();
        bd[0] = (float) m.position;
        bd[1] = (float) m.speed;
        bd[2] = m.lick ? 1 : 0;
        bd[3] = m.reward ? 1 : 0;
        bd[4] = m.corridor;
        FramePacer.emit(out, 1, last);

        // sent even when empty: the block says "frame f has no more trial events" (WIRE.md §4)
        trials.setFirstSample(f);
        trials.setAcqTimeNanos(acq);
        FramePacer.emit(out, 2, last);
    }

    @Override
    public void close() throws IOException {
        if (truth != null) {
            truth.close(pacer.next(), context);
        }
    }

    /** The simulated neurons (for tests and the benchmark). */
    CalciumPopulation population() {
        return population;
    }
}
