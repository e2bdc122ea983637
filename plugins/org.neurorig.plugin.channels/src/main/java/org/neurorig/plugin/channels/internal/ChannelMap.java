package org.neurorig.plugin.channels.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.plugin.filter.ChannelListParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code channels.map}: applies a probe map to a dense stream — optionally gives every input
 * channel its probe position, puts the channels in a listed order (a permutation: every channel
 * exactly once), then sorts them stably by a coordinate (depth order), and optionally renames the
 * output channels. Samples are only moved, never changed; the kind is kept. The map is fixed at
 * {@code prepare}; every rule is checked there with the key and value at fault.
 */
@Designate(ocd = ChannelMapConfig.class, factory = true)
@Component(
        name = "channels.map",
        configurationPid = "channels.map",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "channels.map",
        outputs = "out:=@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32, Kind.MATRIX_F32},
        maxInputs = 1)
public final class ChannelMap implements Processor {
    private final String order;
    private final String positions;
    private final String sortBy;
    private final String names;
    private int[] pick;
    private int inChannels;

    @Activate
    public ChannelMap(ChannelMapConfig config) {
        order = blankToEmpty(config.channels());
        positions = blankToEmpty(config.positions());
        names = blankToEmpty(config.names());
        sortBy = config.sortBy() == null ? "none" : config.sortBy();
        if (!List.of("none", "x", "y").contains(sortBy)) {
            throw new IllegalArgumentException("sortBy '" + sortBy + "' must be none, x or y");
        }
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
        StreamSpec in = inputs.get(0);
        int n = in.channelCount();
        List<ChannelInfo> placed = new ArrayList<>(in.channels());
        if (!positions.isEmpty()) {
            String[] sites = positions.split(";");
            if (sites.length != n) {
                throw new IllegalArgumentException(
                        "positions lists " + sites.length + " sites but the input has " + n + " channels");
            }
            for (int c = 0; c < n; c++) {
                String[] xy = sites[c].trim().split("[\\s,]+");
                double x;
                double y;
                try {
                    x = Double.parseDouble(xy[0]);
                    y = xy.length == 2 ? Double.parseDouble(xy[1]) : Double.NaN;
                } catch (NumberFormatException e) {
                    y = Double.NaN;
                    x = Double.NaN;
                }
                if (xy.length != 2 || !Double.isFinite(x) || !Double.isFinite(y)) {
                    throw new IllegalArgumentException(
                            "positions: site " + c + " '" + sites[c].trim() + "' must be two numbers 'x y' (µm)");
                }
                ChannelInfo ch = placed.get(c);
                placed.set(c, new ChannelInfo(ch.name(), ch.units(), ch.bitVolts(), x, y));
            }
        }
        Integer[] map;
        if (order.isEmpty()) {
            map = new Integer[n];
            for (int c = 0; c < n; c++) {
                map[c] = c;
            }
        } else {
            int[] listed = ChannelListParser.parse("channels", order, in.channels());
            boolean[] seen = new boolean[n];
            for (int c : listed) {
                if (seen[c]) {
                    throw new IllegalArgumentException("channels: channel " + c + " ("
                            + in.channels().get(c).name()
                            + ") is listed twice; a map moves every channel once (channels.select may repeat)");
                }
                seen[c] = true;
            }
            for (int c = 0; c < n; c++) {
                if (!seen[c]) {
                    throw new IllegalArgumentException("channels: channel " + c + " ("
                            + in.channels().get(c).name()
                            + ") is missing; a map lists every channel (channels.select drops channels)");
                }
            }
            map = Arrays.stream(listed).boxed().toArray(Integer[]::new);
        }
        if (!sortBy.equals("none")) {
            boolean byY = sortBy.equals("y");
            for (int c = 0; c < n; c++) {
                if (!placed.get(c).hasPosition()) {
                    throw new IllegalArgumentException("sortBy " + sortBy + ": channel " + c + " ("
                            + placed.get(c).name() + ") has no probe position; give positions");
                }
            }
            Arrays.sort(
                    map,
                    Comparator.comparingDouble(
                            c -> byY ? placed.get(c).y() : placed.get(c).x())); // stable
        }
        List<ChannelInfo> out = new ArrayList<>(n);
        for (int c : map) {
            out.add(placed.get(c));
        }
        if (!names.isEmpty()) {
            String[] given = names.split(",");
            if (given.length != n) {
                throw new IllegalArgumentException(
                        "names lists " + given.length + " names but the input has " + n + " channels");
            }
            for (int j = 0; j < n; j++) {
                ChannelInfo ch = out.get(j);
                String name = given[j].trim();
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("names: entry " + j + " is empty");
                }
                out.set(j, new ChannelInfo(name, ch.units(), ch.bitVolts(), ch.x(), ch.y()));
            }
        }
        pick = Arrays.stream(map).mapToInt(Integer::intValue).toArray();
        inChannels = n;
        return List.of(in.toBuilder().name("out").channels(out).build());
    }

    /** Output column j holds input channel {@code order()[j]}. */
    public int[] order() {
        return pick.clone();
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        Block o = out.block(0);
        o.copyTimingFrom(in);
        o.setSampleCount(in.sampleCount());
        ChannelSelect.copy(in, o, pick, inChannels);
        out.emit(0);
    }
}
