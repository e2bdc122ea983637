package org.neurorig.bench.internal;

import org.neurorig.api.Block;
import org.neurorig.api.NodeType;
import org.neurorig.api.Sink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code bench.faulty}: a sink that throws {@code IllegalStateException("injected failure at block
 * N")} on every {@code failEvery}-th block since activation, so that {@code neurorig bench soak} keeps
 * the runtime's fault isolation busy with the distribution alone (the {@code test.faulty} fixture
 * ships with the tests only). {@code failEvery} is not taken live: changing it makes SCR re-create
 * the node, which the soak uses as a hot-swap.
 */
@Designate(ocd = FaultySinkConfig.class, factory = true)
@Component(
        name = "bench.faulty",
        configurationPid = "bench.faulty",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(type = "bench.faulty")
public final class FaultySink implements Sink {
    private final int failEvery;
    private long blocks;

    @Activate
    public FaultySink(FaultySinkConfig c) {
        if (c.failEvery() < 0) {
            throw new IllegalArgumentException(
                    "bench.faulty: failEvery must be >= 0 (0 = never), got " + c.failEvery());
        }
        failEvery = c.failEvery();
    }

    @Override
    public void accept(Block in) {
        blocks++;
        if (failEvery > 0 && blocks % failEvery == 0) {
            throw new IllegalStateException("injected failure at block " + blocks);
        }
    }
}
