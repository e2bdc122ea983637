package org.neurorig.plugin.models.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.neurorig.api.Block;
import org.neurorig.api.Emitter;
import org.neurorig.api.Source;
import org.neurorig.api.StreamSpec;
import org.neurorig.api.host.BlockStamp;
import org.neurorig.testkit.TestContext;

/**
 * Runs a source (pace fast, a limited length) and hands each emitted block to a consumer as it
 * comes, so that long simulations need no memory for their output.
 */
final class SourceFeed implements Emitter {
    private final List<Block> blocks = new ArrayList<>();
    private final BiConsumer<Integer, Block> consumer;
    final List<StreamSpec> specs;
    private final Source source;

    SourceFeed(Source source, BiConsumer<Integer, Block> consumer) throws Exception {
        this.source = source;
        this.consumer = consumer;
        this.specs = source.open(new TestContext("sim"));
        for (StreamSpec s : specs) {
            blocks.add(Block.forSpec(s));
        }
    }

    @Override
    public Block block(int port) {
        return blocks.get(port);
    }

    @Override
    public void emit(int port) {
        Block b = blocks.get(port);
        BlockStamp.input(b, port);
        consumer.accept(port, b);
        b.clear();
    }

    /** Reads until {@code idle} reads in a row produce nothing (the source ran to its limit). */
    void run(int idle) throws Exception {
        int quiet = 0;
        while (quiet < idle) {
            quiet = source.read(this) == 0 ? quiet + 1 : 0;
        }
        source.close();
    }
}
