package org.neurorig.net.internal;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeType;
import org.neurorig.api.Sink;
import org.neurorig.api.StreamSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code net.send}: the end of an edge on the producing host. The coordinator adds one per stream
 * and consuming host when it splits a pipeline over its hosts; a file may name it too. Never slows
 * its producer: blocks wait in the edge's buffer for the receiver.
 */
@Designate(ocd = SendNodeConfig.class, factory = true)
@Component(
        name = "net.send",
        configurationPid = "net.send",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Sink.class)
@NodeType(type = "net.send", maxInputs = 1)
public final class SendNode implements Sink {
    @Reference
    NetContext net;

    private SendNodeConfig config;
    private EdgeSender sender;
    private EdgeStats stats;

    @Activate
    void activate(SendNodeConfig c) {
        config = c;
    }

    @Override
    public void prepare(List<StreamSpec> inputs, NodeContext ctx) {
        close();
        stats = EdgeStats.register(ctx.nodeName(), config.bind(), true);
        sender = new EdgeSender(net.zmq(), config.bind(), inputs.get(0), config.bufferBlocks(), stats, net.security());
    }

    @Override
    public void accept(Block in) {
        sender.offer(in);
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.close(config.drainMillis());
            sender = null;
        }
        if (stats != null) {
            stats.unregister();
            stats = null;
        }
    }
}
