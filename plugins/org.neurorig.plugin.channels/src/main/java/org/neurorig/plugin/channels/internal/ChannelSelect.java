package org.neurorig.plugin.channels.internal;

import java.util.ArrayList;
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

/** {@code channels.select}: a subset and/or reordering of a dense stream's channels; the kind is kept. */
@Designate(ocd = ChannelSelectConfig.class, factory = true)
@Component(
        name = "channels.select",
        configurationPid = "channels.select",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Processor.class)
@NodeType(
        type = "channels.select",
        outputs = "out:=@=",
        inputs = {Kind.CONTINUOUS_I16, Kind.CONTINUOUS_F32, Kind.MATRIX_F32},
        maxInputs = 1)
public final class ChannelSelect implements Processor {
    private final ChannelSelectConfig config;
    private int[] pick;
    private int inChannels;

    @Activate
    public ChannelSelect(ChannelSelectConfig config) {
        if (config.channels() == null || config.channels().isBlank()) {
            throw new IllegalArgumentException("channels must list at least one channel");
        }
        this.config = config;
    }

    @Override
    public List<StreamSpec> prepare(List<StreamSpec> inputs, NodeContext context) {
        StreamSpec in = inputs.get(0);
        pick = ChannelListParser.parse("channels", config.channels(), in.channels());
        if (pick.length == 0) {
            throw new IllegalArgumentException("channels '" + config.channels() + "' selects nothing");
        }
        inChannels = in.channelCount();
        List<ChannelInfo> out = new ArrayList<>();
        for (int c : pick) {
            out.add(in.channels().get(c));
        }
        return List.of(in.toBuilder().name("out").channels(out).build());
    }

    @Override
    public void process(Block in, Emitter out) throws InterruptedException {
        Block o = out.block(0);
        o.copyTimingFrom(in);
        int n = in.sampleCount();
        o.setSampleCount(n);
        copy(in, o, pick, inChannels);
        out.emit(0);
    }

    /** Copies channel {@code pick[j]} of each input sample to output column j (same kind). */
    static void copy(Block in, Block o, int[] pick, int inChannels) {
        int n = in.sampleCount();
        int k = pick.length;
        if (in.kind() == Kind.CONTINUOUS_I16) {
            short[] a = in.i16();
            short[] b = o.i16();
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < k; j++) {
                    b[s * k + j] = a[s * inChannels + pick[j]];
                }
            }
        } else {
            float[] a = in.f32();
            float[] b = o.f32();
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < k; j++) {
                    b[s * k + j] = a[s * inChannels + pick[j]];
                }
            }
        }
    }
}
