package org.neurorig.plugin.filter.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.ChannelInfo;
import org.neurorig.api.Emitter;
import org.neurorig.api.Kind;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
import org.neurorig.api.Processor;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.numeric.Median;
import org.neurorig.plugin.filter.ChannelListParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code filter.car}: common average (or median) referencing. For every sample and group the
 * mean/median over the group's good channels is subtracted from all of the group's channels.
 * int16 input is scaled to µV first; output is float.
 */
@Designate(ocd = CommonReferenceConfig.class, factory = true)
@Component(
        name = "filter.car",
        configurationPid = "filter.car",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "filter.car",
        outputs = "out:CONTINUOUS_F32@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32},
        maxInputs = 1)
public final class CommonReference implements Processor {
    private final CommonReferenceConfig config;
    private final boolean median;
    private int channels;
    private boolean int16;
    private float[] scale;
    /** Per group: all member channels, then the good ones that form the reference. */
    private int[][] members;

    private int[][] reference;
    /**
     * Per group: its first channel when the group is a run of adjacent channels with no bad one (one
     * group per probe, the usual case), else -1. Such a group is averaged and subtracted over a
     * plain index range, which the JIT vectorises; through the index lists it took twice as long.
     */
    private int[] runStart;

    private float[] row;
    private float[] scratch;

    @Activate
    public CommonReference(CommonReferenceConfig config) {
        if (!config.mode().equals("mean") && !config.mode().equals("median")) {
            throw new IllegalArgumentException("mode '" + config.mode() + "' must be mean or median");
        }
        this.config = config;
        this.median = config.mode().equals("median");
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
        StreamSpec in = inputs.get(0);
        List<ChannelInfo> chs = in.channels();
        channels = chs.size();
        boolean[] bad = new boolean[channels];
        for (int c : ChannelListParser.parse("badChannels", config.badChannels(), chs)) {
            bad[c] = true;
        }
        // metatype may hand an unset list over as [""]: blank entries mean "no group given"
        String[] given = config.groups() == null
                ? new String[0]
                : Arrays.stream(config.groups())
                        .filter(g -> g != null && !g.isBlank())
                        .toArray(String[]::new);
        String[] groups = given.length == 0 ? new String[] {channels == 0 ? "" : "0-" + (channels - 1)} : given;
        members = new int[groups.length][];
        reference = new int[groups.length][];
        boolean[] taken = new boolean[channels];
        int largest = 1;
        for (int g = 0; g < groups.length; g++) {
            int[] m = ChannelListParser.parse("groups[" + g + "]", groups[g], chs);
            for (int c : m) {
                if (taken[c]) {
                    throw new IllegalArgumentException(
                            "groups[" + g + "]: channel " + c + " is already in another group");
                }
                taken[c] = true;
            }
            int[] good = Arrays.stream(m).filter(c -> !bad[c]).toArray();
            if (good.length == 0) {
                throw new IllegalArgumentException(
                        "groups[" + g + "] '" + groups[g] + "' has no channel left once badChannels are left out");
            }
            members[g] = m;
            reference[g] = good;
            largest = Math.max(largest, good.length);
        }
        runStart = new int[groups.length];
        for (int g = 0; g < groups.length; g++) {
            runStart[g] = median ? -1 : runStartOf(members[g], reference[g]);
        }
        int16 = in.kind() == Kind.CONTINUOUS_I16;
        scale = new float[Math.max(1, channels)];
        List<ChannelInfo> out = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            ChannelInfo ch = chs.get(c);
            scale[c] = int16 ? (float) ch.bitVolts() : 1f;
            out.add(new ChannelInfo(ch.name(), ch.units(), 1.0, ch.x(), ch.y()));
        }
        row = new float[Math.max(1, channels)];
        scratch = new float[largest];
        return List.of(in.toBuilder()
                .name("out")
                .kind(Kind.CONTINUOUS_F32)
                .channels(out)
                .build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        Block o = out.block(0);
        o.copyTimingFrom(in);
        int n = in.sampleCount();
        o.setSampleCount(n);
        float[] dst = o.f32();
        final int ch = channels;
        for (int s = 0; s < n; s++) {
            int base = s * ch;
            if (int16) {
                short[] a = in.i16();
                for (int c = 0; c < ch; c++) {
                    dst[base + c] = a[base + c] * scale[c];
                }
            } else {
                System.arraycopy(in.f32(), base, dst, base, ch);
            }
            for (int g = 0; g < members.length; g++) {
                int[] m = members[g];
                int from = runStart[g];
                if (from >= 0) {
                    int len = m.length;
                    int at = base + from;
                    float mean = (float) (rowSum(dst, at, len) / len);
                    for (int c = at, end = at + len; c < end; c++) {
                        dst[c] -= mean;
                    }
                } else {
                    float ref = median ? median(dst, base, reference[g]) : mean(dst, base, reference[g]);
                    for (int c : m) {
                        dst[base + c] -= ref;
                    }
                }
            }
        }
        out.emit(0);
    }

    /** The group's first channel if it is adjacent ascending channels, all of them good; else -1. */
    private static int runStartOf(int[] members, int[] good) {
        if (good.length != members.length) {
            return -1;
        }
        for (int i = 1; i < members.length; i++) {
            if (members[i] != members[0] + i) {
                return -1;
            }
        }
        return members[0];
    }

    /** Sum of x[base..base+n) with four independent accumulators, so the adds overlap. */
    private static double rowSum(float[] x, int base, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int c = 0;
        for (; c + 3 < n; c += 4) {
            s0 += x[base + c];
            s1 += x[base + c + 1];
            s2 += x[base + c + 2];
            s3 += x[base + c + 3];
        }
        for (; c < n; c++) {
            s0 += x[base + c];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static float mean(float[] x, int base, int[] idx) {
        double sum = 0;
        for (int c : idx) {
            sum += x[base + c];
        }
        return (float) (sum / idx.length);
    }

    private float median(float[] x, int base, int[] idx) {
        int n = idx.length;
        for (int i = 0; i < n; i++) {
            scratch[i] = x[base + idx[i]];
        }
        return Median.of(scratch, n);
    }
}
