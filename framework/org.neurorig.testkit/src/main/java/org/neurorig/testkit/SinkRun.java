package org.neurorig.testkit;

import java.util.List;
import org.neurorig.api.Block;
import org.neurorig.api.Sink;
import org.neurorig.api.host.BlockStamp;

/** A prepared sink: feed it blocks. Made by {@link Harness#sink}. */
public final class SinkRun {
    private final Sink sink;
    private final TestContext context;

    SinkRun(Sink sink, TestContext context) {
        this.sink = sink;
        this.context = context;
    }

    /** Hands one block to {@code accept}. */
    public SinkRun feed(Block in) {
        long before = Blocks.fingerprint(in);
        try {
            sink.accept(in);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("sink " + Harness.nameOf(sink) + " failed on " + in, e);
        }
        Blocks.checkUnchanged(before, in, "sink", sink);
        return this;
    }

    /** Sets the block's input index (its position in the prepared inputs), then feeds it. */
    public SinkRun feed(int input, Block in) {
        BlockStamp.input(in, input);
        return feed(in);
    }

    /** Feeds the blocks in order. */
    public SinkRun feedAll(List<Block> in) {
        for (Block b : in) {
            feed(b);
        }
        return this;
    }

    /** Calls {@code close()} on the sink. */
    public SinkRun close() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("sink " + Harness.nameOf(sink) + " failed in close()", e);
        }
        return this;
    }

    /** The status reports of the sink. */
    public TestContext context() {
        return context;
    }
}
